import { createLogger } from '../../src/logger';
import type { Caller } from '../../src/auth/caller';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * The access log (one line per HTTP request, none of it personal) and /readyz (the database
 * answers and the audit log can be written, proven without leaving a row in it).
 */

const HEPING: Caller = { sub: 'officer-heping-access', role: 'district', district: '120101' };
const PERSON = `query($id: String!) { person(idNumber: $id) { idNumber name } }`;
const LINE_FIELDS = ['level', 'time', 'pid', 'hostname', 'service', 'msg', 'method', 'path', 'status', 'ms', 'requestId', 'role', 'district', 'dept', 'rootFields', 'statements', 'bytes', 'aborted'];

describe.each(databasesUnderTest())('access log and readiness on %s', (kind) => {
  const lines: string[] = [];
  const name = '欧阳晓峰';
  const id = newIdNumber('120101', '1975-04-05');
  let hub: TestHub;
  const since = (mark: number) => lines.slice(mark).map((l) => JSON.parse(l) as Record<string, any>);
  const requestLines = (mark: number) => since(mark).filter((l) => l.msg === 'request');

  beforeAll(async () => {
    hub = await startTestHub(kind, {}, { log: createLogger('info', { write: (line: string) => lines.push(line) }) });
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [{ idNumber: id, name, registeredDistrict: '120101' }],
        households: [{ householdNumber: newHouseholdNumber('120101'), registeredDistrict: '120101', members: [{ idNumber: id, relation: 'HEAD', monthlyIncome: 1234.56 }] }],
      },
    });
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
  });
  afterAll(() => hub?.stop());

  test('exactly one line per request, with its route, status, caller office, root fields and statements, and nothing personal', async () => {
    const mark = lines.length;
    const token = await hub.token(HEPING);
    const auth = { authorization: `Bearer ${token}` };
    const read = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-purpose': `checking ${id}`, ...auth },
      body: JSON.stringify({ query: PERSON, variables: { id } }),
    });
    const readBody = await read.text();
    expect(readBody).toContain(name);
    const exported = await fetch(`${hub.url}/export/persons.csv?district=120101&eligibleFor=${id}`, { headers: auth });
    await exported.text();
    const health = await fetch(`${hub.url}/healthz`);
    await health.text();
    const missing = await fetch(`${hub.url}/people/${id}/${encodeURIComponent(name)}?name=${encodeURIComponent(name)}`);
    await missing.text();
    const refused = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: JSON.stringify({ query: PERSON, variables: { id } }) });
    await refused.text();

    const logged = requestLines(mark);
    expect(logged.map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/graphql', 200],
      ['GET', '/export/persons.csv', exported.status],
      ['GET', '/healthz', 200],
      ['GET', '(other)', 404],
      ['POST', '/graphql', refused.status],
    ]);
    const [readLine, exportLine, healthLine] = logged;
    expect(readLine).toMatchObject({ requestId: read.headers.get('x-request-id'), role: 'district', district: '120101', rootFields: 'person', bytes: Buffer.byteLength(readBody) });
    expect(readLine.statements).toBeGreaterThanOrEqual(2);
    expect(readLine.ms).toBeGreaterThan(0);
    expect(exportLine).toMatchObject({ requestId: exported.headers.get('x-request-id'), role: 'district', district: '120101', rootFields: 'persons' });
    expect(healthLine).not.toHaveProperty('rootFields');
    for (const line of logged) expect(Object.keys(line).filter((k) => !LINE_FIELDS.includes(k))).toEqual([]);
    const text = lines.slice(mark).join('\n');
    for (const secret of [id, name, encodeURIComponent(name), HEPING.sub, token, 'checking', 'eligibleFor']) expect(text).not.toContain(secret);
  });

  test('over WebSocket: a line per operation and one when the connection closes', async () => {
    const mark = lines.length;
    const res = await hub.wsOnce(HEPING, PERSON, { id });
    expect(res.data?.person.name).toBe(name);
    let closed: Record<string, any> | undefined;
    for (let i = 0; i < 100 && !closed; i++) {
      closed = since(mark).find((l) => l.msg === 'websocket connection closed');
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(closed).toMatchObject({ transport: 'websocket', path: '/graphql' });
    const operations = since(mark).filter((l) => l.msg === 'websocket operation');
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ kind: 'query', rootFields: 'person', outcome: 'ok', role: 'district', district: '120101' });
    expect(requestLines(mark)).toEqual([]);
    expect(lines.slice(mark).join('\n')).not.toMatch(new RegExp(`${id}|${name}|${HEPING.sub}`));
  });

  test('/readyz: 200 while the audit log can be written, 503 with a reason when it cannot, and no probe row left', async () => {
    const auditRows = async () => Number((await hub.dataSource.query('SELECT COUNT(*) AS n FROM audit_entry'))[0].n) + Number((await hub.dataSource.query('SELECT COUNT(*) AS n FROM audit_entry_person'))[0].n);
    const ready = async () => {
      const res = await fetch(`${hub.url}/readyz`);
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    const rows = await auditRows();
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', database: 'reachable', audit: 'writable' } });
    expect(await auditRows()).toBe(rows);
    for (const table of ['audit_entry', 'audit_entry_person']) {
      await hub.dataSource.query(`ALTER TABLE ${table} RENAME TO operations_away`);
      try {
        expect(await ready()).toEqual({ status: 503, body: { status: 'unavailable', reason: 'audit-not-writable' } });
        // Liveness is another matter: the process and its database are fine.
        expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      } finally {
        await hub.dataSource.query(`ALTER TABLE operations_away RENAME TO ${table}`);
      }
    }
    expect((await ready()).status).toBe(200);
    expect(await auditRows()).toBe(rows);
    // Probes at once share one check.
    const burst = await Promise.all(Array.from({ length: 5 }, () => ready()));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(await auditRows()).toBe(rows);
  });

  test('the admin path is logged with the role only', async () => {
    const mark = lines.length;
    await hub.gql(PERSON, { id });
    const [line] = requestLines(mark);
    expect(line).toMatchObject({ role: ADMIN.role, rootFields: 'person' });
    expect(line).not.toHaveProperty('district');
  });
});
