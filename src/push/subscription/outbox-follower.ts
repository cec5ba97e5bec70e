import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import { PushNotification } from '../notification.entity';

export const DEFAULT_PUSH_POLL_MS = 250;

/** Reads the highest sequence in the outbox (null while it is empty). */
export type LatestSequence = () => Promise<number | null>;

export interface OutboxFollowerDeps {
  dataSource: DataSource;
  log: Logger;
  /** HUB_PUSH_POLL_MS: how often the outbox is looked at while someone subscribes. */
  pollMs?: number;
  /** How the outbox is looked at; the data source's table unless a test says otherwise. */
  latestSequence?: LatestSequence;
}

export interface OutboxFollower {
  /**
   * Calls `wake` each time the outbox has grown, until the returned function is called. The
   * follower polls only while at least one watcher is registered. A watcher reads what it missed
   * once after registering: what commits later changes the highest sequence, and so wakes it.
   */
  watch(wake: () => void): () => void;
  /** Aborted when the follower stops: every stream that waits on it ends. */
  readonly stopped: AbortSignal;
  /** Stops polling, after the poll in flight if any, and ends every watch. */
  stop(): Promise<void>;
}

function latestSequenceOf(dataSource: DataSource): LatestSequence {
  return async () => {
    const row = await dataSource.manager
      .createQueryBuilder(PushNotification, 'n')
      .select('MAX(n.sequence)', 'latest')
      .getRawOne<{ latest: string | number | null }>();
    return row?.latest == null ? null : Number(row.latest);
  };
}

/**
 * One follower per hub process: it tails the outbox table, which every instance writes to, so a
 * notification written through any instance reaches the subscribers of all of them. Subscribers
 * read their own district's rows when woken; the follower only says that there is something new,
 * with one cheap statement per interval however many subscribe.
 */
export function startOutboxFollower(deps: OutboxFollowerDeps): OutboxFollower {
  const pollMs = deps.pollMs ?? DEFAULT_PUSH_POLL_MS;
  const latestSequence = deps.latestSequence ?? latestSequenceOf(deps.dataSource);
  const watchers = new Set<() => void>();
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let seen: number | null | undefined;
  let failing = false;

  const poll = async () => {
    try {
      const latest = await latestSequence();
      if (failing) deps.log.info('outbox readable again: subscriptions resume');
      failing = false;
      if (latest !== seen) {
        seen = latest;
        for (const wake of [...watchers]) wake();
      }
    } catch (error) {
      // Logged once per outage: a database away for an hour must not write a line every 250 ms.
      if (!failing) deps.log.warn({ err: error }, 'the outbox cannot be read: subscribers wait until it can');
      failing = true;
    }
  };

  const schedule = () => {
    if (timer || stopping.signal.aborted || watchers.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      inFlight = poll().finally(() => {
        inFlight = null;
        schedule();
      });
    }, pollMs);
    // A forgotten stop must not keep a process alive; the HTTP server does that while the hub runs.
    timer.unref();
  };

  return {
    watch(wake) {
      if (stopping.signal.aborted) return () => undefined;
      watchers.add(wake);
      schedule();
      return () => {
        watchers.delete(wake);
        if (watchers.size === 0 && timer) {
          clearTimeout(timer);
          timer = null;
        }
      };
    },
    stopped: stopping.signal,
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      watchers.clear();
      await inFlight;
    },
  };
}
