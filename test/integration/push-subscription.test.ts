import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Caller } from '../../src/auth/caller';
import { encodeCursor } from '../../src/common/connection';
import { sequenceCursorKey } from '../../src/push/push.service';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumberBornApart } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * Clause 4's live channel over a real WebSocket: each district's subscriber receives its copy of
 * a notification written by a real ingestion, another district's nothing of it; a subscriber
 * that comes back with its last cursor receives what it missed, in order, nothing twice; the
 * subscribe and every event pass the same pipeline as any request (access, audit, rate limit).
 */

const HEPING: Caller = { sub: 'sub-officer-heping', role: 'district', district: '120101' };
const BINHAI: Caller = { sub: 'sub-officer-binhai', role: 'district', district: '120116' };
const HEXI: Caller = { sub: 'sub-officer-hexi', role: 'district', district: '120103' };
const ANALYST: Caller = { sub: 'sub-analyst', role: 'analyst' };
const HR: Caller = { sub: 'sub-hr', role: 'department', dept: 'human-resources' };

const FOLLOW = `subscription Follow($d: String!, $after: String) {
  districtNotifications(districtCode: $d, after: $after) {
    cursor
    notification { id districtCode registeredDistrict residenceDistrict idNumber kind ruleId newOutcome person { idNumber name } decision { outcome } }
  }
}`;

/** Polls of the outbox a subscriber may take to see a commit (HUB_PUSH_POLL_MS, 250 ms by default), with room. */
const DELIVERY_MS = 5_000;
/** How long "nothing arrives" is watched for: several polls. */
const QUIET_MS = 1_200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

const newPerson = () => newIdNumberBornApart('120101');

/** A one-person household registered in Heping and living in Binhai, with no income: eligible for dibao. */
function livingAway(id: string, householdNumber: string, name: string) {
  return {
    persons: [{ idNumber: id, name, registeredDistrict: '120101', residenceDistrict: '120116' }],
    households: [{ householdNumber, registeredDistrict: '120101', residenceDistrict: '120116', members: [{ idNumber: id, relation: 'HEAD', monthlyIncome: 0 }] }],
    economicChecks: [{ householdNumber, checkedOn: monthAgo, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
  };
}

interface Event {
  cursor: string;
  notification: { id: string; districtCode: string; idNumber: string; person: { idNumber: string; name: string } | null; [field: string]: unknown };
}

/** One subscription over its own WebSocket, collecting what it receives. */
class Subscriber {
  readonly events: Event[] = [];
  readonly errors: GraphQLResponse['errors'][] = [];
  closeCode: number | undefined;
  completed = false;
  private readonly client: Client;
  private readonly done: Promise<void>;

  constructor(hub: TestHub, who: Caller | Record<string, unknown>, districtCode: string, after?: string, extraParams: Record<string, unknown> = {}) {
    this.client = hub.ws(who, extraParams);
    this.client.on('closed', (event) => {
      this.closeCode ??= (event as { code?: number }).code;
    });
    this.done = new Promise((resolve) => {
      this.client.subscribe<{ districtNotifications: Event }>(
        { query: FOLLOW, variables: { d: districtCode, after } },
        {
          next: (result) => {
            if (result.errors) this.errors.push(result.errors as GraphQLResponse['errors']);
            if (result.data) this.events.push(result.data.districtNotifications);
          },
          error: (error) => {
            this.errors.push(Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error), extensions: { closeCode: (error as { code?: number }).code } }]);
            resolve();
          },
          complete: () => {
            this.completed = true;
            resolve();
          },
        },
      );
    });
  }

  /** Waits until `count` events have come (or a refusal, or the end), failing after DELIVERY_MS. */
  async waitFor(count: number, ms = DELIVERY_MS): Promise<Event[]> {
    const until = Date.now() + ms;
    while (this.events.length < count && this.errors.length === 0 && !this.completed && Date.now() < until) await sleep(20);
    return this.events;
  }

  /** Waits for the end of the stream (a refusal ends it at once). */
  async ended(ms = DELIVERY_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

describe.each(databasesUnderTest())('district notifications over WebSocket (%s)', (kind) => {
  let hub: TestHub;
  const subscribers: Subscriber[] = [];
  const follow = (who: Caller | Record<string, unknown>, district: string, after?: string, extraParams?: Record<string, unknown>) => {
    const s = new Subscriber(hub, who, district, after, extraParams);
    subscribers.push(s);
    return s;
  };

  /** The cursor of the district's latest notification now: a subscriber after it receives only what comes next. */
  const now = async (district: string): Promise<string> => {
    const rows = await hub.dataSource.query('SELECT MAX(sequence) AS latest FROM push_notification WHERE districtCode = ?', [district]);
    return encodeCursor(sequenceCursorKey(Number(rows[0].latest ?? 0)));
  };
  /** The person's notifications for the district, as the outbox holds them, in sequence order. */
  const stored = async (district: string, ids: string[]): Promise<string[]> => {
    const rows = await hub.dataSource.query(
      `SELECT sequence FROM push_notification WHERE districtCode = ? AND idNumber IN (${ids.map(() => '?').join(', ')}) ORDER BY sequence`,
      [district, ...ids],
    );
    return rows.map((r: { sequence: string | number }) => String(r.sequence));
  };
  const ingestLivingAway = async (name: string) => {
    const id = newPerson();
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: livingAway(id, newHouseholdNumber('120101'), name) });
    expect(res.errors).toBeUndefined();
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
    return id;
  };
  const auditOf = async (sub: string) => {
    const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 100) { edges { node { requestId operation fields persons { idNumber usage } } } } }`, { sub });
    return res.data.auditLog.edges.map((e: any) => e.node).reverse();
  };

  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });
  afterAll(() => hub?.stop());

  test("each of the person's two districts receives its copy; a third district receives nothing of it", async () => {
    const [heping, binhai, hexi, admin] = await Promise.all([now('120101'), now('120116'), now('120103'), now('120116')]);
    const hepingSub = follow(HEPING, '120101', heping);
    const binhaiSub = follow(BINHAI, '120116', binhai);
    const hexiSub = follow(HEXI, '120103', hexi);
    const adminSub = follow(ADMIN, '120116', admin);
    const id = await ingestLivingAway('钱流动');
    const [forHeping, forBinhai] = await Promise.all([stored('120101', [id]), stored('120116', [id])]);
    expect(forHeping.length).toBeGreaterThan(0);
    expect(forBinhai).toHaveLength(forHeping.length);

    for (const [subscriber, district, expected] of [[hepingSub, '120101', forHeping], [binhaiSub, '120116', forBinhai], [adminSub, '120116', forBinhai]] as const) {
      const events = await subscriber.waitFor(expected.length);
      expect(subscriber.errors).toEqual([]);
      expect(events.map((e) => e.notification.id)).toEqual(expected);
      for (const e of events) {
        expect(e.notification).toMatchObject({ districtCode: district, registeredDistrict: '120101', residenceDistrict: '120116', idNumber: id, person: { idNumber: id, name: '钱流动' } });
        expect(typeof e.cursor).toBe('string');
      }
      expect(events.some((e) => e.notification.ruleId === 'dibao.household' && e.notification.newOutcome === 'ELIGIBLE')).toBe(true);
    }
    await sleep(QUIET_MS);
    expect(hexiSub.events).toEqual([]);
    expect(hexiSub.errors).toEqual([]);
    // Nothing came twice either.
    expect(hepingSub.events).toHaveLength(forHeping.length);
  });

  test('without a cursor, a subscriber receives what is written from then on', async () => {
    const subscriber = follow({ ...HEPING, sub: 'sub-live-only' }, '120101');
    // Admitted once its subscribe is in the audit log; the stream starts right after.
    const until = Date.now() + DELIVERY_MS;
    while ((await auditOf('sub-live-only')).length === 0 && Date.now() < until) await sleep(50);
    await sleep(300);
    const id = await ingestLivingAway('孙现场');
    const expected = await stored('120101', [id]);
    const events = await subscriber.waitFor(expected.length);
    expect(events.map((e) => e.notification.id)).toEqual(expected);
  });

  test('a subscriber that comes back with its last cursor receives exactly what it missed, in order', async () => {
    const first = follow(HEPING, '120101', await now('120101'));
    const before = await ingestLivingAway('李前');
    const received = await first.waitFor((await stored('120101', [before])).length);
    expect(received.length).toBeGreaterThan(0);
    const last = received.at(-1)!.cursor;
    await first.close();

    // Three batches while it is away.
    const missed = [await ingestLivingAway('李一'), await ingestLivingAway('李二'), await ingestLivingAway('李三')];
    const expected = await stored('120101', missed);
    expect(expected.length).toBeGreaterThanOrEqual(3);

    const back = follow(HEPING, '120101', last);
    const events = await back.waitFor(expected.length);
    expect(events.map((e) => e.notification.id)).toEqual(expected);
    // Cursors follow the notifications: resuming after any of them continues from there.
    const middle = follow(HEPING, '120101', events[0].cursor);
    expect((await middle.waitFor(expected.length - 1)).map((e) => e.notification.id)).toEqual(expected.slice(1));
    // And nothing more comes to either: no duplicate, nothing of before.
    await sleep(QUIET_MS);
    expect(back.events).toHaveLength(expected.length);
    expect(middle.events).toHaveLength(expected.length - 1);
  });

  test('with two hub instances on one database, each serves its own subscribers what either wrote, in order', async () => {
    // A second instance on the same database (the option `restart` uses): its own pool, its own follower.
    const options = hub.dataSource.options as { database?: unknown; url?: string };
    const databaseUrl = kind === 'sqlite' ? `sqlite:${String(options.database)}` : String(options.url);
    const other = await startTestHub(kind, {}, { existing: { databaseUrl, cleanup: async () => undefined } });
    try {
      const start = await now('120101');
      const here = follow(HEPING, '120101', start);
      const there = new Subscriber(other, HEPING, '120101', start);
      subscribers.push(there);
      const startSequence = Number((await hub.dataSource.query(`SELECT MAX(sequence) AS s FROM push_notification WHERE districtCode = '120101'`))[0].s);
      // Six batches, through one instance and the other in turn.
      for (const [i, name] of ['甲', '乙', '丙', '丁', '戊', '己'].entries()) {
        const res = await (i % 2 ? other : hub).gql(INGEST_CIVIL_AFFAIRS, { input: livingAway(newPerson(), newHouseholdNumber('120101'), `郑${name}`) });
        expect(res.errors ?? res.data.ingestCivilAffairs.rejected).toBe(0);
      }
      const rows = await hub.dataSource.query('SELECT sequence FROM push_notification WHERE districtCode = ? AND sequence > ? ORDER BY sequence', ['120101', startSequence]);
      const expected = rows.map((r: { sequence: string | number }) => String(r.sequence));
      expect(expected.length).toBeGreaterThanOrEqual(6);
      for (const subscriber of [here, there]) {
        const events = await subscriber.waitFor(expected.length);
        expect(events.map((e) => e.notification.id)).toEqual(expected);
      }
      await sleep(QUIET_MS);
      expect(here.events).toHaveLength(expected.length);
      expect(there.events).toHaveLength(expected.length);
    } finally {
      await Promise.all(subscribers.splice(0).map((s) => s.close()));
      await other.stop();
    }
  });

  test('the inbox and the subscription share their cursors: read the inbox, then follow from its last edge', async () => {
    const inbox = await hub.as(HEPING)(`query { districtInbox(districtCode: "120101", first: 1) { edges { cursor node { id } } } }`);
    const [edge] = inbox.data.districtInbox.edges;
    const rows = await hub.dataSource.query('SELECT sequence FROM push_notification WHERE districtCode = ? AND sequence > ? ORDER BY sequence', ['120101', Number(edge.node.id)]);
    const subscriber = follow(HEPING, '120101', edge.cursor);
    const events = await subscriber.waitFor(rows.length);
    expect(events.map((e) => e.notification.id)).toEqual(rows.map((r: { sequence: string | number }) => String(r.sequence)));
  });

  test.each([
    ['a department', HR, '120101', { 'X-Purpose': 'checking' }],
    ['an analyst', ANALYST, '120101', {}],
    ['an officer of another district', HEXI, '120101', {}],
  ])('%s is refused (FORBIDDEN) and nothing streams', async (_who, caller, district, params) => {
    const subscriber = follow(caller, district, undefined, params);
    await subscriber.ended();
    expect(subscriber.events).toEqual([]);
    expect(subscriber.errors[0]?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(subscriber.errors[0]?.[0].message).toMatch(/district/);
  });

  test('a cursor that is not one of these notifications is refused (INVALID_CURSOR)', async () => {
    const personsCursor = (await hub.gql('{ persons(first: 1) { edges { cursor } } }')).data.persons.edges[0].cursor;
    for (const after of ['not-a-cursor', personsCursor]) {
      const subscriber = follow(HEPING, '120101', after);
      await subscriber.ended();
      expect(subscriber.errors[0]?.[0].extensions?.code).toBe('INVALID_CURSOR');
    }
  });

  test('the subscribe is audited, and every event delivered has its own entry naming the person', async () => {
    const caller = { ...HEPING, sub: 'sub-audited' };
    const subscriber = follow(caller, '120101', await now('120101'));
    const id = await ingestLivingAway('周审计');
    const expected = await stored('120101', [id]);
    await subscriber.waitFor(expected.length);
    await sleep(200);
    const entries = await auditOf(caller.sub);
    expect(entries[0]).toMatchObject({ operation: 'Follow', fields: 'districtNotifications', persons: [] });
    const events = entries.slice(1);
    expect(events).toHaveLength(expected.length);
    for (const entry of events) {
      expect(entry).toMatchObject({ operation: 'Follow', fields: 'districtNotifications', requestId: entries[0].requestId });
      expect(entry.persons).toContainEqual({ idNumber: id, usage: 'read' });
    }
  });

  test('a subscription sent over HTTP is still refused', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(HEPING)}` },
      body: JSON.stringify({ query: FOLLOW, variables: { d: '120101' } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors?.[0].extensions?.code).toBe('SUBSCRIPTION_OVER_HTTP');
    expect(body.data).toBeUndefined();
  });

  test('the stream ends when its token expires: the connection is closed with 4401', async () => {
    const token = await hub.token(HEPING, 2);
    const subscriber = follow({ Authorization: `Bearer ${token}` }, '120101', await now('120101'));
    await subscriber.ended(5_000);
    expect(subscriber.closeCode).toBe(4401);
  });
});

describe('a subscription in one hub process (sqlite)', () => {
  test("its events do not count against the caller's rate limit, and stopping the hub ends it at once", async () => {
    const hub = await startTestHub('sqlite', { HUB_RATE_LIMIT: '2' });
    let client: Client | undefined;
    let stopped = false;
    try {
      const events: Event[] = [];
      const errors: unknown[] = [];
      let closeCode: number | undefined;
      client = createClient({
        url: `${hub.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${await hub.token(HEPING)}` },
        retryAttempts: 0,
        on: { closed: (event) => (closeCode = (event as { code: number }).code) },
      });
      client.subscribe<{ districtNotifications: Event }>(
        { query: FOLLOW, variables: { d: '120101', after: encodeCursor(sequenceCursorKey(0)) } },
        { next: (r) => (r.data ? events.push(r.data.districtNotifications) : errors.push(r.errors)), error: (e) => errors.push(e), complete: () => undefined },
      );
      // One batch of three persons (one operation of the admin's two): several events for Heping.
      const ids = [newPerson(), newPerson(), newPerson()];
      const batches = ids.map((id, i) => livingAway(id, newHouseholdNumber('120101'), `吴${i}`));
      const input = { persons: batches.flatMap((b) => b.persons), households: batches.flatMap((b) => b.households), economicChecks: batches.flatMap((b) => b.economicChecks) };
      expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input })).data.ingestCivilAffairs.rejected).toBe(0);
      const expected = Number((await hub.dataSource.query(`SELECT COUNT(*) AS n FROM push_notification WHERE districtCode = '120101'`))[0].n);
      expect(expected).toBeGreaterThanOrEqual(3);
      const until = Date.now() + DELIVERY_MS;
      while (events.length < expected && errors.length === 0 && Date.now() < until) await sleep(20);
      expect(errors).toEqual([]);
      expect(events).toHaveLength(expected);

      // The stream now waits for the outbox to grow; the hub's stop ends it without waiting for that.
      const started = Date.now();
      stopped = true;
      await hub.stop();
      expect(Date.now() - started).toBeLessThan(3_000);
      await sleep(100);
      expect(closeCode).toBe(1001);
    } finally {
      await client?.dispose();
      if (!stopped) await hub.stop();
    }
  });
});
