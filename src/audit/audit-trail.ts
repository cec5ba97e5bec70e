/**
 * What one request did to personal records, collected while it runs and written before its answer
 * leaves the hub.
 */
export class AuditTrail {
  /** Whether the operation reaches personal records at all. */
  personal = false;
  readonly touched = new Set<string>();
  /** Set once the entry is stored (ingestion stores it inside its own transaction). */
  written = false;
  operation = 'anonymous';
  fields: string[] = [];

  touch(...idNumbers: Array<string | null | undefined>): void {
    this.personal = true;
    for (const id of idNumbers) if (id) this.touched.add(id);
  }
}
