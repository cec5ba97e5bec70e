import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { HubContext } from '../context/hub-context';
import { insertRows } from '../common/upsert';
import { AuditEntry, AuditEntryPerson } from './audit-entry.entity';

/** Entries per commit: a group stays one short transaction however many requests wait. */
const ENTRIES_PER_COMMIT = 200;

/** What the audit log needs of a request: who asked, why, and what the request did. */
export type AuditedRequest = Pick<HubContext, 'requestId' | 'caller' | 'purpose' | 'audit'>;

export interface AuditRows {
  entry: AuditEntry;
  persons: AuditEntryPerson[];
}

/** The rows of a request's entry, as they will be stored. */
export function auditRowsOf(request: AuditedRequest, at = new Date()): AuditRows {
  const caller = request.caller;
  if (!caller) throw new Error('an audit entry needs an authenticated caller');
  const persons = [...request.audit.persons].sort(([a], [b]) => a.localeCompare(b));
  // Milliseconds in hex first: ids sort by time across instances without a shared counter.
  const id = at.getTime().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const entry = Object.assign(new AuditEntry(), {
    id,
    at,
    requestId: request.requestId,
    sub: caller.sub,
    role: caller.role,
    district: caller.role === 'district' ? caller.district : null,
    dept: caller.role === 'department' ? caller.dept : null,
    operation: request.audit.operation.slice(0, 128),
    fields: request.audit.fields.join(',').slice(0, 255),
    purpose: request.purpose,
    personCount: persons.length,
  });
  return { entry, persons: persons.map(([idNumber, usage]) => Object.assign(new AuditEntryPerson(), { entryId: id, idNumber, usage })) };
}

/** Inserts the rows of several entries with multi-row statements, in `manager`'s transaction. */
export async function insertAuditRows(manager: EntityManager, groups: readonly AuditRows[]): Promise<void> {
  await insertRows(manager, AuditEntry, groups.map((g) => g.entry));
  await insertRows(manager, AuditEntryPerson, groups.flatMap((g) => g.persons));
}

interface Waiting {
  rows: AuditRows;
  done: (error?: unknown) => void;
}

/**
 * Commits the entries of concurrent requests together: requests that finish while a commit is
 * under way wait for the next one, which takes all of them in one transaction. Each request still
 * waits for its own entry to be committed before its answer leaves. When a group's transaction
 * fails, its entries are committed one by one, so a bad entry fails only its own request.
 */
export class AuditBatch {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly dataSource: DataSource) {}

  commit(request: AuditedRequest): Promise<void> {
    const rows = auditRowsOf(request);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // Requests answered in the same turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) await this.commitGroup(this.waiting.splice(0, ENTRIES_PER_COMMIT));
    this.draining = false;
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    try {
      await this.dataSource.transaction((m) => insertAuditRows(m, group.map((w) => w.rows)));
      for (const w of group) w.done();
    } catch (error) {
      if (group.length === 1) return group[0].done(error ?? new Error('audit commit failed'));
      for (const w of group) await this.commitGroup([w]);
    }
  }
}
