import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

describe.each(databasesUnderTest())('HTTP surface on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterAll(() => hub?.stop());

  test('/healthz reports a reachable database', async () => {
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'reachable' });
  });

  test('a browser opening /graphql is sent to the IDE; the IDE is served from local files', async () => {
    const redirect = await fetch(`${hub.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/graphiql');
    const ide = await fetch(`${hub.url}/graphiql`);
    expect(ide.status).toBe(200);
    const html = await ide.text();
    expect(html).toContain('hub-ide-config');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i);
  });

  test('a GET query without a browser Accept header is still answered as GraphQL', async () => {
    const res = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' }, extensions: { sqlStatements: 0 } });
  });

  test('a subscription sent over HTTP is refused with 400', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(ADMIN)}` },
      body: JSON.stringify({ query: 'subscription { nothing }' }),
    });
    expect(res.status).toBe(400);
  });

  test('every response carries a request id of the hub\'s own, whatever the client sends', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // A client-chosen id would let one caller file requests under another's id in the audit log.
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const other = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
