import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../../../../src/db/data-source';
import { createLogger } from '../../../../src/logger';
import { DeliveryStatus } from '../../../../src/push/push.enums';
import { PushDelivery } from '../../../../src/push/webhook-delivery.entity';
import { DeliveryStore, type ClaimedDelivery } from '../../../../src/push/webhooks/delivery-store';

/*
 * The claim rules on the embedded database (the MariaDB side runs in
 * test/integration/push-webhooks.test.ts with two processes): one delivery per person at a time,
 * in sequence order, dead letters not blocking, claims lapsing with their lease.
 */

const P1 = '120101195003030011';
const P2 = '120101195003030038';
const P3 = '120101195003030054';
const LEASE = 60_000;

function delivery(sequence: number, idNumber: string, status = DeliveryStatus.PENDING): PushDelivery {
  return {
    sequence,
    districtCode: '120104',
    idNumber,
    status,
    attempts: 0,
    nextAttemptAt: new Date(Date.now() - 1000),
    claimedBy: null,
    claimedUntil: null,
    lastError: null,
    deliveredAt: null,
  };
}

const sequences = (claimed: ClaimedDelivery[]) => claimed.map((c) => c.sequence).sort((a, b) => a - b);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('claiming webhook deliveries on SQLite', () => {
  let directory: string;
  let dataSource: DataSource;
  let store: DeliveryStore;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'hub-deliveries-'));
    dataSource = await openDataSource(`sqlite:${path.join(directory, 'hub.sqlite')}`, createLogger('silent'));
    store = new DeliveryStore(dataSource, 'instance-a');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => dataSource.manager.clear(PushDelivery));

  test("only the first PENDING delivery of each person is claimable; a dead letter does not hold up the person's next", async () => {
    await dataSource.manager.insert(PushDelivery, [
      delivery(1, P1),
      delivery(2, P1),
      delivery(3, P1),
      delivery(4, P2),
      delivery(5, P3, DeliveryStatus.DEAD),
      delivery(6, P3),
    ]);
    const first = await store.claim(10, LEASE);
    expect(sequences(first)).toEqual([1, 4, 6]);
    expect(first.find((c) => c.sequence === 1)).toEqual({ sequence: 1, districtCode: '120104', idNumber: P1, attempts: 0 });
    // Claimed, and the rest of each queue waits behind its head.
    expect(await store.claim(10, LEASE)).toEqual([]);

    await store.delivered(first.find((c) => c.sequence === 1) as ClaimedDelivery);
    expect(sequences(await store.claim(10, LEASE))).toEqual([2]);
    expect(await dataSource.manager.findOneByOrFail(PushDelivery, { sequence: 1 })).toMatchObject({ status: DeliveryStatus.DELIVERED, attempts: 1, claimedBy: 'instance-a', claimedUntil: null });
  });

  test('a failed attempt waits for its retry time and blocks the person meanwhile; the last one makes a dead letter', async () => {
    await dataSource.manager.insert(PushDelivery, [delivery(10, P1), delivery(11, P1)]);
    const [head] = await store.claim(10, LEASE);
    await store.failed(head, 'HTTP 503', new Date(Date.now() + 60_000));
    expect(await store.claim(10, LEASE)).toEqual([]);
    const later = new Date(Date.now() + 61_000);
    const [retry] = await store.claim(10, LEASE, later);
    expect(retry).toEqual({ sequence: 10, districtCode: '120104', idNumber: P1, attempts: 1 });
    await store.failed(retry, 'HTTP 503', null, later);
    expect(await dataSource.manager.findOneByOrFail(PushDelivery, { sequence: 10 })).toMatchObject({ status: DeliveryStatus.DEAD, attempts: 2, lastError: 'HTTP 503' });
    expect(sequences(await store.claim(10, LEASE, later))).toEqual([11]);
  });

  test('a claim lapses with its lease: another instance takes the delivery over, and the first one can no longer fail it', async () => {
    await dataSource.manager.insert(PushDelivery, [delivery(20, P2)]);
    const other = new DeliveryStore(dataSource, 'instance-b');
    const [mine] = await store.claim(10, 1000);
    expect(await other.claim(10, 1000)).toEqual([]);
    const [theirs] = await other.claim(10, 1000, new Date(Date.now() + 2000));
    expect(theirs.sequence).toBe(20);
    await store.failed(mine, 'late', new Date());
    expect(await dataSource.manager.findOneByOrFail(PushDelivery, { sequence: 20 })).toMatchObject({ status: DeliveryStatus.PENDING, attempts: 0, claimedBy: 'instance-b', lastError: null });
  });

  test('a claim waits for a transaction open on the shared connection and never sees its rows if it rolls back', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = dataSource
      .transaction(async (manager) => {
        await manager.insert(PushDelivery, delivery(30, P3));
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch(() => undefined);
    await pause(20);
    let settled = false;
    const claiming = store.claim(10, LEASE).then((claimed) => {
      settled = true;
      return claimed;
    });
    await pause(50);
    expect(settled).toBe(false);
    release();
    await transaction;
    expect(await claiming).toEqual([]);
    expect(await dataSource.manager.countBy(PushDelivery, { sequence: 30 })).toBe(0);
  });
});
