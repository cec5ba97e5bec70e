import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { HubContext } from '../context/hub-context';

/** Who sends a batch: a request, or null for the hub itself (demo data: unrestricted, unaudited). */
export type IngestCaller = HubContext | null;

/**
 * Notes the persons a batch wrote and stores the request's audit entry inside the batch's own
 * transaction: the data and the record of who wrote it commit together or not at all.
 */
export async function auditBatch(
  audit: AuditService,
  caller: IngestCaller,
  manager: EntityManager,
  idNumbers: Iterable<string | null | undefined>,
): Promise<void> {
  if (!caller) return;
  caller.audit.touch(...idNumbers);
  await audit.record(caller, manager);
}
