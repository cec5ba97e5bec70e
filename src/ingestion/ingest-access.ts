import type { EntityManager } from 'typeorm';
import { AccessScope } from '../auth/access-scope';
import type { AuditService } from '../audit/audit.service';
import type { HubContext } from '../context/hub-context';

/**
 * The hub itself writing its synthetic demo population, not a request: no district limits it, and
 * since the records are nobody's, it leaves no audit entry. The type says so, so that a caller
 * which should be audited (an operator's import, say) cannot pass for it by accident.
 */
export interface UnauditedDemoSeedCaller {
  readonly system: 'demo-seed';
  readonly audit: 'none';
  readonly scope: AccessScope;
}

export const DEMO_SEED_CALLER: UnauditedDemoSeedCaller = Object.freeze({
  system: 'demo-seed',
  audit: 'none',
  scope: new AccessScope({ sub: 'hub:demo-seed', role: 'admin' }),
});

/** Who sends a batch: a request (scoped and audited), or the hub itself seeding demo data. */
export type IngestCaller = HubContext | UnauditedDemoSeedCaller;

export function isDemoSeed(caller: IngestCaller): caller is UnauditedDemoSeedCaller {
  return 'system' in caller;
}

/**
 * Notes the persons a batch wrote (and those its refusals revealed) and stores the request's
 * audit entry inside the batch's own transaction: the data and the record of who wrote it commit
 * together or not at all.
 */
export async function auditBatch(
  audit: AuditService,
  caller: IngestCaller,
  manager: EntityManager,
  idNumbers: Iterable<string | null | undefined>,
  refused: readonly string[] = [],
): Promise<void> {
  if (isDemoSeed(caller)) return;
  caller.audit.refuse(refused);
  caller.audit.touch(...idNumbers);
  await audit.record(caller, manager);
}
