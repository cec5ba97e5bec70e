import type { Database } from 'better-sqlite3';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder, type UpdateQueryBuilder } from 'typeorm';
import { PushNotification } from '../notification.entity';
import { DeliveryStatus } from '../push.enums';
import { PushDelivery } from '../webhook-delivery.entity';
import { PushWebhook } from '../webhook.entity';

/** A delivery this instance holds a claim on. */
export interface ClaimedDelivery {
  sequence: number;
  districtCode: string;
  idNumber: string;
  /** Failed attempts before this one. */
  attempts: number;
}

type Row = Record<string, unknown>;

const personKey = (r: { districtCode: string; idNumber: string }) => `${r.districtCode}:${r.idNumber}`;

function claimedOf(row: Row): ClaimedDelivery {
  // mysql2 hands BIGINT back as a string.
  return { sequence: Number(row.sequence), districtCode: String(row.districtCode), idNumber: String(row.idNumber), attempts: Number(row.attempts) };
}

/** Due, unclaimed PENDING deliveries with no earlier PENDING one for their person, oldest first. */
function candidatesQuery(manager: EntityManager, now: Date, limit: number): SelectQueryBuilder<PushDelivery> {
  const qb = manager.createQueryBuilder(PushDelivery, 'd');
  const earlier = qb
    .subQuery()
    .select('1')
    .from(PushDelivery, 'e')
    .where('e.districtCode = d.districtCode AND e.idNumber = d.idNumber AND e.status = :pending AND e.sequence < d.sequence')
    .getQuery();
  return qb
    .select('d.sequence', 'sequence')
    .addSelect('d.districtCode', 'districtCode')
    .addSelect('d.idNumber', 'idNumber')
    .addSelect('d.attempts', 'attempts')
    .where('d.status = :pending', { pending: DeliveryStatus.PENDING })
    .andWhere('d.nextAttemptAt <= :now', { now })
    .andWhere('(d.claimedUntil IS NULL OR d.claimedUntil < :now)')
    .andWhere(`NOT EXISTS ${earlier}`)
    .orderBy('d.sequence', 'ASC')
    .limit(limit);
}

/** The first PENDING delivery of each of these persons, read without locks (see `claim`). */
function firstPendingQuery(manager: EntityManager, candidates: ClaimedDelivery[]): SelectQueryBuilder<PushDelivery> {
  return manager
    .createQueryBuilder(PushDelivery, 'd')
    .select('d.districtCode', 'districtCode')
    .addSelect('d.idNumber', 'idNumber')
    .addSelect('MIN(d.sequence)', 'sequence')
    .where('d.status = :pending', { pending: DeliveryStatus.PENDING })
    .andWhere('d.idNumber IN (:...ids)', { ids: [...new Set(candidates.map((c) => c.idNumber))] })
    .groupBy('d.districtCode')
    .addGroupBy('d.idNumber');
}

function heads(candidates: ClaimedDelivery[], firstPending: Row[]): ClaimedDelivery[] {
  const first = new Map(firstPending.map((r) => [personKey({ districtCode: String(r.districtCode), idNumber: String(r.idNumber) }), Number(r.sequence)]));
  return candidates.filter((c) => first.get(personKey(c)) === c.sequence);
}

function claimUpdate(manager: EntityManager, claimed: ClaimedDelivery[], instanceId: string, until: Date): UpdateQueryBuilder<PushDelivery> {
  return manager
    .createQueryBuilder()
    .update(PushDelivery)
    .set({ claimedBy: instanceId, claimedUntil: until })
    .where('sequence IN (:...sequences)', { sequences: claimed.map((c) => c.sequence) });
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The webhook worker's reads and writes of push_delivery (docs/push-webhooks.md).
 *
 * On MariaDB/MySQL a claim is one short transaction: `SELECT … FOR UPDATE SKIP LOCKED` takes
 * rows no other instance is claiming, and the claim (claimedBy, claimedUntil) outlives the
 * transaction, so the HTTP requests run without holding any lock.
 *
 * On SQLite the hub shares one connection among all its work, and a statement sent while another
 * request's transaction is open runs inside that transaction: it would see rows that may still
 * roll back and could be rolled back with them. So the worker writes only when no transaction is
 * open, synchronously through the driver: nothing else can run until it commits (SQLite has a
 * single writer: the equivalent of the row lock).
 */
export class DeliveryStore {
  private readonly sqlite: Database | null;

  constructor(
    private readonly dataSource: DataSource,
    readonly instanceId: string,
  ) {
    this.sqlite = dataSource.options.type === 'better-sqlite3' ? ((dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection) : null;
  }

  /**
   * Claims up to `limit` due deliveries, at most one per person: the first PENDING one of that
   * person's queue, so that a person's deliveries go out in sequence order. The next of the same
   * person can be claimed once this one is delivered or dead. Only PENDING deliveries block
   * the ones after them; a dead letter does not hold up the person's later notifications.
   */
  async claim(limit: number, leaseMs: number, now = new Date()): Promise<ClaimedDelivery[]> {
    const until = new Date(now.getTime() + leaseMs);
    const manager = this.dataSource.manager;
    if (this.sqlite) {
      return this.exclusively((db) => {
        const candidates = all(db, candidatesQuery(manager, now, limit)).map(claimedOf);
        if (candidates.length === 0) return [];
        const claimed = heads(candidates, all(db, firstPendingQuery(manager, candidates)));
        if (claimed.length) run(db, claimUpdate(manager, claimed, this.instanceId, until));
        return claimed;
      });
    }
    return this.dataSource.transaction(async (m) => {
      const locked = await candidatesQuery(m, now, limit).setLock('pessimistic_write').setOnLocked('skip_locked').getRawMany<Row>();
      const candidates = locked.map(claimedOf);
      if (candidates.length === 0) return [];
      // The candidates' own NOT EXISTS may not see an earlier delivery another instance holds
      // locked at this moment (skipped, not waited for); a plain read sees its committed state.
      const claimed = heads(candidates, await firstPendingQuery(m, candidates).getRawMany<Row>());
      if (claimed.length) await claimUpdate(m, claimed, this.instanceId, until).execute();
      return claimed;
    });
  }

  /** The notifications of these deliveries and their districts' webhooks. */
  async load(claimed: ClaimedDelivery[]): Promise<{ notifications: Map<number, PushNotification>; webhooks: Map<string, PushWebhook> }> {
    const manager = this.dataSource.manager;
    const [notifications, webhooks] = await Promise.all([
      manager.findBy(PushNotification, { sequence: In(claimed.map((c) => c.sequence)) }),
      manager.findBy(PushWebhook, { districtCode: In([...new Set(claimed.map((c) => c.districtCode))]) }),
    ]);
    return { notifications: new Map(notifications.map((n) => [n.sequence, n])), webhooks: new Map(webhooks.map((w) => [w.districtCode, w])) };
  }

  async delivered(claim: ClaimedDelivery, at = new Date()): Promise<void> {
    const update = this.dataSource.manager
      .createQueryBuilder()
      .update(PushDelivery)
      // claimedBy stays: it tells which instance delivered it.
      .set({ status: DeliveryStatus.DELIVERED, deliveredAt: at, claimedUntil: null, lastError: null, attempts: claim.attempts + 1 })
      .where('sequence = :sequence AND status = :pending', { sequence: claim.sequence, pending: DeliveryStatus.PENDING });
    await this.write(update);
  }

  /**
   * Records a failed attempt: PENDING again from `retryAt`, or DEAD when `retryAt` is null (then
   * nextAttemptAt keeps the time it died). Only while the claim is still this instance's: past
   * its lease another instance may have taken the delivery over.
   */
  async failed(claim: ClaimedDelivery, error: string, retryAt: Date | null, at = new Date()): Promise<void> {
    const update = this.dataSource.manager
      .createQueryBuilder()
      .update(PushDelivery)
      .set({
        status: retryAt ? DeliveryStatus.PENDING : DeliveryStatus.DEAD,
        attempts: claim.attempts + 1,
        nextAttemptAt: retryAt ?? at,
        claimedUntil: null,
        lastError: error.slice(0, 255),
      })
      .where('sequence = :sequence AND status = :pending AND claimedBy = :me', { sequence: claim.sequence, pending: DeliveryStatus.PENDING, me: this.instanceId });
    await this.write(update);
  }

  private async write(update: UpdateQueryBuilder<PushDelivery>): Promise<void> {
    if (this.sqlite) await this.exclusively((db) => run(db, update));
    else await update.execute();
  }

  /** Runs `work` in a transaction of its own on the SQLite connection, once no other is open on it. */
  private async exclusively<T>(work: (db: Database) => T): Promise<T> {
    const db = this.sqlite as Database;
    while (db.inTransaction) await pause(5);
    return db.transaction(() => work(db))();
  }
}

function all(db: Database, qb: SelectQueryBuilder<PushDelivery>): Row[] {
  const [sql, parameters] = qb.getQueryAndParameters();
  return db.prepare(sql).all(...parameters) as Row[];
}

function run(db: Database, qb: UpdateQueryBuilder<PushDelivery>): number {
  const [sql, parameters] = qb.getQueryAndParameters();
  return db.prepare(sql).run(...parameters).changes;
}
