import { request as httpRequest } from 'node:http';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import type { Caller } from '../../src/auth/caller';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newIdNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, TEST_SECRET, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * One pipeline for every transport: what holds for a query over HTTP holds for the same query
 * over WebSocket — authentication and expiry, purpose, limits, audit, error masking.
 */

const HEPING: Caller = { sub: 'ws-officer-heping', role: 'district', district: '120101' };
const HR: Caller = { sub: 'ws-hr-bureau', role: 'department', dept: 'human-resources' };
const PERSON = 'query Lookup($id: String!) { person(idNumber: $id) { idNumber name } }';

type Transport = 'http' | 'websocket';

/** Sends one operation as `caller` over the given transport, with these headers / connection parameters. */
function sender(hub: TestHub, transport: Transport) {
  return (caller: Caller, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse> =>
    transport === 'http' ? hub.as(caller, headers)(query, variables) : hub.wsOnce(caller, query, variables, headers);
}

async function auditOf(hub: TestHub, sub: string) {
  const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 50) { edges { node { requestId operation purpose fields persons { idNumber usage } } } } }`, { sub });
  return res.data.auditLog.edges.map((e: any) => e.node);
}

describe.each(databasesUnderTest())('one pipeline for HTTP and WebSocket on %s', (kind) => {
  let hub: TestHub;
  const hepingPerson = newIdNumber('120101', '1966-06-06');
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_DEPTH: '6' });
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ idNumber: hepingPerson, name: '赵管道', registeredDistrict: '120101' }] } });
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
  });
  afterAll(() => hub?.stop());

  describe.each<Transport>(['http', 'websocket'])('over %s', (transport) => {
    test('a read of personal records is audited with the persons it returned', async () => {
      const caller = { ...HEPING, sub: `${HEPING.sub}-${transport}-audit` };
      const res = await sender(hub, transport)(caller, PERSON, { id: hepingPerson });
      expect(res.data.person).toEqual({ idNumber: hepingPerson, name: '赵管道' });
      const [entry] = await auditOf(hub, caller.sub);
      expect(entry).toMatchObject({ operation: 'Lookup', fields: 'person', persons: [{ idNumber: hepingPerson, usage: 'read' }] });
    });

    test('a document of more tokens than any real query is refused before it is validated', async () => {
      const huge = `{ ${Array.from({ length: 40_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      const res = await sender(hub, transport)(ADMIN, huge);
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(res.errors?.[0].message).toMatch(/100000 tokens/);
    });

    test('a too-deep operation is refused before it runs', async () => {
      const deep = '{ persons(first: 1) { edges { node { household { members { person { household { householdNumber } } } } } } } }';
      const res = await sender(hub, transport)(ADMIN, deep);
      expect(res.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
      expect(res.data).toBeUndefined();
    });

    test('a department must state its purpose; a purpose in Chinese is stored as written', async () => {
      const caller = { ...HR, sub: `${HR.sub}-${transport}` };
      const rules = '{ eligibilityRules { id } }';
      const none = await sender(hub, transport)(caller, rules);
      expect(none.errors?.[0].extensions?.code).toBe('PURPOSE_REQUIRED');
      const purpose = '失业登记核对（第6条）';
      const ingest = 'mutation Send($input: HumanResourcesBatch!) { ingestHumanResources(input: $input) { accepted } }';
      const input = { incomeMonths: [{ idNumber: hepingPerson, month: '2020-05', amount: 100 }] };
      const res = await sender(hub, transport)(caller, ingest, { input }, { 'X-Purpose': encodeURIComponent(purpose) });
      expect(res.data.ingestHumanResources.accepted).toBe(1);
      const [entry] = await auditOf(hub, caller.sub);
      expect(entry.purpose).toBe(purpose);
    });
  });

  test('over HTTP, raw UTF-8 in X-Purpose is read as UTF-8 too', async () => {
    const purpose = '人户分离核查';
    const caller = { ...HEPING, sub: 'raw-utf8-purpose' };
    const token = await hub.token(caller);
    const body = JSON.stringify({ query: PERSON, variables: { id: hepingPerson } });
    const url = new URL(`${hub.url}/graphql`);
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          // Node writes header strings as Latin-1: these characters go out as the UTF-8 bytes.
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': Buffer.from(purpose, 'utf8').toString('latin1') },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      // A Buffer body: a string body would be sent together with the headers in its own encoding.
      req.end(Buffer.from(body));
    });
    const [entry] = await auditOf(hub, caller.sub);
    expect(entry.purpose).toBe(purpose);
  });

  test('over WebSocket, the audit log cannot be skipped: when it cannot be written, no personal data is returned', async () => {
    await hub.dataSource.query('ALTER TABLE audit_entry_person RENAME TO audit_entry_person_away');
    try {
      const res = await hub.wsOnce({ ...HEPING, sub: 'ws-audit-down' }, PERSON, { id: hepingPerson });
      expect(res.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(res)).not.toContain(hepingPerson);
      expect(JSON.stringify(res)).not.toContain('赵管道');
    } finally {
      await hub.dataSource.query('ALTER TABLE audit_entry_person_away RENAME TO audit_entry_person');
    }
  });

  test('a WebSocket connection is closed when its token expires, and answers nothing after', async () => {
    const token = await hub.token(HEPING, 2);
    const client = createClient({ url: `${hub.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const run = () =>
      new Promise<{ data?: any; code?: number }>((resolve) => {
        client.subscribe({ query: PERSON, variables: { id: hepingPerson } }, { next: (r) => resolve({ data: r.data }), error: (e: any) => resolve({ code: e?.code }), complete: () => undefined });
      });
    const closed = new Promise<number>((resolve) => client.on('closed', (event: any) => resolve(event.code)));
    try {
      expect((await run()).data.person.idNumber).toBe(hepingPerson);
      expect(await closed).toBe(4401);
      const after = await hub.wsOnce({ Authorization: `Bearer ${token}` }, PERSON, { id: hepingPerson });
      expect(after.data).toBeUndefined();
      expect(after.closeCode).toBe(4403);
    } finally {
      await client.dispose();
    }
  });

  test('tokens living longer than the hub accepts are refused on both transports', async () => {
    const key = new TextEncoder().encode(TEST_SECRET);
    const longLived = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forever')
      .setIssuer('civil-affairs-hub')
      .setAudience('civil-affairs-hub')
      .setIssuedAt()
      .setExpirationTime('400d')
      .sign(key);
    const http = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${longLived}` },
      body: JSON.stringify({ query: '{ eligibilityRules { id } }' }),
    });
    expect(http.status).toBe(401);
    expect(((await http.json()) as any).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'lifetime' });
    const ws = await hub.wsOnce({ Authorization: `Bearer ${longLived}` }, '{ eligibilityRules { id } }');
    expect(ws.closeCode).toBe(4403);
  });

  test('the audit log files a request under the hub\'s own id, not one the client chose', async () => {
    const caller = { ...HEPING, sub: 'chosen-request-id' };
    await hub.as(caller, { 'x-request-id': 'someone-elses-id' })(PERSON, { id: hepingPerson });
    const [entry] = await auditOf(hub, caller.sub);
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe.each(databasesUnderTest())('production pipeline over WebSocket on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind, { NODE_ENV: 'production' });
  });
  afterAll(() => hub?.stop());

  test('introspection is refused over WebSocket as over HTTP', async () => {
    const ws = await hub.wsOnce(ADMIN, '{ __schema { queryType { name } } }');
    expect(ws.data).toBeUndefined();
    expect(JSON.stringify(ws.errors)).toMatch(/introspection/i);
    const http = await hub.gql('{ __schema { queryType { name } } }');
    expect(http.data).toBeUndefined();
  });

  test('unexpected errors are masked over WebSocket: a request id, not the inside of the hub', async () => {
    await hub.dataSource.query('ALTER TABLE ca_person RENAME TO ca_person_gone');
    try {
      const res = await hub.wsOnce(ADMIN, '{ persons(first: 1) { edges { node { idNumber } } } }');
      expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors?.[0].extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(res)).not.toMatch(/ca_person|SQL|stack/i);
    } finally {
      await hub.dataSource.query('ALTER TABLE ca_person_gone RENAME TO ca_person');
    }
  });
});
