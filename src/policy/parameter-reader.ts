import type { LocalDate } from '../common/local-date';
import type { ParameterName } from './parameter-names';
import type { ParameterInForce, ParameterStore } from './parameter-store';

/**
 * What a rule sees of the policy numbers: the values in force on one date. It remembers which
 * ones were read, so every decision lists exactly the parameters it used, with their references.
 */
export class ParameterReader {
  private readonly used = new Map<string, ParameterInForce>();

  constructor(
    private readonly store: ParameterStore,
    readonly asOf: LocalDate,
  ) {}

  get(name: ParameterName): number {
    let entry = this.used.get(name);
    if (!entry) {
      entry = this.store.valueOn(name, this.asOf);
      this.used.set(name, entry);
    }
    return entry.value;
  }

  usedParameters(): ParameterInForce[] {
    return [...this.used.values()];
  }
}
