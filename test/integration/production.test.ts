import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadSettings, SettingsError } from '../../src/config';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

test('production refuses to start without a secret or key set to verify tokens', () => {
  expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(SettingsError);
  expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(/HUB_JWT_SECRET or HUB_JWKS_FILE/);
  expect(() => loadSettings({ NODE_ENV: 'production', HUB_JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  expect(() => loadSettings({ NODE_ENV: 'production', HUB_JWT_SECRET: 'x'.repeat(32) })).toThrow(/HUB_PSEUDONYM_KEY/);
  const keys = { HUB_JWT_SECRET: 'x'.repeat(32), HUB_PSEUDONYM_KEY: 'p'.repeat(32) };
  const settings = loadSettings({ NODE_ENV: 'production', ...keys });
  expect(settings).toMatchObject({ HUB_INTROSPECTION: false, HUB_IDE: false, HUB_REPORT_STATEMENTS: false });
  expect(loadSettings({ NODE_ENV: 'production', ...keys, HUB_IDE: 'on' }).HUB_IDE).toBe(true);
});

describe.each(databasesUnderTest())('production mode on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind, { NODE_ENV: 'production' });
  });
  afterAll(() => hub?.stop());

  test('introspection and the IDE are off', async () => {
    const res = await hub.gql('{ __schema { queryType { name } } }');
    expect(res.errors?.[0].message).toMatch(/introspection is not allowed/i);
    const anonymous = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${hub.url}/graphiql`)).status).toBe(404);
  });

  test('an unexpected error is masked: the caller gets a request id, not the inside of the hub', async () => {
    await hub.dataSource.query('ALTER TABLE ca_person RENAME TO ca_person_away');
    try {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(ADMIN)}`, 'x-request-id': 'req-42' },
        body: JSON.stringify({ query: '{ persons(first: 1) { totalCount } }' }),
      });
      const body = (await res.json()) as any;
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.errors[0]).toEqual({ message: `internal error; quote request id ${requestId}`, path: ['persons'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
      expect(JSON.stringify(body)).not.toMatch(/ca_person|SQL|stack/i);
    } finally {
      await hub.dataSource.query('ALTER TABLE ca_person_away RENAME TO ca_person');
    }
  });

  test('HTTP responses carry security headers', async () => {
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe.each(databasesUnderTest())('WebSocket on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterAll(() => hub?.stop());

  const run = (connectionParams: Record<string, unknown>) => {
    const client = createClient({ url: `${hub.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    return new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
      client.subscribe(
        { query: '{ eligibilityRules { id } }' },
        { next: (result) => resolve({ result }), error: (error) => resolve({ error }), complete: () => undefined },
      );
    }).finally(() => client.dispose());
  };

  test('a connection with a valid token is served; without one, or with a bad one, it is closed', async () => {
    const ok = await run({ Authorization: `Bearer ${await hub.token(ADMIN)}` });
    expect((ok.result as any).data.eligibilityRules).toHaveLength(7);
    const none = await run({});
    expect(none.error).toMatchObject({ code: 4403 });
    const bad = await run({ Authorization: 'Bearer nonsense' });
    expect(bad.error).toMatchObject({ code: 4403 });
  });
});
