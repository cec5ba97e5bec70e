import { auditModule } from '../audit/audit.module';
import { bulkImportModule } from '../bulk-import/bulk-import.module';
import type { AnyHubModule, HubModule } from '../context/hub-module';
import type { HubLoaders } from '../context/hub-context';
import type { Services } from '../context/services';
import { civilAffairsModule } from '../departments/civil-affairs/civil-affairs.module';
import { disabilityModule } from '../departments/disability/disability.module';
import { humanResourcesModule } from '../departments/human-resources/human-resources.module';
import { coverageModule } from '../coverage/coverage.module';
import { crossCheckModule } from '../cross-check/cross-check.module';
import { eligibilityModule } from '../eligibility/eligibility.module';
import { ingestionModule } from '../ingestion/ingestion.module';
import { peopleModule } from '../people/people.module';
import { policyModule } from '../policy/policy.module';
import { pushModule } from '../push/push.module';
import { webhooksModule } from '../push/webhooks/webhooks.module';

/**
 * Every domain of the hub, one line each. Entities, resolvers, personal fields, audited root
 * fields, services, loaders and `persons` filters are all read from here. Order matters only
 * where one module builds on another's services or loaders: those come first.
 */
export const HUB_MODULES = [
  auditModule,
  pushModule,
  webhooksModule,
  civilAffairsModule,
  humanResourcesModule,
  disabilityModule,
  peopleModule,
  eligibilityModule,
  policyModule,
  ingestionModule,
  coverageModule,
  crossCheckModule,
  bulkImportModule,
] as const satisfies readonly AnyHubModule[];

// A service or loader set typed in src/context/ but provided by no module fails to compile here.
type Provided<M, Part extends 0 | 1> = M extends HubModule<infer S, infer L> ? [S, L][Part] : never;
type Missing<Part extends 0 | 1, All> = Exclude<All, Provided<(typeof HUB_MODULES)[number], Part>>;
const everyServiceProvided: [Missing<0, keyof Services>] extends [never] ? true : Missing<0, keyof Services> = true;
const everyLoaderProvided: [Missing<1, keyof HubLoaders>] extends [never] ? true : Missing<1, keyof HubLoaders> = true;
void everyServiceProvided;
void everyLoaderProvided;

/** The hub's modules with any extra ones (a test's, say), in the order their parts are built. */
export function withModules(extra: readonly AnyHubModule[] = []): readonly AnyHubModule[] {
  return [...HUB_MODULES, ...extra];
}

/** The root fields that read or write personal records, as the modules declare them: the audit plugin's list. */
export function auditedRootFieldsOf(modules: readonly AnyHubModule[]): ReadonlySet<string> {
  return new Set(modules.flatMap((m) => m.auditedRootFields ?? []));
}
