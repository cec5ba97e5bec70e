import type { LocalDate } from '../common/local-date';
import type { HubLoaders } from '../context/hub-context';
import { ParameterReader } from '../policy/parameter-reader';
import type { ParameterStore } from '../policy/parameter-store';
import type { GatheredFacts } from '../eligibility/facts-gatherer';
import { findingsOf, type Finding } from './findings';

export interface SubjectFindings {
  facts: GatheredFacts;
  findings: Finding[];
}

/**
 * The findings of many persons on `asOf`, from the loaders' batches: the statements do not grow
 * with the number of persons (one batch per loader per thousand keys).
 */
export async function findingsForMany(loaders: HubLoaders, ids: readonly string[], asOf: LocalDate, store: ParameterStore): Promise<Map<string, SubjectFindings>> {
  const [facts, payments] = await Promise.all([
    loaders.eligibility.subjectFacts.loadMany(ids),
    loaders.civilAffairs.temporaryAssistancePayments.loadMany(ids),
  ]);
  const params = new ParameterReader(store, asOf);
  return new Map(
    ids.map((id, i) => {
      const f = facts[i];
      const paid = payments[i];
      if (f instanceof Error) throw f;
      if (paid instanceof Error) throw paid;
      return [id, { facts: f, findings: findingsOf({ ...f, asOf, temporaryAssistancePayments: paid }, params) }];
    }),
  );
}
