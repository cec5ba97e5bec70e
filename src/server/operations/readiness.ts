import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Request, Response } from 'express';
import type { DataSource, InsertQueryBuilder, ObjectLiteral } from 'typeorm';
import { AuditEntry, AuditEntryPerson } from '../../audit/audit-entry.entity';
import type { Logger } from '../../logger';

/** A readiness check slower than this answers 503: a probe that waits on a full pool says as much. */
export const READINESS_TIMEOUT_MS = 3000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class NotReady extends Error {
  constructor(
    readonly reason: string,
    failure?: unknown,
  ) {
    super(reason, { cause: failure });
  }
}

/** Thrown inside the SQLite probe's transaction so that better-sqlite3 rolls it back. */
class RollBack extends Error {}

/**
 * Whether this instance should receive traffic (`GET /readyz`): the database answers, and the
 * audit log can be written (every read of personal data needs its entry; without one the hub
 * withholds the answer, so an instance that cannot write it serves nothing useful). 503 while
 * the hub stops, so that load balancers stop sending before the listener closes.
 *
 * Writability is proven by writing: one probe row into audit_entry and one into
 * audit_entry_person, inside a transaction that is always rolled back. That fails exactly when
 * the audit's own insert would (table missing or renamed, INSERT privilege revoked, server or file
 * read-only, disk full on SQLite's journal), and leaves no row in the append-only log. A `SELECT …
 * FOR UPDATE` would not do: a read-only MariaDB still grants it, and SQLite has no such statement.
 * A probe table of its own would need a migration and would prove nothing about the audit tables.
 *
 * Probes running at the same time share one check, so a burst of requests to this public path
 * costs the database one small transaction.
 */
export class Readiness {
  private stopping = false;
  private inFlight: Promise<void> | null = null;
  private readonly sqlite: Database | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
  ) {
    this.sqlite = dataSource.options.type === 'better-sqlite3' ? (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection : null;
  }

  /** From now on /readyz answers 503: the hub is stopping. */
  markStopping(): void {
    this.stopping = true;
  }

  handler() {
    return async (_req: Request, res: Response) => {
      res.setHeader('cache-control', 'no-store');
      if (this.stopping) {
        res.status(503).json({ status: 'unavailable', reason: 'stopping' });
        return;
      }
      try {
        await this.check();
        res.json({ status: 'ready', database: 'reachable', audit: 'writable' });
      } catch (error) {
        const reason = error instanceof NotReady ? error.reason : 'check-failed';
        this.log.warn({ err: error instanceof NotReady && error.cause !== undefined ? error.cause : error, reason }, 'readiness check: not ready');
        res.status(503).json({ status: 'unavailable', reason });
      }
    };
  }

  private check(): Promise<void> {
    this.inFlight ??= withTimeout(this.probe(), READINESS_TIMEOUT_MS).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async probe(): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new NotReady('database-unreachable', error);
    }
    try {
      if (this.sqlite) await this.probeSqlite(this.sqlite);
      else await this.probeServer();
    } catch (error) {
      throw error instanceof NotReady ? error : new NotReady('audit-not-writable', error);
    }
  }

  private probeInserts(): [InsertQueryBuilder<ObjectLiteral>, InsertQueryBuilder<ObjectLiteral>] {
    const id = `probe-${randomBytes(10).toString('hex')}`;
    const qb = () => this.dataSource.manager.createQueryBuilder();
    return [
      qb().insert().into(AuditEntry).values({ id, at: new Date(), requestId: 'readiness-probe', sub: 'readiness-probe', role: 'probe', district: null, dept: null, operation: 'readyz', fields: '', purpose: null, personCount: 0 }),
      qb().insert().into(AuditEntryPerson).values({ entryId: id, idNumber: 'probe', usage: 'read' }),
    ];
  }

  /** MariaDB/MySQL: a transaction of its own on a pooled connection, rolled back. */
  private async probeServer(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      for (const insert of this.probeInserts()) {
        const [sql, parameters] = insert.getQueryAndParameters();
        await runner.query(sql, parameters);
      }
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * SQLite: the hub shares one connection, and a statement of another request sent while a
   * transaction is open would run (and roll back) inside it. So the probe waits until no
   * transaction is open and runs synchronously through the driver: nothing else runs until the
   * rollback (as the webhook worker does its writes).
   */
  private async probeSqlite(db: Database): Promise<void> {
    const until = Date.now() + READINESS_TIMEOUT_MS;
    while (db.inTransaction) {
      if (Date.now() > until) throw new NotReady('database-busy');
      await pause(5);
    }
    const inserts = this.probeInserts().map((insert) => insert.getQueryAndParameters());
    try {
      db.transaction(() => {
        for (const [sql, parameters] of inserts) db.prepare(sql).run(...parameters);
        throw new RollBack();
      })();
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
    }
  }
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotReady('timeout')), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
