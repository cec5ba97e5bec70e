import { createConnection } from 'mysql2/promise';
import type { Client } from 'graphql-ws';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../src/auth/caller';
import { issueToken, tokenKeys } from '../../src/auth/tokens';
import { configureCursorKey, encodeCursor } from '../../src/common/connection';
import { loadSettings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { sequenceCursorKey } from '../../src/push/push.service';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumberBornApart } from '../fixtures/residents';
import { startHubProcess, type HubProcess } from './support/hub-process';
import { privateMariaDbUnavailable, startPrivateMariaDb, type PrivateMariaDb } from './support/private-mariadb';
import { ADMIN, TEST_SECRET } from './support/test-hub';

/*
 * MariaDB restarted under a hub that serves: while the database is away the hub says so (/healthz
 * and /readyz answer 503) and ingestion fails at once with an error; once it is back the same hub
 * process is ready again by itself, ingestion succeeds, and a district's subscriber has every
 * notification of every batch that was accepted, once each, in order (reconnecting with its last
 * cursor, as a client does). Nothing a failed call sent is half-written. The database is a private
 * server this test starts and stops; the suite's shared one is not involved.
 * An import cut by such a restart is test/integration/import-restart.test.ts.
 */

const unavailable = privateMariaDbUnavailable();
if (unavailable) console.warn(`\n${'!'.repeat(72)}\n!! database-restart.test.ts is skipped: ${unavailable}\n${'!'.repeat(72)}\n`);
const withPrivateMariaDb = unavailable ? describe.skip : describe;

const HEPING: Caller = { sub: 'restart-officer-heping', role: 'district', district: '120101' };
const FOLLOW = `subscription Follow($d: String!, $after: String) {
  districtNotifications(districtCode: $d, after: $after) { cursor notification { id idNumber } }
}`;

/** HUB_REQUEST_TIME_MS of the hub under test: no call may take much longer, database or not. */
const REQUEST_TIME_MS = 5_000;
/** How long after MariaDB answers again the hub must be ready: a few pool retries and outbox polls. */
const RECOVERY_MS = 15_000;
const DOWN_MS = 3_000;
const INGEST_EVERY_MS = 200;
/** Persons in the batch the stop may cut (three records each, within HUB_MAX_BATCH), and when the stop comes. */
const LARGE_BATCH = 300;
const CUT_AFTER_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

const newPerson = () => newIdNumberBornApart('120101');

/** A one-person household registered in Heping and living in Binhai, with no income: newly eligible, notified. */
function livingAway(id: string) {
  const householdNumber = newHouseholdNumber('120101');
  return {
    persons: [{ idNumber: id, name: '重启测试', registeredDistrict: '120101', residenceDistrict: '120116' }],
    households: [{ householdNumber, registeredDistrict: '120101', residenceDistrict: '120116', members: [{ idNumber: id, relation: 'HEAD', monthlyIncome: 0 }] }],
    economicChecks: [{ householdNumber, checkedOn: monthAgo, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
  };
}

interface Call {
  ids: string[];
  at: number;
  ms: number;
  ok: boolean;
  /** The errors' codes (extensions.code), or `no-answer` when the call itself failed. */
  codes?: string[];
  error?: string;
}

interface Event {
  cursor: string;
  notification: { id: string; idNumber: string };
}

/**
 * A subscriber as a client program would be: when its stream ends or fails, it connects again
 * with the cursor of the last event it received, until closed.
 */
class ResumingSubscriber {
  readonly events: Event[] = [];
  readonly failures: string[] = [];
  connections = 0;
  private client: Client | null = null;
  private closed = false;

  constructor(
    private readonly hub: HubProcess,
    private readonly districtCode: string,
    private readonly firstCursor: string,
  ) {
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    this.connections += 1;
    const client = this.hub.ws(HEPING);
    this.client = client;
    let ended = false;
    // A failed event is followed by the stream's end: one reconnection per connection, not one per signal.
    const again = (why: string) => {
      this.failures.push(why);
      if (ended) return;
      ended = true;
      void client.dispose();
      setTimeout(() => this.connect(), 250);
    };
    client.subscribe<{ districtNotifications: Event }>(
      { query: FOLLOW, variables: { d: this.districtCode, after: this.events.at(-1)?.cursor ?? this.firstCursor } },
      {
        next: (result) => {
          if (ended) return;
          if (result.data) this.events.push(result.data.districtNotifications);
          else if (result.errors) again(`event error: ${JSON.stringify(result.errors)}`);
        },
        error: (error) => again(`stream error: ${Array.isArray(error) ? JSON.stringify(error) : String((error as { reason?: string; code?: number }).reason || (error as { code?: number }).code || error)}`),
        complete: () => again('stream completed'),
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.dispose();
  }
}

withPrivateMariaDb('MariaDB restarted while a hub serves', () => {
  jest.setTimeout(240_000);
  let db: PrivateMariaDb;
  let reader: DataSource;
  let hub: HubProcess;
  let token: (caller: Caller) => Promise<string>;

  beforeAll(async () => {
    db = await startPrivateMariaDb();
    const admin = await createConnection({ uri: db.url });
    await admin.query('CREATE DATABASE hub_restart CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    const databaseUrl = `${db.url}/hub_restart`;
    // The test reads the database through a data source of its own: it lives through the restart too.
    reader = await openDataSource(databaseUrl, createLogger('silent'));
    await reader.runMigrations();
    const settings = loadSettings({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, HUB_JWT_SECRET: TEST_SECRET });
    const keys = tokenKeys(settings);
    // Cursors are sealed with the hub's secret: the first one is made here, the rest come from the hub.
    configureCursorKey(keys.secret!);
    token = (caller) => issueToken(caller, keys);
    hub = await startHubProcess(databaseUrl, {
      token,
      env: { HUB_REQUEST_TIME_MS: String(REQUEST_TIME_MS), HUB_PUSH_POLL_MS: '100', HUB_RATE_LIMIT: '100000' },
    });
  }, 180_000);

  afterAll(async () => {
    const code = await hub?.stop();
    await reader?.destroy().catch(() => undefined);
    await db?.remove();
    // After the outage it still stops cleanly.
    if (hub) expect(code).toBe(0);
  });

  const probe = async (route: '/healthz' | '/readyz'): Promise<number> => {
    try {
      return (await fetch(`${hub.url}${route}`, { signal: AbortSignal.timeout(REQUEST_TIME_MS + 2_000) })).status;
    } catch {
      return -1;
    }
  };

  /** One ingestion call of `count` persons living away (one of them: a small batch), as an administrator. */
  const ingest = async (count = 1): Promise<Call> => {
    const ids = Array.from({ length: count }, newPerson);
    const worlds = ids.map(livingAway);
    const input = { persons: worlds.flatMap((w) => w.persons), households: worlds.flatMap((w) => w.households), economicChecks: worlds.flatMap((w) => w.economicChecks) };
    const at = Date.now();
    try {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(ADMIN)}` },
        body: JSON.stringify({ query: INGEST_CIVIL_AFFAIRS, variables: { input } }),
        // A hang shows as a failure here rather than as a test timeout.
        signal: AbortSignal.timeout(REQUEST_TIME_MS * 3),
      });
      const body = (await response.json()) as { data?: { ingestCivilAffairs: { rejected: number } }; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      const ok = !body.errors && body.data?.ingestCivilAffairs.rejected === 0;
      const error = body.errors?.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ');
      const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
      return { ids, at, ms: Date.now() - at, ok, ...(ok ? {} : { codes, error: error ?? JSON.stringify(body.data) }) };
    } catch (error) {
      return { ids, at, ms: Date.now() - at, ok: false, codes: ['no-answer'], error: String(error) };
    }
  };

  test('the hub reports the outage, recovers by itself, and loses no accepted batch nor notification', async () => {
    const subscriber = new ResumingSubscriber(hub, '120101', encodeCursor(sequenceCursorKey(0)));
    let late: ResumingSubscriber | null = null;
    const calls: Call[] = [];
    let ingesting = true;
    const loop = (async () => {
      while (ingesting) {
        calls.push(await ingest());
        await sleep(INGEST_EVERY_MS);
      }
    })();
    const until = async (what: string, condition: () => boolean | Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms; calls: ${JSON.stringify(calls.slice(-5))}; subscriber: ${subscriber.failures.slice(-3).join(' | ')}`);
        await sleep(20);
      }
    };

    try {
      // Serving: a few batches go through and reach the subscriber.
      await until('three accepted batches', () => calls.filter((c) => c.ok).length >= 3, 30_000);
      await until('the first notifications on the subscriber', () => subscriber.events.length >= 3, 10_000);
      expect(await probe('/readyz')).toBe(200);

      // A large batch sent just before the stop: most often cut inside its transaction, which
      // must then leave nothing of it (or, when its commit landed first, all of it).
      const interrupted = ingest(LARGE_BATCH);
      await sleep(CUT_AFTER_MS);
      await db.stop();
      const downAt = Date.now();
      const cut = await interrupted;
      calls.push(cut);
      // A subscriber that arrives while the database is away is refused, and comes back until admitted.
      late = new ResumingSubscriber(hub, '120101', encodeCursor(sequenceCursorKey(0)));

      const whileDown: Array<{ healthz: number; readyz: number }> = [];
      while (Date.now() - downAt < DOWN_MS) {
        const [healthz, readyz] = await Promise.all([probe('/healthz'), probe('/readyz')]);
        whileDown.push({ healthz, readyz });
        await sleep(300);
      }
      await db.start();
      const upAt = Date.now();
      const duringOutage = calls.filter((c) => c.at >= downAt && c.at < upAt);

      // Without restarting the hub: ready again, and ingestion works again.
      let readyAfterMs = -1;
      await until('/readyz 200 after the restart', async () => {
        const ok = (await probe('/readyz')) === 200;
        if (ok) readyAfterMs = Date.now() - upAt;
        return ok;
      }, RECOVERY_MS);
      expect(await probe('/healthz')).toBe(200);
      await until('three accepted batches after the restart', () => calls.filter((c) => c.ok && c.at > upAt).length >= 3, RECOVERY_MS);
      ingesting = false;
      await loop;

      // The outage was reported: every probe while down said 503, every call then failed, none hung.
      expect(whileDown.length).toBeGreaterThan(2);
      expect(whileDown.every((p) => p.healthz === 503 && p.readyz === 503)).toBe(true);
      expect(duringOutage.length).toBeGreaterThan(2);
      expect(duringOutage.filter((c) => c.ok)).toEqual([]);
      // Each failure is a GraphQL error with a code, answered in time: no cut connection, no hang.
      const failed = calls.filter((c) => !c.ok);
      expect(failed.filter((c) => c.codes!.length === 0 || c.codes!.some((code) => code === 'undefined' || code === 'no-answer'))).toEqual([]);
      // …and a code the caller can act on: the database or the audit log is unavailable, never an internal error.
      expect(failed.filter((c) => c.codes!.some((code) => code !== 'DATABASE_UNAVAILABLE' && code !== 'AUDIT_UNAVAILABLE'))).toEqual([]);
      expect(Math.max(...calls.map((c) => c.ms))).toBeLessThan(REQUEST_TIME_MS + 2_000);
      expect(readyAfterMs).toBeLessThan(RECOVERY_MS);
      // The same process all along.
      expect(hub.lines.filter((line) => line.includes('hub listening'))).toHaveLength(1);
      // The outbox follower saw the outage and its end, and went on polling.
      const messages = hub.logged().map((line) => line.msg);
      expect(messages).toContain('the outbox cannot be read: subscribers wait until it can');
      expect(messages).toContain('outbox readable again: subscriptions resume');

      // Each batch whole or absent: every person of an accepted one stored and notified; of a failed one, none
      // stored or all (its commit may have landed before its answer was lost), each with their notification.
      const persons = new Set<string>((await reader.query('SELECT idNumber FROM ca_person')).map((r: { idNumber: string }) => r.idNumber));
      const notified = new Set<string>((await reader.query("SELECT idNumber FROM push_notification WHERE districtCode = '120101'")).map((r: { idNumber: string }) => r.idNumber));
      for (const call of calls) {
        const stored = call.ids.filter((id) => persons.has(id)).length;
        const withNotification = call.ids.filter((id) => notified.has(id)).length;
        expect({ ok: call.ok, persons: call.ids.length, stored, withNotification }).toEqual({
          ok: call.ok,
          persons: call.ids.length,
          stored: call.ok ? call.ids.length : stored === 0 ? 0 : call.ids.length,
          withNotification: stored,
        });
      }
      expect([...notified].filter((id) => !persons.has(id))).toEqual([]);

      // Every notification of the district, once each and in sequence order, on both subscribers.
      const expected = (await reader.query("SELECT sequence FROM push_notification WHERE districtCode = '120101' ORDER BY sequence")).map((r: { sequence: string | number }) => String(r.sequence));
      await until('every notification on both subscribers', () => subscriber.events.length >= expected.length && late!.events.length >= expected.length, 10_000);
      await sleep(500);
      expect(subscriber.events.map((e) => String(e.notification.id))).toEqual(expected);
      expect(late.events.map((e) => String(e.notification.id))).toEqual(expected);
      expect(late.connections).toBeGreaterThan(1);

      // What this run met, for whoever reads the output: how the outage looked from outside.
      const codes = [...new Set(failed.flatMap((c) => c.codes))];
      const reconnections = [subscriber.connections - 1, late.connections - 1];
      console.log(JSON.stringify({ calls: calls.length, failed: failed.length, largeBatch: { ms: cut.ms, ok: cut.ok }, readyAfterMs, reconnections, codes }));
    } finally {
      ingesting = false;
      await loop;
      await subscriber.close();
      await late?.close();
    }
  });
});
