import type { Caller } from '../../src/auth/caller';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { seedDatabase } from '../../src/seed/seed-database';
import { TIANJIN_DISTRICT_CODES } from '../../src/identity/districts';
import { PERSON_FIELDS } from '../fixtures/documents';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * Bounded cost and time: every alias priced by what it runs, per-caller rate and concurrency,
 * a time budget per request, string arguments checked before anything is read or audited, and
 * /healthz served while the costliest accepted request runs. Over HTTP and WebSocket alike.
 */

type Transport = 'http' | 'websocket';
const TRANSPORTS: Transport[] = ['http', 'websocket'];
const admin = (sub: string): Caller => ({ sub, role: 'admin' });
const aliases = (n: number, field: (i: number) => string) => Array.from({ length: n }, (_, i) => field(i)).join(' ');

/** The finding: 150 counts over a filtered table, priced as almost free, held SQLite for seconds. */
const COUNTS_150 = `{ ${aliases(150, (i) => `c${i}: persons(first: 1, filter: { enrolledProgram: LOW_INCOME, disabilityGrade: ${1 + (i % 4)} }) { totalCount }`)} }`;
const COUSINS: Record<string, string> = {
  'auditLog counts': `{ ${aliases(150, (i) => `a${i}: auditLog(first: 1) { totalCount }`)} }`,
  'person lookups with decisions': `{ ${aliases(150, (i) => `p${i}: person(idNumber: "120101198001010015") { eligibility { ruleId outcome } }`)} }`,
  'decisions on as many dates': `{ person(idNumber: "120101198001010015") { ${aliases(150, (i) => `e${i}: eligibility(asOf: "2024-01-${String(1 + (i % 28)).padStart(2, '0')}") { outcome }`)} } }`,
  'full ingestion batches': `mutation($input: CivilAffairsBatch!) { ${aliases(10, (i) => `i${i}: ingestCivilAffairs(input: $input) { accepted }`)} }`,
  // More fields than the estimator walks: it used to give up, and the operation ran unpriced.
  'counts past the estimator\'s node budget': `{ ${aliases(5001, (i) => `c${i}: persons(first: 1) { totalCount }`)} }`,
};
const FULL_BATCH = { persons: Array.from({ length: 1000 }, () => ({ idNumber: '120101198001010015', name: '张三', registeredDistrict: '120101' })) };

const HEAVY_PAGE = (filter: string) => `persons(first: 100${filter}) { totalCount edges { node {
    ...PersonFields
    eligibility { ruleId clause outcome amount effects missing withheld parameters { name value effectiveFrom reference status note }
      conditions { code outcome explanation values missing withheld evidence { department record recordId values } } }
    nextReviewDue reviewOverdue
    household { eligibility { ruleId outcome amount } nextReviewDue reviewOverdue }
  } } }`;

/** A page of 100 persons with every department's records and every decision, explained. */
const heavy = (name: string) => `query ${name} { ${HEAVY_PAGE('')} } ${PERSON_FIELDS}`;

/**
 * Such pages of three districts, then the findings of everyone, which scan the population chunk
 * after chunk: statements keep coming long after the timed hub's 100 ms, on either database.
 */
const overBudget = (name: string) =>
  `query ${name} { ${aliases(3, (i) => `d${i}: ${HEAVY_PAGE(`, filter: { district: "${TIANJIN_DISTRICT_CODES[i]}" }`)}`)}
  all: findings(first: 100) { totalCount edges { cursor } } } ${PERSON_FIELDS}`;

async function post(hub: TestHub, caller: Caller, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(caller)}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as GraphQLResponse };
}

function send(hub: TestHub, transport: Transport, caller: Caller, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  return transport === 'http' ? post(hub, caller, query, variables).then((r) => r.body) : hub.wsOnce(caller, query, variables);
}

const codes = (res: GraphQLResponse) => [...new Set((res.errors ?? []).map((e) => e.extensions?.code))];

async function seeded(kind: Parameters<typeof startTestHub>[0], env: Record<string, string>): Promise<TestHub> {
  const hub = await startTestHub(kind, env);
  await seedDatabase(hub.dataSource, { households: 300, seed: 2020, asOf: '2025-10-15' });
  return hub;
}

/** Counts and a page, as the limits accept them: most of its time goes to statements, between which health is served. */
const MIXED_LOAD = `query MixedLoad { ${aliases(10, (i) => `c${i}: persons(first: 1, filter: { enrolledProgram: ${['DIBAO', 'LOW_INCOME', 'TEKUN'][i % 3]}, disabilityGrade: ${1 + (i % 4)} }) { totalCount }`)}
  page: persons(first: 100) { totalCount edges { node { ...PersonFields } } } } ${PERSON_FIELDS}`;

describe.each(databasesUnderTest())('limits on %s', (kind) => {
  /** Small rate and concurrency limits, the default time budget. */
  let hub: TestHub;
  /** A time budget of 100 ms, which the over-budget query cannot keep (its cost limit lets it in). */
  let timed: TestHub;
  /** Statements of the over-budget query when it runs to the end. */
  let fullRunStatements: number;
  beforeAll(async () => {
    const roomy = { HUB_MAX_COMPLEXITY: '10000000' };
    [hub, timed] = await Promise.all([seeded(kind, { HUB_RATE_LIMIT: '20', HUB_MAX_CONCURRENT: '2' }), seeded(kind, { HUB_REQUEST_TIME_MS: '100', ...roomy })]);
    const untimed = await timed.restart({ HUB_REQUEST_TIME_MS: '15000', ...roomy });
    const fullRun = await post(untimed, admin('full-run'), overBudget('FullRun'));
    expect(fullRun.body.errors).toBeUndefined();
    fullRunStatements = fullRun.body.extensions?.sqlStatements;
    timed = await untimed.restart({ HUB_REQUEST_TIME_MS: '100', ...roomy });
  });
  afterAll(() => Promise.all([hub?.stop(), timed?.stop()]));

  describe('cost, strings, callers and health', () => {
    describe.each(TRANSPORTS)('over %s', (transport) => {
      test('150 aliased counts, and their cousins, are refused before anything runs', async () => {
        for (const [what, query] of [['counts', COUNTS_150], ...Object.entries(COUSINS)]) {
          const res = await send(hub, transport, admin(`cost-${transport}-${what}`), query, { input: FULL_BATCH });
          expect({ what, codes: codes(res) }).toEqual({ what, codes: ['QUERY_TOO_COMPLEX'] });
          expect(res.data).toBeUndefined();
        }
        const counts = await send(hub, transport, admin(`cost-${transport}`), COUNTS_150);
        expect(counts.errors?.[0].extensions).toMatchObject({ limit: 200_000, complexity: expect.any(Number) });
        expect(counts.errors?.[0].extensions?.complexity).toBeGreaterThan(1_000_000);
        const http = await post(hub, admin('cost-statements'), COUNTS_150);
        expect(http.status).toBe(400);
        expect(http.body.extensions?.sqlStatements).toBe(0);
      });

      test('a page of 100 persons with every department and every decision is still served', async () => {
        const res = await send(hub, transport, admin(`heavy-${transport}`), heavy('Heavy'));
        expect(res.errors).toBeUndefined();
        expect(res.data.persons.edges).toHaveLength(100);
        expect(res.data.persons.edges[0].node.eligibility.length).toBeGreaterThan(0);
      });

      test('a 1 MB string argument is STRING_TOO_LONG, and no audit row holds it', async () => {
        const marker = `LONG-${transport}-`;
        const long = marker.repeat(Math.ceil(2 ** 20 / marker.length));
        const caller = admin(`strings-${transport}`);
        const asVariable = await send(hub, transport, caller, 'query LongId($id: String!) { person(idNumber: $id) { idNumber } }', { id: long });
        expect(asVariable.errors?.[0].extensions).toMatchObject({ code: 'STRING_TOO_LONG', argument: '$id', length: long.length, limit: 4096 });
        const nested = await send(hub, transport, caller, 'query($f: PersonFilter) { persons(filter: $f) { totalCount } }', { f: { district: long } });
        expect(nested.errors?.[0].extensions).toMatchObject({ code: 'STRING_TOO_LONG', argument: '$f.district' });
        const inline = await send(hub, transport, caller, `{ who: person(idNumber: ${JSON.stringify(long)}) { idNumber } }`);
        expect(inline.errors?.[0].extensions).toMatchObject({ code: 'STRING_TOO_LONG', argument: 'who.idNumber' });
        expect(inline.data).toBeUndefined();
        if (transport === 'http') expect((await post(hub, caller, 'query($id: String!) { person(idNumber: $id) { idNumber } }', { id: long })).status).toBe(400);

        const like = `%${marker}${marker}%`;
        const [entries] = await hub.dataSource.query('SELECT COUNT(*) AS n FROM audit_entry WHERE operation LIKE ? OR fields LIKE ? OR purpose LIKE ? OR sub LIKE ?', [like, like, like, like]);
        const [persons] = await hub.dataSource.query('SELECT COUNT(*) AS n, MAX(LENGTH(idNumber)) AS longest FROM audit_entry_person WHERE idNumber LIKE ? OR LENGTH(idNumber) > 18', [like]);
        expect(Number(entries.n)).toBe(0);
        expect(Number(persons.n)).toBe(0);
      });
    });

    test('a syntactically impossible ID number is looked up as nobody and not audited', async () => {
      const impossible = '12010119800101001Y';
      const res = await hub.gql('query Impossible($id: String!) { person(idNumber: $id) { idNumber } }', { id: impossible });
      expect(res).toMatchObject({ data: { person: null } });
      const rows = await hub.dataSource.query('SELECT COUNT(*) AS n FROM audit_entry_person WHERE idNumber = ?', [impossible]);
      expect(Number(rows[0].n)).toBe(0);
    });

    test('beyond HUB_RATE_LIMIT a minute a caller gets 429 with Retry-After, on either transport; another caller does not', async () => {
      const busy = admin('rate-busy');
      const cheap = '{ eligibilityRules { id } }';
      for (let i = 0; i < 20; i++) expect((await post(hub, busy, cheap)).status).toBe(200);
      const refused = await post(hub, busy, cheap);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      const retryAfter = refused.body.errors?.[0].extensions?.retryAfter;
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(Number(refused.retryAfter)).toBe(retryAfter);
      expect(codes(await hub.wsOnce(busy, cheap))).toEqual(['RATE_LIMITED']);
      expect((await post(hub, admin('rate-other'), cheap)).status).toBe(200);
      expect(codes(await hub.wsOnce({ ...busy, role: 'analyst' }, cheap))).toEqual([]);
    });

    test('beyond HUB_MAX_CONCURRENT operations in flight a caller gets 429, and the slots come back', async () => {
      const caller = admin('concurrent');
      const burst = await Promise.all(Array.from({ length: 5 }, () => post(hub, caller, heavy('Burst'))));
      const refused = burst.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      expect(refused[0].body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
      expect(refused[0].retryAfter).toBe('1');
      const again = await Promise.all([post(hub, caller, heavy('Again')), post(hub, caller, heavy('Again'))]);
      expect(again.map((r) => r.status)).toEqual([200, 200]);
    });

    test('a slot is handed back when another plugin refuses the operation or execution fails', async () => {
      const caller = admin('refused-then-served');
      for (let i = 0; i < 3; i++) {
        expect((await post(hub, caller, COUNTS_150)).body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
        expect((await post(hub, caller, 'query($id: String!) { person(idNumber: $id) { name } }', { id: 'x'.repeat(5000) })).status).toBe(400);
        expect((await post(hub, caller, '{ persons(first: 500) { totalCount } }')).body.errors?.[0].extensions?.code).toBe('PAGE_TOO_LARGE');
        expect(codes(await hub.wsOnce(caller, COUNTS_150))).toEqual(['QUERY_TOO_COMPLEX']);
      }
      const served = await Promise.all([post(hub, caller, '{ eligibilityRules { id } }'), hub.wsOnce(caller, '{ eligibilityRules { id } }')]);
      expect(served[0].status).toBe(200);
      expect(served[1].errors).toBeUndefined();
    });

    test('/healthz answers while a heavy query runs', async () => {
      const caller = admin('health-load');
      const load = post(hub, caller, MIXED_LOAD);
      // Only long enough for the load to reach the hub first: it takes a few tens of milliseconds in all.
      await new Promise((resolve) => setTimeout(resolve, 3));
      const answeredAt: number[] = [];
      let loadDone = false;
      void load.finally(() => (loadDone = true));
      while (!loadDone) {
        const health = await fetch(`${hub.url}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok', database: 'reachable' });
        answeredAt.push(Date.now());
      }
      const loaded = await load;
      expect(loaded.status).toBe(200);
      expect(loaded.body.errors).toBeUndefined();
      // The audit entry is written when the load has been answered: health was served before that,
      // between the load's statements, not after it.
      const entries = (await hub.gql('query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { at } } } }', { sub: caller.sub })).data.auditLog.edges;
      expect(entries).toHaveLength(1);
      // (Within the same millisecond counts: the entry is written before the load's answer is sent.)
      expect(Math.min(...answeredAt)).toBeLessThanOrEqual(Date.parse(entries[0].node.at));
    });
  });

  describe('time budget', () => {
    test.each(TRANSPORTS)('a request past HUB_REQUEST_TIME_MS over %s gets TIME_BUDGET_EXCEEDED, stops sending statements, and is audited', async (transport) => {
      const caller = admin(`budget-${transport}`);
      const res = await send(timed, transport, caller, overBudget('OverBudget'));
      expect(codes(res)).toEqual(['TIME_BUDGET_EXCEEDED']);
      if (transport === 'http') {
        const http = await post(timed, caller, overBudget('OverBudget'));
        expect(http.status).toBe(503);
        expect(fullRunStatements).toBeGreaterThan(10);
        expect(http.body.extensions?.sqlStatements).toBeLessThan(fullRunStatements);
      }
      // What was read before the deadline is in the audit log all the same.
      const entries = await timed.dataSource.query('SELECT COUNT(*) AS n FROM audit_entry WHERE sub = ? AND operation = ?', [caller.sub, 'OverBudget']);
      expect(Number(entries[0].n)).toBeGreaterThanOrEqual(1);
    });

    if (kind === 'mariadb') {
      test('the database itself stops a statement that runs past the budget', async () => {
        const url = (timed.dataSource.options as { url: string }).url;
        const limited = await openDataSource(url, createLogger('silent'), { statementTimeMs: 250 });
        try {
          const [{ limit }] = await limited.query('SELECT @@SESSION.max_statement_time AS `limit`');
          expect(Number(limit)).toBeCloseTo(0.25);
          await expect(limited.query('SELECT SLEEP(3)')).rejects.toMatchObject({ extensions: { code: 'TIME_BUDGET_EXCEEDED' } });
        } finally {
          await limited.destroy();
        }
      });
    }
  });
});
