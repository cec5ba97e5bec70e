import type { LocalDate } from '../common/local-date';
import type { HubLoaders } from '../context/hub-context';
import { ParameterReader } from '../policy/parameter-reader';
import type { ParameterStore } from '../policy/parameter-store';
import type { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import type { GatheredFacts } from '../eligibility/facts-gatherer';
import { findingsOf, type Finding } from './findings';

export interface SubjectFindings {
  facts: GatheredFacts;
  findings: Finding[];
  /** The person's temporary-assistance payments, which the findings read too. */
  payments: TemporaryAssistancePayment[];
}

/**
 * The findings of many persons on `asOf`, from the loaders' batches: the statements do not grow
 * with the number of persons (one batch per loader per thousand keys).
 */
export async function findingsForMany(loaders: HubLoaders, ids: readonly string[], asOf: LocalDate, store: ParameterStore): Promise<Map<string, SubjectFindings>> {
  const [facts, payments] = await Promise.all([
    loaders.eligibility.subjectFacts.loadMany(ids),
    loaders.civilAffairs.temporaryAssistancePayments.loadAll(ids),
  ]);
  const params = new ParameterReader(store, asOf);
  return new Map(
    ids.map((id, i) => {
      const f = facts[i];
      if (f instanceof Error) throw f;
      const paid = payments.get(id) ?? [];
      // Named rather than spread: this runs for every person of a 10,000-ID cross-check.
      const subject = { person: f.person, household: f.household, membership: f.membership, father: f.father, mother: f.mother, humanResources: f.humanResources, asOf, temporaryAssistancePayments: paid };
      return [id, { facts: f, findings: findingsOf(subject, params), payments: paid }];
    }),
  );
}
