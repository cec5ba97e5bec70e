import type { Caller } from '../../src/auth/caller';
import { hubToday } from '../../src/common/clock';
import type { AnyHubModule } from '../../src/context/hub-module';
import { createLogger } from '../../src/logger';
import { PushNotification } from '../../src/push/notification.entity';
import { DeliveryStatus } from '../../src/push/push.enums';
import { PushDelivery } from '../../src/push/webhook-delivery.entity';
import { webhooksModule } from '../../src/push/webhooks/webhooks.module';
import { HUB_MODULES } from '../../src/server/modules';
import { buildWorld } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { startHubProcesses, type HubProcess } from './support/hub-process';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';
import { signedWith, startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './support/webhook-receiver';

/*
 * District webhooks end to end (issue 9, point 5; docs/push-webhooks.md): real ingestion writes the
 * notifications, a real hub's worker posts them to a real HTTP receiver on loopback.
 */

// Until src/server/modules.ts lists the webhooks module, the suite serves it as an extra one.
const extraModules: AnyHubModule[] = (HUB_MODULES as readonly AnyHubModule[]).includes(webhooksModule) ? [] : [webhooksModule];

const SECRET = 'district-webhook-secret-0123456789abcdef';
const MAX_ATTEMPTS = 4;
/** Small delays so that four attempts take a fraction of a second. */
const FAST = {
  HUB_WEBHOOK_POLL_MS: '25',
  HUB_WEBHOOK_BACKOFF_MS: '10',
  HUB_WEBHOOK_MAX_BACKOFF_MS: '80',
  HUB_WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  HUB_WEBHOOK_TIMEOUT_MS: '3000',
};

const REGISTER = `mutation($d: String!, $u: String!, $s: String!) { registerWebhook(districtCode: $d, url: $u, secret: $s) { districtCode url registeredAt registeredBy } }`;
const DEAD_LETTERS = `query($d: String, $first: Int, $after: String) { deadLetters(districtCode: $d, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id districtCode attempts lastError failedAt } } } }`;
const REPLAY = `mutation($ids: [ID!]!) { replayDeadLetters(ids: $ids) }`;

/** One civil-affairs batch making these persons eligible while living away. */
function eligibleLivingAway(count: number, registeredDistrict: string, residenceDistrict: string): { ids: string[]; input: Record<string, unknown[]> } {
  const today = hubToday();
  const worlds = Array.from({ length: count }, () =>
    buildWorld({
      name: 'webhook',
      asOf: today,
      subject: 'p',
      expect: { outcome: '', conditions: {}, amount: null },
      persons: { p: { birthDate: '1950-03-03', supporterStatus: 'NONE', registeredDistrict, residenceDistrict } },
      household: { registeredDistrict, residenceDistrict, members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: today, moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 0, nonResidentialProperty: false, incomeStable: true }],
    }),
  );
  const lists = ['persons', 'households', 'economicChecks'];
  return { ids: worlds.map((w) => w.ids.p), input: Object.fromEntries(lists.map((l) => [l, worlds.flatMap((w) => w.civilAffairs[l])])) };
}

/** Makes a person registered in one district and living in another eligible through real ingestion. */
async function ingestEligibleLivingAway(hub: TestHub, registeredDistrict: string, residenceDistrict: string): Promise<string> {
  const { ids, input } = eligibleLivingAway(1, registeredDistrict, residenceDistrict);
  const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input });
  expect(res.data.ingestCivilAffairs.rejected).toBe(0);
  return ids[0];
}

function notificationsOf(hub: TestHub, idNumber: string, districtCode: string): Promise<PushNotification[]> {
  return hub.dataSource.manager.find(PushNotification, { where: { idNumber, districtCode }, order: { sequence: 'ASC' } });
}

/** What the worker logs names sequences and districts: never a person, an address, a secret or a body. */
function expectCleanWorkerLogs(lines: string[]): void {
  const worker = lines.map((line) => JSON.parse(line)).filter((l) => /webhook/.test(l.msg));
  expect(worker.length).toBeGreaterThan(0);
  for (const line of worker) {
    expect(Object.keys(line).filter((k) => !['level', 'time', 'pid', 'hostname', 'service', 'msg', 'sequence', 'district', 'attempt', 'error', 'retryAt', 'status'].includes(k))).toEqual([]);
  }
  const text = worker.map((l) => JSON.stringify(l)).join('\n');
  for (const absent of [SECRET, '127.0.0.1', 'hub-notifications', '[id-number]', 'NEWLY_ELIGIBLE']) expect(text).not.toContain(absent);
}

const forDelivery = (requests: ReceivedRequest[], sequence: number) => requests.filter((r) => r.headers['x-hub-delivery'] === String(sequence));

describe.each(databasesUnderTest())('webhooks on %s', (kind) => {
  let hub: TestHub;
  const lines: string[] = [];
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    hub = await startTestHub(kind, FAST, { extraModules, log: createLogger('info', { write: (line: string) => lines.push(line) }) });
  });
  afterAll(async () => {
    await hub?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  });

  test('a receiver failing three times then accepting gets each notification once accepted, signed, with its idempotency key', async () => {
    const endpoint = await receiver();
    endpoint.setPolicy(({ attempt }) => (attempt <= 3 ? 503 : 200));
    const registered = await hub.gql(REGISTER, { d: '120104', u: endpoint.url, s: SECRET });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerWebhook).toMatchObject({ districtCode: '120104', url: endpoint.url, registeredBy: 'test-admin' });

    const started = Math.floor(Date.now() / 1000);
    const person = await ingestEligibleLivingAway(hub, '120101', '120104');
    const mine = await notificationsOf(hub, person, '120104');
    expect(mine.length).toBeGreaterThan(0);
    // The registered district has notifications too, but no webhook: nothing is queued for it.
    expect(await notificationsOf(hub, person, '120101')).toHaveLength(mine.length);
    expect(await hub.dataSource.manager.countBy(PushDelivery, { idNumber: person, districtCode: '120101' })).toBe(0);

    await endpoint.waitUntil(() => mine.every((n) => forDelivery(endpoint.accepted(), n.sequence).length === 1), 20_000, 'every notification accepted');
    // Long enough for a duplicate to show up, were one coming.
    await new Promise((resolve) => setTimeout(resolve, 300));

    for (const n of mine) {
      const attempts = forDelivery(endpoint.requests, n.sequence);
      expect(attempts.map((r) => r.status)).toEqual([503, 503, 503, 200]);
      for (const request of attempts) {
        expect(signedWith(request, SECRET)).toBe(true);
        expect(signedWith(request, `${SECRET}x`)).toBe(false);
        expect(request.headers['content-type']).toBe('application/json');
        expect(Math.abs(Number(request.headers['x-hub-timestamp']) - started)).toBeLessThan(120);
        expect(request.headers['idempotency-key']).toBe(`120104:${n.changeKey}`);
      }
      const accepted = attempts[3].json;
      expect(accepted).toEqual({
        id: String(n.sequence),
        sequence: n.sequence,
        districtCode: '120104',
        registeredDistrict: '120101',
        residenceDistrict: '120104',
        idNumber: person,
        kind: n.kind,
        trigger: n.trigger,
        ruleId: n.ruleId,
        program: n.program,
        recordKey: n.recordKey,
        previousOutcome: n.previousOutcome,
        newOutcome: n.newOutcome,
        amount: n.amount,
        asOf: n.asOf,
        createdAt: n.createdAt.toISOString(),
      });
      const row = await hub.dataSource.manager.findOneByOrFail(PushDelivery, { sequence: n.sequence });
      expect(row).toMatchObject({ status: DeliveryStatus.DELIVERED, attempts: 4, lastError: null });
    }
    // The payload names no one and explains nothing: the district reads that through the API.
    expect(endpoint.requests.every((r) => !/"name"|"detail"|"explanation"/.test(r.body))).toBe(true);
    expect(endpoint.requests.every((r) => r.json.districtCode === '120104')).toBe(true);
  });

  test('a receiver that always fails ends as a dead letter; deadLetters lists it and a replay delivers it once fixed', async () => {
    const endpoint = await receiver();
    endpoint.setPolicy(() => 500);
    expect((await hub.gql(REGISTER, { d: '120103', u: endpoint.url, s: SECRET })).errors).toBeUndefined();
    const person = await ingestEligibleLivingAway(hub, '120101', '120103');
    const mine = await notificationsOf(hub, person, '120103');
    const sequences = mine.map((n) => String(n.sequence));

    let listed: any;
    await endpoint.waitUntil(() => endpoint.requests.length >= mine.length * MAX_ATTEMPTS, 20_000, 'every attempt made');
    for (let i = 0; i < 100; i++) {
      listed = (await hub.gql(DEAD_LETTERS, { d: '120103' })).data.deadLetters;
      // The page and its count are read one after the other: wait until both show every dead letter.
      if (listed.totalCount === mine.length && listed.edges.length === mine.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listed.edges.map((e: any) => e.node.id)).toEqual(sequences);
    for (const { node } of listed.edges) {
      expect(node).toMatchObject({ districtCode: '120103', attempts: MAX_ATTEMPTS, lastError: 'HTTP 500' });
      expect(Date.parse(node.failedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(endpoint.requests).toHaveLength(mine.length * MAX_ATTEMPTS);
    // Dead letters of other districts are not in this district's list; paging follows the cursor.
    const firstPage = (await hub.gql(DEAD_LETTERS, { d: '120103', first: 1 })).data.deadLetters;
    expect(firstPage.pageInfo.hasNextPage).toBe(mine.length > 1);
    const next = (await hub.gql(DEAD_LETTERS, { d: '120103', first: 10, after: firstPage.pageInfo.endCursor })).data.deadLetters;
    expect(next.edges.map((e: any) => e.node.id)).toEqual(sequences.slice(1));

    endpoint.setPolicy(() => 204);
    const replayed = await hub.gql(REPLAY, { ids: [...sequences, '999999999'] });
    expect(replayed.data.replayDeadLetters).toBe(mine.length);
    await endpoint.waitUntil(() => endpoint.accepted().length === mine.length, 20_000, 'the replayed notifications accepted');
    expect(endpoint.accepted().map((r) => r.headers['x-hub-delivery'])).toEqual(sequences);
    expect(endpoint.accepted().every((r) => signedWith(r, SECRET))).toBe(true);
    expect((await hub.gql(DEAD_LETTERS, { d: '120103' })).data.deadLetters.totalCount).toBe(0);
    // A second replay of the same ids finds nothing dead.
    expect((await hub.gql(REPLAY, { ids: sequences })).data.replayDeadLetters).toBe(0);
    // Retries and the dead letters were logged, by sequence and district only.
    expectCleanWorkerLogs(lines);
    expect(lines.map((line) => JSON.parse(line)).filter((l) => /dead letter/.test(l.msg)).map((l) => String(l.sequence))).toEqual(sequences);
  });

  test('an ingestion that rolls back delivers nothing; sent again, it is delivered once', async () => {
    const endpoint = await receiver();
    expect((await hub.gql(REGISTER, { d: '120102', u: endpoint.url, s: SECRET })).errors).toBeUndefined();
    const { ids, input } = eligibleLivingAway(1, '120101', '120102');
    // The audit entry is written last in the ingestion transaction: without its table the whole transaction rolls back.
    await hub.dataSource.query('ALTER TABLE audit_entry RENAME TO audit_entry_away');
    let failed;
    try {
      failed = await hub.gql(INGEST_CIVIL_AFFAIRS, { input });
    } finally {
      await hub.dataSource.query('ALTER TABLE audit_entry_away RENAME TO audit_entry');
    }
    expect(failed.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(endpoint.requests).toEqual([]);
    expect(await hub.dataSource.manager.countBy(PushDelivery, { idNumber: ids[0] })).toBe(0);

    expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input })).data.ingestCivilAffairs.rejected).toBe(0);
    const mine = await notificationsOf(hub, ids[0], '120102');
    expect(mine.length).toBeGreaterThan(0);
    await endpoint.waitUntil(() => endpoint.accepted().length === mine.length, 20_000, 'the notifications accepted');
    expect(endpoint.requests.map((r) => Number(r.headers['x-hub-delivery']))).toEqual(mine.map((n) => n.sequence));
  });

  test('registration refuses bad districts, addresses and secrets with a code and the field, never repeating the secret', async () => {
    const refused = async (d: string, u: string, s: string) => (await hub.gql(REGISTER, { d, u, s })).errors?.[0];
    expect(await refused('999999', 'https://a.example/hook', SECRET)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'districtCode' } });
    expect(await refused('110101', 'https://a.example/hook', SECRET)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'districtCode' } });
    for (const url of ['ftp://a.example/hook', 'not a url', '/relative/hook', 'https://user:pass@a.example/hook']) {
      expect(await refused('120105', url, SECRET)).toMatchObject({ extensions: { code: 'INVALID_WEBHOOK_URL', field: 'url' } });
    }
    const short = 'short-secret-0123456789';
    const error = await refused('120105', 'https://a.example/hook', short);
    expect(error).toMatchObject({ extensions: { code: 'INVALID_WEBHOOK_SECRET', field: 'secret' } });
    expect(JSON.stringify(error)).not.toContain(short);
    expect((await hub.gql(`{ webhooks { districtCode } }`)).data.webhooks.map((w: any) => w.districtCode)).not.toContain('120105');
  });

  test('webhooks lists every endpoint without its secret; a second registration replaces the first; removal is reported', async () => {
    const first = await hub.gql(REGISTER, { d: '120106', u: 'https://first.example/hook', s: `${SECRET}-first` });
    expect(first.errors).toBeUndefined();
    await hub.gql(REGISTER, { d: '120106', u: 'https://second.example/hook', s: `${SECRET}-second` });
    const listed = await hub.gql(`{ webhooks { districtCode url registeredAt registeredBy } }`);
    expect(listed.data.webhooks.filter((w: any) => w.districtCode === '120106')).toEqual([
      { districtCode: '120106', url: 'https://second.example/hook', registeredAt: expect.any(String), registeredBy: 'test-admin' },
    ]);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    const asked = await hub.gql(`{ webhooks { secret } }`);
    expect(asked.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await hub.gql(`mutation { removeWebhook(districtCode: "120106") }`)).data.removeWebhook).toBe(true);
    expect((await hub.gql(`mutation { removeWebhook(districtCode: "120106") }`)).data.removeWebhook).toBe(false);
  });

  test.each<[string, Caller, Record<string, string>]>([
    ['a district officer', { sub: 'wh-district', role: 'district', district: '120104' }, {}],
    ['a department', { sub: 'wh-department', role: 'department', dept: 'human-resources' }, { 'X-Purpose': 'webhooks' }],
    ['an analyst', { sub: 'wh-analyst', role: 'analyst' }, {}],
  ])('%s is refused every webhook field with FORBIDDEN', async (_who, caller, headers) => {
    const operations = [
      `{ webhooks { districtCode url } }`,
      `{ deadLetters { totalCount } }`,
      `mutation { registerWebhook(districtCode: "120104", url: "https://evil.example/hook", secret: "${SECRET}") { districtCode } }`,
      `mutation { removeWebhook(districtCode: "120104") }`,
      `mutation { replayDeadLetters(ids: ["1"]) }`,
    ];
    for (const operation of operations) {
      const res = await hub.as(caller, headers)(operation);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data ?? null).toBeNull();
    }
    const still = await hub.gql(`{ webhooks { districtCode url } }`);
    expect(still.data.webhooks.find((w: any) => w.districtCode === '120104').url).not.toContain('evil');
  });

  test('stopping a hub waits for the delivery in flight and records its outcome', async () => {
    const own: string[] = [];
    const stoppable = await startTestHub(kind, FAST, { extraModules, log: createLogger('debug', { write: (line: string) => own.push(line) }) });
    const endpoint = await receiver();
    let arrived = () => undefined as void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    endpoint.setPolicy(async () => {
      arrived();
      await new Promise((resolve) => setTimeout(resolve, 700));
      return 200;
    });
    expect((await stoppable.gql(REGISTER, { d: '120104', u: endpoint.url, s: SECRET })).errors).toBeUndefined();
    await ingestEligibleLivingAway(stoppable, '120101', '120104');
    await arrival;
    const stopping = Date.now();
    await stoppable.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(400);
    const accepted = endpoint.accepted().map((r) => Number(r.headers['x-hub-delivery']));
    expect(accepted).toHaveLength(1);
    const logged = own.map((line) => JSON.parse(line));
    expect(logged.filter((l) => l.msg === 'webhook delivered').map((l) => l.sequence)).toEqual(accepted);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expectCleanWorkerLogs(own);
  });
});

const withMysql = databasesUnderTest().includes('mariadb') ? describe : describe.skip;

withMysql('two hub processes on one MariaDB', () => {
  jest.setTimeout(180_000);

  test('deliver each notification once, one at a time and in order per person', async () => {
    // This hub only creates and migrates the database and writes the notifications; the two processes deliver.
    const hub = await startTestHub('mariadb', { HUB_WEBHOOKS: 'off' }, { extraModules });
    const endpoint = await startWebhookReceiver();
    let children: HubProcess[] = [];
    try {
      const databaseUrl = (hub.dataSource.options as { url: string }).url;
      children = await startHubProcesses(2, databaseUrl, { token: hub.token, env: { HUB_WEBHOOK_POLL_MS: '20', HUB_WEBHOOK_CONCURRENCY: '2' } });

      // Two requests for one person at once would be an ordering fault even if they arrived in order.
      const inFlight = new Set<string>();
      const overlapping: string[] = [];
      endpoint.setPolicy(async ({ body }) => {
        const person = JSON.parse(body).idNumber as string;
        if (inFlight.has(person)) overlapping.push(person);
        inFlight.add(person);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
        inFlight.delete(person);
        return 200;
      });
      expect((await hub.gql(REGISTER, { d: '120104', u: endpoint.url, s: SECRET })).errors).toBeUndefined();

      // Real ingestion, in many transactions each touching every person, while both processes deliver:
      // each person becomes eligible, then an enrollment starts and ends, round after round.
      const eligible = eligibleLivingAway(6, '120101', '120104');
      const persons = eligible.ids;
      const ingest = async (input: Record<string, unknown[]>) => expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input })).data.ingestCivilAffairs.rejected).toBe(0);
      await ingest(eligible.input);
      const rounds = 6;
      for (let round = 0; round < rounds; round++) {
        const enrollments = persons.map((idNumber, i) => ({
          enrollmentNumber: `WH2-${process.pid}-${i}-${round}`,
          program: 'TEKUN',
          unit: 'SINGLE_PERSON',
          idNumber,
          startDate: '2025-01-01',
          monthlyAmount: 1500,
        }));
        await ingest({ enrollments });
        await ingest({ enrollments: enrollments.map((e) => ({ ...e, endDate: '2025-06-01' })) });
      }
      const written = await hub.dataSource.manager.find(PushNotification, { where: { districtCode: '120104' }, order: { sequence: 'ASC' } });
      const perPerson = written.length / persons.length;
      expect(perPerson).toBeGreaterThanOrEqual(2 * rounds);
      const total = persons.length * perPerson;
      await endpoint.waitUntil(() => new Set(endpoint.requests.map((r) => r.headers['x-hub-delivery'])).size === total, 60_000, 'every notification delivered');
      await new Promise((resolve) => setTimeout(resolve, 500));

      const sequences = endpoint.requests.map((r) => Number(r.headers['x-hub-delivery']));
      expect(sequences).toHaveLength(total);
      expect(new Set(sequences).size).toBe(total);
      for (const person of persons) {
        const received = endpoint.requests.filter((r) => r.json.idNumber === person).map((r) => r.json.sequence as number);
        expect(received).toHaveLength(perPerson);
        expect(received).toEqual([...received].sort((a, b) => a - b));
      }
      expect(overlapping).toEqual([]);
      expect(endpoint.requests.every((r) => signedWith(r, SECRET))).toBe(true);

      const rows = await hub.dataSource.manager.findBy(PushDelivery, { districtCode: '120104' });
      expect(rows.every((r) => r.status === DeliveryStatus.DELIVERED && r.attempts === 1)).toBe(true);
      // Both processes took part.
      expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(2);
    } finally {
      const codes = await Promise.all(children.map((child) => child.stop()));
      await endpoint.close();
      await hub.stop();
      expect(codes).toEqual(children.map(() => 0));
    }
  });
});
