import type { DataSource } from 'typeorm';
import { AccessScope } from '../auth/access-scope';
import type { Caller } from '../auth/caller';
import { AuditTrail } from '../audit/audit-trail';
import type { HubContext, HubLoaders } from '../context/hub-context';
import type { StatementTally } from '../db/statement-counter';
import { createCivilAffairsLoaders } from '../departments/civil-affairs/civil-affairs.loaders';
import { createDisabilityLoaders } from '../departments/disability/disability.loaders';
import { createHumanResourcesLoaders } from '../departments/human-resources/human-resources.loaders';
import { createEligibilityLoaders } from '../eligibility/eligibility.loaders';

export function createContext(
  dataSource: DataSource,
  request: { requestId: string; caller: Caller | null; purpose: string | null; tally?: StatementTally },
): HubContext {
  return {
    requestId: request.requestId,
    caller: request.caller,
    scope: new AccessScope(request.caller),
    purpose: request.purpose,
    loaders: createLoaders(dataSource),
    tally: request.tally ?? { statements: 0 },
    audit: new AuditTrail(),
  };
}

export function createLoaders(dataSource: DataSource): HubLoaders {
  const departments = {
    civilAffairs: createCivilAffairsLoaders(dataSource),
    humanResources: createHumanResourcesLoaders(dataSource),
    disability: createDisabilityLoaders(dataSource),
  };
  return { ...departments, eligibility: createEligibilityLoaders(departments) };
}
