/**
 * How a person figured in a request: their records were answered (`read`), only used to derive
 * an answer about someone else (`derived`, e.g. a parent behind a child's eligibility), or were
 * the reason a write was refused in a way that tells the caller they exist (`refused`).
 */
export type AuditUsage = 'read' | 'derived' | 'refused';

/** A stronger usage wins: a person both read and derived from is recorded as read. */
const RANK: Record<AuditUsage, number> = { derived: 0, read: 1, refused: 2 };

/**
 * What one request did to personal records, collected while it runs and written before its answer
 * leaves the hub.
 */
export class AuditTrail {
  /** Whether the operation reaches personal records at all. */
  personal = false;
  readonly persons = new Map<string, AuditUsage>();
  /** Set once the entry is stored (ingestion stores it inside its own transaction). */
  written = false;
  operation = 'anonymous';
  fields: string[] = [];

  private note(usage: AuditUsage, idNumbers: Iterable<string | null | undefined>): void {
    this.personal = true;
    for (const id of idNumbers) {
      if (!id) continue;
      const before = this.persons.get(id);
      if (before == null || RANK[usage] > RANK[before]) this.persons.set(id, usage);
    }
  }

  /** Persons whose records the answer carries. */
  touch(...idNumbers: Array<string | null | undefined>): void {
    this.note('read', idNumbers);
  }

  /** Persons whose records contributed to a derived answer (a decision, a figure) without being shown. */
  derive(idNumbers: Iterable<string | null | undefined>): void {
    this.note('derived', idNumbers);
  }

  /** Persons whose existing records made the hub refuse a write: an admin can see probing. */
  refuse(idNumbers: Iterable<string | null | undefined>): void {
    this.note('refused', idNumbers);
  }

  /** ID numbers touched in any way (tests and counts). */
  get touched(): Set<string> {
    return new Set(this.persons.keys());
  }
}
