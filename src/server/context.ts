import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller';
import type { StatementTally } from '../db/statement-counter';
import { createCivilAffairsLoaders } from '../departments/civil-affairs/civil-affairs.loaders';
import { createDisabilityLoaders } from '../departments/disability/disability.loaders';
import { createHumanResourcesLoaders } from '../departments/human-resources/human-resources.loaders';
import { createEligibilityLoaders } from '../eligibility/eligibility.loaders';

export interface HubLoaders {
  civilAffairs: ReturnType<typeof createCivilAffairsLoaders>;
  humanResources: ReturnType<typeof createHumanResourcesLoaders>;
  disability: ReturnType<typeof createDisabilityLoaders>;
  eligibility: ReturnType<typeof createEligibilityLoaders>;
}

/** What every resolver and service sees of the request: who asks, and loaders fresh for it. */
export interface HubContext {
  requestId: string;
  caller: Caller;
  loaders: HubLoaders;
  tally: StatementTally;
}

export function createLoaders(dataSource: DataSource): HubLoaders {
  const departments = {
    civilAffairs: createCivilAffairsLoaders(dataSource),
    humanResources: createHumanResourcesLoaders(dataSource),
    disability: createDisabilityLoaders(dataSource),
  };
  return { ...departments, eligibility: createEligibilityLoaders(departments) };
}
