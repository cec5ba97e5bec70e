import type { DataSource } from 'typeorm';
import { createLogger } from '../../../../src/logger';
import { startOutboxFollower, type OutboxFollower } from '../../../../src/push/subscription/outbox-follower';

const POLL_MS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An outbox whose highest sequence the test sets, counting how often it is read. */
function fakeOutbox() {
  const outbox = { latest: null as number | null, reads: 0, failing: false };
  const latestSequence = async () => {
    outbox.reads += 1;
    if (outbox.failing) throw new Error('connection lost');
    return outbox.latest;
  };
  return { outbox, latestSequence };
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('the outbox follower', () => {
  let follower: OutboxFollower;
  afterEach(() => follower?.stop());

  function start(latestSequence: () => Promise<number | null>, log = createLogger('silent')) {
    follower = startOutboxFollower({ dataSource: {} as DataSource, log, pollMs: POLL_MS, latestSequence });
    return follower;
  }

  test('reads nothing while nobody watches, and stops reading when the last watcher leaves', async () => {
    const { outbox, latestSequence } = fakeOutbox();
    start(latestSequence);
    await sleep(POLL_MS * 6);
    expect(outbox.reads).toBe(0);
    const unwatch = follower.watch(() => undefined);
    await sleep(POLL_MS * 6);
    expect(outbox.reads).toBeGreaterThan(0);
    unwatch();
    await sleep(POLL_MS * 2);
    const after = outbox.reads;
    await sleep(POLL_MS * 6);
    expect(outbox.reads).toBe(after);
  });

  test('one read per interval however many watch, and every watcher is woken when the outbox grows', async () => {
    const { outbox, latestSequence } = fakeOutbox();
    start(latestSequence);
    const wakes = [0, 0, 0];
    wakes.forEach((_, i) => follower.watch(() => (wakes[i] += 1)));
    await sleep(POLL_MS * 4);
    const woken = [...wakes];
    const reads = outbox.reads;
    await sleep(POLL_MS * 10);
    // Nothing new: nobody is woken again.
    expect(wakes).toEqual(woken);
    // Three watchers, one poller: about one read per interval, not three.
    expect(outbox.reads - reads).toBeLessThanOrEqual(12);
    outbox.latest = 7;
    await sleep(POLL_MS * 4);
    expect(wakes).toEqual(woken.map((n) => n + 1));
  });

  test('a watcher that leaves is woken no more', async () => {
    const { outbox, latestSequence } = fakeOutbox();
    start(latestSequence);
    let stays = 0;
    let leaves = 0;
    follower.watch(() => (stays += 1));
    const unwatch = follower.watch(() => (leaves += 1));
    await sleep(POLL_MS * 4);
    unwatch();
    const before = leaves;
    outbox.latest = 3;
    await sleep(POLL_MS * 4);
    expect(leaves).toBe(before);
    expect(stays).toBeGreaterThan(before);
  });

  test('an unreadable outbox is logged once per outage, and following resumes when it is back', async () => {
    const { outbox, latestSequence } = fakeOutbox();
    const { log, lines } = capture();
    start(latestSequence, log);
    let wakes = 0;
    follower.watch(() => (wakes += 1));
    await sleep(POLL_MS * 4);
    outbox.failing = true;
    await sleep(POLL_MS * 10);
    expect(lines.filter((l) => l.msg === 'the outbox cannot be read: subscribers wait until it can')).toHaveLength(1);
    expect(JSON.stringify(lines)).toContain('connection lost');
    const before = wakes;
    outbox.failing = false;
    outbox.latest = 12;
    await sleep(POLL_MS * 4);
    expect(wakes).toBe(before + 1);
  });

  test('stop waits for the read in flight, ends every watch and leaves no timer', async () => {
    let release!: () => void;
    let reading = false;
    start(async () => {
      reading = true;
      await new Promise<void>((resolve) => (release = resolve));
      return 1;
    });
    let wakes = 0;
    follower.watch(() => (wakes += 1));
    while (!reading) await sleep(1);
    let stopped = false;
    const stopping = follower.stop().then(() => (stopped = true));
    expect(follower.stopped.aborted).toBe(true);
    await sleep(POLL_MS * 2);
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The read finished after the stop: its result wakes nobody, and no further read is scheduled.
    expect(wakes).toBe(0);
    expect(follower.watch(() => (wakes += 1))).toBeInstanceOf(Function);
    await sleep(POLL_MS * 4);
    expect(wakes).toBe(0);
  });
});
