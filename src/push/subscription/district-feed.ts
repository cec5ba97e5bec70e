import type { HubContext } from '../../context/hub-context';
import type { PushNotification } from '../notification.entity';
import { startOutboxFollower, type OutboxFollower, type OutboxFollowerDeps } from './outbox-follower';
import { FEED_BATCH, PushSubscriptionService, type FollowAccess } from './subscription.service';

/**
 * A district's notifications after `start`, for as long as the subscriber stays: first what it
 * missed, then each new one as the follower says the outbox grew. It keeps the last sequence it
 * sent and reads only after it, so a stream resumed with a cursor has no gap and no duplicate.
 * Ends when `signal` aborts or the follower stops.
 */
export async function* followDistrict(
  service: Pick<PushSubscriptionService, 'after'>,
  follower: OutboxFollower,
  districtCode: string,
  start: number,
  signal: AbortSignal,
): AsyncGenerator<PushNotification, void, undefined> {
  const ended = AbortSignal.any([signal, follower.stopped]);
  let last = start;
  let woken = true;
  let resume: (() => void) | null = null;
  const unwatch = follower.watch(() => {
    woken = true;
    resume?.();
  });
  const onEnd = () => resume?.();
  ended.addEventListener('abort', onEnd);
  try {
    while (!ended.aborted) {
      if (!woken) {
        await new Promise<void>((resolve) => (resume = resolve));
        resume = null;
        continue;
      }
      woken = false;
      let batch: PushNotification[];
      do {
        batch = await service.after(districtCode, last, FEED_BATCH);
        for (const notification of batch) {
          if (ended.aborted) return;
          last = notification.sequence;
          yield notification;
        }
      } while (batch.length === FEED_BATCH && !ended.aborted);
    }
  } finally {
    unwatch();
    ended.removeEventListener('abort', onEnd);
  }
}

/**
 * What the WebSocket transport serves `districtNotifications` with: the caller is admitted (its
 * district, its cursor) before anything streams; the transport executes each event.
 */
export function districtNotificationsSource(service: PushSubscriptionService, follower: OutboxFollower) {
  return {
    async open(ctx: HubContext, args: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<PushNotification>> {
      const districtCode = String(args.districtCode);
      const start = await service.admit(ctx, districtCode, args.after as string | null | undefined);
      return followDistrict(service, follower, districtCode, start, signal);
    },
  };
}

/**
 * The live subscription's part of a hub process: one outbox follower (polling only while someone
 * subscribes) and the sources the WebSocket transport serves. `stop` ends every stream still open.
 */
export function startDistrictNotifications(deps: OutboxFollowerDeps & { access: FollowAccess }) {
  const follower = startOutboxFollower(deps);
  const service = new PushSubscriptionService(deps.dataSource, deps.access);
  return {
    sources: { districtNotifications: districtNotificationsSource(service, follower) },
    stop: () => follower.stop(),
  };
}
