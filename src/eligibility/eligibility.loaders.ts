import DataLoader from 'dataloader';
import type { DepartmentLoaders } from '../context/department-loaders';
import type { HouseholdFacts } from './facts';
import { gatherHouseholdFacts, gatherSubjectFacts, type GatheredFacts } from './facts-gatherer';

export type EligibilityLoaders = ReturnType<typeof createEligibilityLoaders>;

/**
 * Facts for the rules, one gathering per batch of subjects: the eligibility of every person on a
 * page is decided from one set of statements, whatever the page size.
 */
export function createEligibilityLoaders(loaders: DepartmentLoaders) {
  return {
    subjectFacts: new DataLoader<string, GatheredFacts>(async (ids) => {
      const facts = await gatherSubjectFacts(loaders, [...ids]);
      return ids.map((id) => facts.get(id) as GatheredFacts);
    }),
    householdFacts: new DataLoader<string, HouseholdFacts | null>(async (numbers) => {
      const facts = await gatherHouseholdFacts(loaders, [...numbers]);
      return numbers.map((n) => facts.get(n) ?? null);
    }),
  };
}
