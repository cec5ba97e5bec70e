import { hubToday } from '../common/clock';
import type { LocalDate } from '../common/local-date';
import { PARAMETER_NAMES } from './parameter-names';
import { PolicyFileError, type ParameterStore } from './parameter-store';
import { PolicyParameter, type ParameterStatusEnum } from './policy.types';

/** Fails the start when a rule reads a parameter that has no file. */
export function checkEveryParameterHasAFile(store: ParameterStore, folder: string): void {
  const missing = PARAMETER_NAMES.filter((name) => !store.has(name));
  if (missing.length) throw new PolicyFileError(`${folder}: no parameter file for ${missing.join(', ')}`);
}

export class PolicyService {
  constructor(private readonly store: ParameterStore) {}

  parameters(asOf?: LocalDate | null): PolicyParameter[] {
    return this.store
      .allOn(asOf ?? hubToday())
      .map((p) => Object.assign(new PolicyParameter(), { ...p, status: p.status as ParameterStatusEnum }));
  }
}
