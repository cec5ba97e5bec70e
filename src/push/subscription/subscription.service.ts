import { MoreThan, type DataSource } from 'typeorm';
import { encodeCursor } from '../../common/connection';
import type { HubContext } from '../../context/hub-context';
import { PushNotification } from '../notification.entity';
import { sequenceAfter, sequenceCursorKey } from '../push.service';
import type { DistrictNotification } from './district-notification';

/** Notifications read per statement while a subscriber catches up. */
export const FEED_BATCH = 100;

/** Who may follow a district: the inbox's rule (PushService.assertMayFollow), one rule for both. */
export interface FollowAccess {
  assertMayFollow(ctx: HubContext, districtCode: string): void;
}

/**
 * What the subscription reads. The WebSocket transport admits a subscriber through `admit` before
 * its stream starts, then reads with `after` whenever the outbox grows.
 */
export class PushSubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: FollowAccess,
  ) {}

  /**
   * Admits a subscriber and returns the sequence its stream starts after: the cursor's (what came
   * since is replayed), or without one the district's latest (only what comes next is sent).
   * Cursors are the inbox's: a district can read its inbox, then subscribe after its last edge.
   */
  async admit(ctx: HubContext, districtCode: string, after: string | null | undefined): Promise<number> {
    this.access.assertMayFollow(ctx, districtCode);
    if (after != null) return sequenceAfter(after);
    const row = await this.dataSource.manager
      .createQueryBuilder(PushNotification, 'n')
      .select('MAX(n.sequence)', 'latest')
      .where('n.districtCode = :districtCode', { districtCode })
      .getRawOne<{ latest: string | number | null }>();
    return row?.latest == null ? 0 : Number(row.latest);
  }

  /**
   * The district's notifications after `sequence`, oldest first. Sequences are granted in commit
   * order, so once a reader has seen one, no notification with a smaller one can still appear.
   */
  after(districtCode: string, sequence: number, limit = FEED_BATCH): Promise<PushNotification[]> {
    return this.dataSource.manager.find(PushNotification, {
      where: { districtCode, sequence: MoreThan(sequence) },
      order: { sequence: 'ASC' },
      take: limit,
    });
  }
}

/** What the feed hands the transport: a notification row. */
function isNotification(value: unknown): value is PushNotification {
  const v = value as Partial<PushNotification> | null | undefined;
  return typeof v?.sequence === 'number' && typeof v.districtCode === 'string' && typeof v.idNumber === 'string';
}

/**
 * The event one execution of `districtNotifications` answers (the transport puts it in the
 * context). The stream was admitted for one district: nothing of another's may leave through it.
 * The person it names is read, so each event gets an audit entry naming them.
 */
export function eventFor(ctx: HubContext, districtCode: string): DistrictNotification {
  const event = ctx.subscription?.admission === false ? ctx.subscription.event : undefined;
  if (!isNotification(event)) {
    throw new Error('districtNotifications answered outside a subscription event: it is served over WebSocket only');
  }
  if (event.districtCode !== districtCode) throw new Error(`a notification of district ${event.districtCode} reached a subscriber of ${districtCode}`);
  ctx.audit.touch(event.idNumber);
  return { cursor: encodeCursor(sequenceCursorKey(event.sequence)), notification: event };
}
