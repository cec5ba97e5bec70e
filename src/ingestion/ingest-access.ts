import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccessScope } from '../auth/access-scope';
import type { Caller } from '../auth/caller';
import { AuditTrail } from '../audit/audit-trail';
import type { AuditedRequest } from '../audit/audit-batch';
import type { AuditService } from '../audit/audit.service';
import type { HubContext } from '../context/hub-context';
import type { SourceDepartment } from './receipts/receipts';

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

/**
 * An operator's bulk import (`hub import`): no request and no token, but real records written on
 * someone's word, so every batch leaves an audit entry naming the operator, the department and
 * the file, like a request's.
 */
export interface AuditedImportCaller {
  readonly system: 'import';
  readonly audit: 'entry';
  readonly scope: AccessScope;
  readonly caller: Caller;
  readonly operation: string;
  /** The mutation the import stands in for, so that filtering the log by field finds imports too. */
  readonly field: string;
  readonly purpose: string;
}

const MUTATION_OF: Record<SourceDepartment, string> = {
  'civil-affairs': 'ingestCivilAffairs',
  'human-resources': 'ingestHumanResources',
  disability: 'ingestDisability',
};

export function importCaller(operator: string, dept: SourceDepartment, fileName: string): AuditedImportCaller {
  const caller: Caller = { sub: `hub:import:${operator}`.slice(0, 128), role: 'admin' };
  return Object.freeze({
    system: 'import',
    audit: 'entry',
    scope: new AccessScope(caller),
    caller,
    operation: `import ${dept}`,
    field: MUTATION_OF[dept],
    purpose: `bulk import ${fileName}`.slice(0, 200),
  });
}

/** Who sends a batch: a request (scoped and audited), an operator's import (audited), or the hub itself seeding demo data. */
export type IngestCaller = HubContext | UnauditedDemoSeedCaller | AuditedImportCaller;

export function isDemoSeed(caller: IngestCaller): caller is UnauditedDemoSeedCaller {
  return 'system' in caller && caller.system === 'demo-seed';
}

/** The entry of one import batch: a fresh trail per batch, so each entry lists the persons of its own batch only. */
function importEntry(caller: AuditedImportCaller): AuditedRequest {
  const audit = new AuditTrail();
  audit.operation = caller.operation;
  audit.fields = [caller.field];
  return { requestId: randomUUID(), caller: caller.caller, purpose: caller.purpose, audit };
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
  const entry = 'system' in caller ? importEntry(caller) : caller;
  entry.audit.refuse(refused);
  entry.audit.touch(...idNumbers);
  await audit.record(entry, manager);
}
