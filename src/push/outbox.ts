import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PushNotification } from './notification.entity';
import { PushSequence } from './push-sequence.entity';
import { queueDeliveries } from './webhooks/queue-deliveries';

const SEQUENCE = 'notification';
/** Rows per INSERT: under MySQL's packet limit and SQLite's bound-parameter limit (20 columns each). */
const CHUNK = 40;

export type NotificationDraft = Omit<PushNotification, 'sequence'>;

function isSqlite(manager: EntityManager): boolean {
  return manager.connection.options.type === 'better-sqlite3';
}

/**
 * The outbox of one transaction. `open` takes the sequence row's lock first, before the
 * transaction reads anything: transactions that write notifications run one after another from
 * there to their commit, so sequences are granted in commit order and each such transaction sees
 * everything the previous one committed (a MariaDB snapshot starts at the first plain read).
 * SQLite has one writer at a time anyway.
 */
export class Outbox {
  private constructor(private readonly manager: EntityManager) {}

  static async open(manager: EntityManager): Promise<Outbox> {
    if (!isSqlite(manager)) {
      const lock = () => manager.createQueryBuilder(PushSequence, 's').setLock('pessimistic_write').where('s.name = :name', { name: SEQUENCE }).getOne();
      // Lock first: an INSERT IGNORE on the existing row would take a shared lock, and two
      // transactions holding it would deadlock on the upgrade. The migration creates the row;
      // this only covers a database built otherwise.
      if (!(await lock())) {
        await manager.createQueryBuilder().insert().into(PushSequence).values({ name: SEQUENCE, value: 0 }).orIgnore().execute();
        await lock();
      }
    }
    return new Outbox(manager);
  }

  /**
   * Writes the drafts whose change no notification of their district holds yet (the idempotency
   * key), each with the next sequence, and queues webhook deliveries for them. Returns those written.
   */
  async write(drafts: NotificationDraft[]): Promise<PushNotification[]> {
    if (drafts.length === 0) return [];
    const fresh = await this.withoutKnownChanges(drafts);
    if (fresh.length === 0) return [];
    const first = await this.reserve(fresh.length);
    const rows = fresh.map((d, i): PushNotification => ({ ...d, sequence: first + i }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      // The JSON column's transformer takes the object; TypeORM's insert type wants it deep-partial.
      await this.manager.insert(PushNotification, rows.slice(i, i + CHUNK) as unknown as QueryDeepPartialEntity<PushNotification>[]);
    }
    await queueDeliveries(this.manager, rows);
    return rows;
  }

  private async withoutKnownChanges(drafts: NotificationDraft[]): Promise<NotificationDraft[]> {
    const keys = [...new Set(drafts.map((d) => d.changeKey))];
    const known = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.manager
        .createQueryBuilder(PushNotification, 'n')
        .select(['n.districtCode', 'n.changeKey'])
        .where('n.changeKey IN (:...keys)', { keys: keys.slice(i, i + 500) })
        .getMany();
      for (const row of rows) known.add(`${row.districtCode}:${row.changeKey}`);
    }
    const seen = new Set<string>();
    return drafts.filter((d) => {
      const key = `${d.districtCode}:${d.changeKey}`;
      if (known.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The first of `count` sequences, under the lock taken by `open` (SQLite: under its write lock). */
  private async reserve(count: number): Promise<number> {
    const update = await this.manager
      .createQueryBuilder()
      .update(PushSequence)
      .set({ value: () => `value + ${Number(count)}` })
      .where('name = :name', { name: SEQUENCE })
      .execute();
    if (!update.affected) {
      await this.manager.insert(PushSequence, { name: SEQUENCE, value: count });
      return 1;
    }
    const row = await this.manager.findOneByOrFail(PushSequence, { name: SEQUENCE });
    return row.value - count + 1;
  }
}
