import { In, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PushNotification } from '../notification.entity';
import { DeliveryStatus, NotificationStatus } from '../push.enums';
import { PushDelivery } from '../webhook-delivery.entity';
import { ArchivedNotification } from './archived-notification.entity';

/** The statuses a district reaches by acting; OPEN and ACKNOWLEDGED still wait for it and are never archived. */
export const ACTED_ON_STATUSES: readonly NotificationStatus[] = [NotificationStatus.VISITED, NotificationStatus.ASSISTANCE_STARTED, NotificationStatus.NOT_NEEDED];

/** A delivery in one of these still has work (or a replay) ahead: its notification stays where the webhooks find it. */
const UNFINISHED_DELIVERIES: readonly DeliveryStatus[] = [DeliveryStatus.PENDING, DeliveryStatus.DEAD];

export const DEFAULT_ARCHIVE_CHUNK = 500;

/** Archive rows per INSERT: each carries a whole notification, so a chunk of them stays well under MySQL's packet limit. */
const INSERT_ROWS = 50;

export interface ArchiveOptions {
  /** Notifications acted on before this instant are archived. */
  actedBefore: Date;
  /** Notifications per transaction. */
  chunkSize?: number;
  /** Asked between chunks: true stops after the chunk just committed (the hub is stopping). */
  shouldStop?: () => boolean;
  /** Runs after each chunk commits (the schedule renews its lease here); throwing stops the archiving. */
  afterChunk?: (progress: ArchiveResult) => Promise<void> | void;
}

export interface ArchiveResult {
  archived: number;
  chunks: number;
}

const DAY_MS = 86_400_000;

/** The instant before which acted-on notifications are archived, `days` before `now`. */
export function archiveCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Retention of notifications (issue point 7, docs/push-operations.md): a notification its district
 * acted on more than HUB_ARCHIVE_AFTER_DAYS ago moves to push_notification_archive, whole. Each
 * chunk is one transaction that inserts the archive rows and deletes the live ones, so a
 * notification is always in exactly one of the two tables.
 */
export class RetentionService {
  constructor(private readonly dataSource: DataSource) {}

  async archive(options: ArchiveOptions): Promise<ArchiveResult> {
    const chunkSize = options.chunkSize ?? DEFAULT_ARCHIVE_CHUNK;
    const result: ArchiveResult = { archived: 0, chunks: 0 };
    for (;;) {
      const moved = await this.dataSource.transaction((manager) => this.archiveChunk(manager, options.actedBefore, chunkSize));
      if (moved === 0) break;
      result.archived += moved;
      result.chunks += 1;
      await options.afterChunk?.({ ...result });
      if (moved < chunkSize || options.shouldStop?.()) break;
    }
    return result;
  }

  /** How many notifications `archive` would move now: what the command reports before it starts. */
  async countArchivable(actedBefore: Date): Promise<number> {
    return this.archivable(this.dataSource.manager, actedBefore).getCount();
  }

  private archivable(manager: EntityManager, actedBefore: Date) {
    return manager
      .createQueryBuilder(PushNotification, 'n')
      .where('n.status IN (:...acted)', { acted: ACTED_ON_STATUSES })
      .andWhere('n.actedAt IS NOT NULL')
      .andWhere('n.actedAt < :actedBefore', { actedBefore })
      .andWhere((qb) => {
        const unfinished = qb
          .subQuery()
          .select('1')
          .from(PushDelivery, 'd')
          .where('d.sequence = n.sequence')
          .andWhere('d.status IN (:...unfinished)', { unfinished: UNFINISHED_DELIVERIES })
          .getQuery();
        return `NOT EXISTS ${unfinished}`;
      });
  }

  private async archiveChunk(manager: EntityManager, actedBefore: Date, chunkSize: number): Promise<number> {
    const query = this.archivable(manager, actedBefore).orderBy('n.sequence', 'ASC').limit(chunkSize);
    // MariaDB: the rows stay as read until the chunk commits (SQLite has one writer at a time anyway).
    if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    const rows = await query.getMany();
    if (rows.length === 0) return 0;
    const archivedAt = new Date();
    const archived = rows.map(
      (n): ArchivedNotification => ({
        sequence: n.sequence,
        districtCode: n.districtCode,
        idNumber: n.idNumber,
        changeKey: n.changeKey,
        createdAt: n.createdAt,
        actedAt: n.actedAt as Date,
        archivedAt,
        row: JSON.stringify(n),
      }),
    );
    for (let i = 0; i < archived.length; i += INSERT_ROWS) {
      await manager.insert(ArchivedNotification, archived.slice(i, i + INSERT_ROWS) as QueryDeepPartialEntity<ArchivedNotification>[]);
    }
    const sequences = rows.map((n) => n.sequence);
    // Their deliveries are finished (DELIVERED, or none): nothing will read them again.
    await manager.delete(PushDelivery, { sequence: In(sequences), status: DeliveryStatus.DELIVERED });
    await manager.delete(PushNotification, { sequence: In(sequences) });
    return rows.length;
  }
}
