import type { PushNotification } from '../../../../src/push/notification.entity';
import { followDistrict } from '../../../../src/push/subscription/district-feed';
import type { OutboxFollower } from '../../../../src/push/subscription/outbox-follower';
import { FEED_BATCH } from '../../../../src/push/subscription/subscription.service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An outbox in memory: the rows, a reader like the service's, and a follower the test wakes by hand. */
function world() {
  const rows: PushNotification[] = [];
  const reads: Array<{ district: string; after: number }> = [];
  let sequence = 0;
  const add = (districtCode: string, count = 1) => {
    for (let i = 0; i < count; i += 1) rows.push({ sequence: (sequence += 1), districtCode, idNumber: `p${sequence}` } as PushNotification);
  };
  const service = {
    async after(districtCode: string, after: number, limit: number) {
      reads.push({ district: districtCode, after });
      return rows.filter((n) => n.districtCode === districtCode && n.sequence > after).slice(0, limit);
    },
  };
  const watchers = new Set<() => void>();
  const stopping = new AbortController();
  const follower: OutboxFollower = {
    watch(wake) {
      watchers.add(wake);
      return () => watchers.delete(wake);
    },
    stopped: stopping.signal,
    async stop() {
      stopping.abort();
    },
  };
  const wake = () => [...watchers].forEach((w) => w());
  return { rows, reads, add, service, follower, watchers, wake, stopFollower: () => stopping.abort() };
}

/** Takes `count` items, failing if they do not come soon. */
async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} items came`)), 2000);
  });
  try {
    for (let i = 0; i < count; i += 1) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      out.push(next.value);
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}

describe('following a district', () => {
  test('replays what came after the start, in order, in batches, then waits for the follower', async () => {
    const w = world();
    w.add('120101', FEED_BATCH * 2 + 30);
    w.add('120102', 5);
    const stop = new AbortController();
    const feed = followDistrict(w.service, w.follower, '120101', 10, stop.signal);
    const got = await take(feed, FEED_BATCH * 2 + 20);
    expect(got.map((n) => n.sequence)).toEqual(Array.from({ length: FEED_BATCH * 2 + 20 }, (_, i) => i + 11));
    expect(w.reads.every((r) => r.district === '120101')).toBe(true);
    // Waiting now: nothing is read until the follower wakes it.
    const pending = feed.next();
    await sleep(20);
    const readsBefore = w.reads.length;
    await sleep(20);
    expect(w.reads.length).toBe(readsBefore);
    w.add('120102');
    w.add('120101');
    w.wake();
    expect((await pending).value?.sequence).toBe(FEED_BATCH * 2 + 30 + 5 + 2);
    stop.abort();
    expect(await feed.next()).toEqual({ done: true, value: undefined });
  });

  test('a resumed feed starts after its cursor: no gap, no duplicate', async () => {
    const w = world();
    w.add('120101', 8);
    const first = followDistrict(w.service, w.follower, '120101', 0, new AbortController().signal);
    const seen = await take(first, 3);
    await first.return();
    w.add('120101', 4);
    const resumed = followDistrict(w.service, w.follower, '120101', seen.at(-1)!.sequence, new AbortController().signal);
    const rest = await take(resumed, 9);
    await resumed.return();
    expect([...seen, ...rest].map((n) => n.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test('a wake during a read is not lost: the feed reads again', async () => {
    const w = world();
    const slow = { ...w.service };
    let gate: (() => void) | null = null;
    slow.after = async (d, a, l) => {
      const rows = await w.service.after(d, a, l);
      if (gate === null) await new Promise<void>((resolve) => (gate = resolve));
      return rows;
    };
    const feed = followDistrict(slow, w.follower, '120101', 0, new AbortController().signal);
    const pending = feed.next();
    while (!gate) await sleep(1);
    // A notification commits while the first (empty) read is still on its way back.
    w.add('120101');
    w.wake();
    (gate as () => void)();
    expect((await pending).value?.sequence).toBe(1);
    await feed.return();
  });

  test('ends while waiting when its signal aborts or the follower stops, and stops watching', async () => {
    for (const end of ['signal', 'follower'] as const) {
      const w = world();
      const stop = new AbortController();
      const feed = followDistrict(w.service, w.follower, '120101', 0, stop.signal);
      const pending = feed.next();
      await sleep(10);
      expect(w.watchers.size).toBe(1);
      if (end === 'signal') stop.abort();
      else w.stopFollower();
      expect(await pending).toEqual({ done: true, value: undefined });
      expect(w.watchers.size).toBe(0);
    }
  });
});
