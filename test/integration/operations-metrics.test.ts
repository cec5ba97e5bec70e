import { networkInterfaces } from 'node:os';
import { newIdNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * GET /metrics (docs/operations.md): Prometheus text, counting every operation exactly once
 * under a label from the schema (never the name a client typed), statements per operation,
 * outbox and dead-letter figures read at scrape time; refused without the token when one is set,
 * and to other machines when none is.
 */

const PERSON = `query($id: String!) { person(idNumber: $id) { idNumber } }`;
const METRICS_TOKEN = 'metrics-token-for-the-operations-test';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

function samples(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line) as RegExpExecArray;
      const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(match[2]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels` (0 when there is none yet). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = samples(text, name).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

/** An address of this machine other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

describe.each(databasesUnderTest())('metrics on %s', (kind) => {
  let hub: TestHub;
  const scrape = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}/metrics`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(ADMIN)}` },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    hub = await startTestHub(kind);
    // Before the first scrape (the figures are then cached for a few seconds): one dead letter, two deliveries waiting.
    const far = '2099-01-01 00:00:00.000';
    for (const [sequence, status] of [[9_000_001, 'DEAD'], [9_000_002, 'PENDING'], [9_000_003, 'PENDING']] as const) {
      await hub.dataSource.query('INSERT INTO push_delivery (sequence, districtCode, idNumber, status, attempts, nextAttemptAt) VALUES (?, ?, ?, ?, ?, ?)', [
        sequence,
        '120101',
        newIdNumber('120101', '1970-01-01'),
        status,
        3,
        far,
      ]);
    }
  });
  afterAll(() => hub?.stop());

  test('served to this machine in Prometheus text, with the process metrics and the scrape-time figures', async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(res.text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    expect(valueOf(res.text, 'hub_push_outbox_open_notifications')).toBe(0);
    expect(valueOf(res.text, 'hub_webhook_dead_letters')).toBe(1);
    expect(valueOf(res.text, 'hub_webhook_deliveries_pending')).toBe(2);
    expect(valueOf(res.text, 'hub_webhook_delivery_attempts_total', { result: 'dead' })).toBe(0);
    // mysql2's pool is read; SQLite has none, and nothing is invented for it.
    if (kind === 'sqlite') expect(res.text).not.toMatch(/hub_db_pool/);
    else {
      expect(valueOf(res.text, 'hub_db_pool_limit')).toBeGreaterThan(0);
      expect(samples(res.text, 'hub_db_pool_connections').map((s) => s.labels.state).sort()).toEqual(['idle', 'in_use', 'waiting']);
    }
  });

  test('each operation is counted once, timed, and its statements observed, under a label the client cannot choose', async () => {
    const id = newIdNumber('120101', '1980-02-03');
    const junk = `Q${id}`;
    const labels = { operation: 'person', kind: 'query' };
    const before = (await scrape()).text;
    for (let i = 0; i < 3; i++) expect((await post({ query: `query ${junk}($id: String!) { person(idNumber: $id) { idNumber } }`, variables: { id }, operationName: junk })).errors).toBeUndefined();
    expect((await post({ query: PERSON, variables: { id } })).errors).toBeUndefined();
    // Named after its own root field: the name is the label.
    expect((await post({ query: `query person($id: String!) { person(idNumber: $id) { idNumber } }`, variables: { id } })).errors).toBeUndefined();
    const invalid = await post({ query: `query ${junk} { person(idNumber: "${id}") { noSuchField } }`, operationName: junk });
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = (await scrape()).text;

    const moved = (name: string, l: Record<string, string>) => valueOf(after, name, l) - valueOf(before, name, l);
    expect(moved('hub_graphql_operations_total', { ...labels, outcome: 'ok' })).toBe(5);
    expect(moved('hub_graphql_operations_total', { operation: 'other', kind: 'unknown', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(moved('hub_graphql_operation_duration_seconds_count', labels)).toBe(5);
    expect(moved('hub_graphql_sql_statements_count', labels)).toBe(5);
    // A read of a person costs at least its lookup and its audit entry.
    expect(moved('hub_graphql_sql_statements_sum', labels)).toBeGreaterThanOrEqual(10);
    // Five operations sent over HTTP (the scrapes are HTTP requests too, counted by route).
    expect(moved('hub_http_requests_total', { route: '/graphql', method: 'POST', status: '200' })).toBe(5);
    expect(after).not.toContain(id);
    expect(after).not.toContain(junk);
    for (const s of samples(after, 'hub_graphql_operations_total')) expect(s.labels.operation).toMatch(/^(other|[a-zA-Z_]+(,[a-zA-Z_]+)*)$/);
  });

  describe('with HUB_METRICS_TOKEN', () => {
    let guarded: TestHub;
    beforeAll(async () => {
      guarded = await startTestHub(kind, { HUB_METRICS_TOKEN: METRICS_TOKEN });
    });
    afterAll(() => guarded?.stop());

    test('a scraper needs the bearer token, even from this machine', async () => {
      const get = (headers: Record<string, string> = {}) => fetch(`${guarded.url}/metrics`, { headers });
      const none = await get();
      expect(none.status).toBe(401);
      expect(((await none.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await get({ authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
      expect((await get({ authorization: `Bearer ${await guarded.token(ADMIN)}` })).status).toBe(401);
      const ok = await get({ authorization: `Bearer ${METRICS_TOKEN}` });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^hub_graphql_operations_total|^# HELP hub_graphql_operations_total/m);
    });
  });

  const address = externalAddress();
  (address ? describe : describe.skip)('without a token, listening on every interface', () => {
    let open: TestHub;
    beforeAll(async () => {
      open = await startTestHub(kind, { HOST: '0.0.0.0' });
    });
    afterAll(() => open?.stop());

    test('a request from another address is refused, one from loopback is served', async () => {
      const port = new URL(open.url).port;
      const remote = await fetch(`http://${address}:${port}/metrics`);
      expect(remote.status).toBe(403);
      expect(((await remote.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    });
  });
});
