import { SignJWT } from 'jose';
import { createLogger } from '../../src/logger';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

const PERSON = `query($id: String!) { person(idNumber: $id) { idNumber name household { members { monthlyIncome } } } }`;
const MAX_BODY = 20_000;

/**
 * A hub logging at trace level into memory is driven into every fault that used to put personal
 * data into its log: failed statements (their parameters, the driver's message quoting values),
 * failed audit writes, unexpected resolver errors, unreadable and oversized bodies, bad tokens.
 * Each fault must leave its trace in the log, and no line may hold a name, ID number or income.
 */
describe.each(databasesUnderTest())('log hygiene on %s', (kind) => {
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  const names = ['欧阳明珠', '司马青云', '上官飞燕', 'Wilhelmina Quist'];
  const incomes = ['4321.57', '8765.43', '1357.91'];
  const ids = {
    heping: newIdNumber('120101', '1961-07-08'),
    daughter: newIdNumber('120101', '1988-09-10', 'FEMALE'),
    refused: newIdNumber('120104', '1979-11-12'),
    foreign: newIdNumber('120104', '1990-01-02', 'FEMALE'),
  };
  const household = newHouseholdNumber('120101');
  let hub: TestHub;

  const mariadb = kind === 'mariadb';
  const dbCode = (sqlite: string, maria: string) => (mariadb ? maria : sqlite);
  const renameTable = (from: string, to: string) => hub.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  const since = (mark: number) => logged().slice(mark);
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BODY_BYTES: String(MAX_BODY) }, { log: createLogger('trace', { write: (line: string) => lines.push(line) }) });
    // One audit row per person at most: the next read of a person makes the driver refuse the
    // audit write with a message quoting the ID number ("Duplicate entry '1201…' for key …").
    await hub.dataSource.query('CREATE UNIQUE INDEX log_hygiene_one_row_per_person ON audit_entry_person (idNumber)');
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [
          { idNumber: ids.heping, name: names[0], registeredDistrict: '120101' },
          { idNumber: ids.daughter, name: names[1], registeredDistrict: '120101' },
          { idNumber: ids.foreign, name: names[3], registeredDistrict: '120104' },
        ],
        households: [
          { householdNumber: household, registeredDistrict: '120101', members: [
            { idNumber: ids.heping, relation: 'HEAD', monthlyIncome: Number(incomes[0]) },
            { idNumber: ids.daughter, relation: 'CHILD', monthlyIncome: Number(incomes[1]) },
          ] },
        ],
      },
    });
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
  });
  afterAll(() => hub?.stop());

  test('at trace level every statement is logged by its shape, without parameters', () => {
    const sql = logged().filter((l) => l.msg === 'sql');
    const personInsert = sql.find((l) => /INSERT INTO\W+ca_person\b/.test(l.statement));
    expect(personInsert).toBeDefined();
    expect(personInsert!.statement).toMatch(/\?/);
    expect(sql.every((l) => Object.keys(l).every((k) => ['level', 'time', 'pid', 'hostname', 'service', 'msg', 'statement'].includes(k)))).toBe(true);
  });

  test('an audit write the driver refuses, quoting the ID number: the driver code is logged, the answer withheld', async () => {
    const mark = lines.length;
    const res = await hub.gql(PERSON, { id: ids.heping });
    expect(res.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    const failed = since(mark).find((l) => l.msg === 'sql statement failed');
    expect(failed).toMatchObject({ level: 50, code: dbCode('SQLITE_CONSTRAINT_UNIQUE', 'ER_DUP_ENTRY') });
    expect(failed!.statement).toMatch(/INSERT INTO\W+audit_entry_person\b/);
    const withheld = since(mark).find((l) => l.msg === 'audit entry could not be written: answer withheld');
    expect(withheld?.err).toMatchObject({ type: 'QueryFailedError', code: failed!.code });
    for (const key of ['sql', 'sqlMessage', 'parameters', 'query', 'driverError']) expect(withheld!.err).not.toHaveProperty(key);
    await hub.dataSource.query(mariadb ? 'DROP INDEX log_hygiene_one_row_per_person ON audit_entry_person' : 'DROP INDEX log_hygiene_one_row_per_person');
  });

  test('an audit table that cannot be written: logged without the ID numbers it was recording', async () => {
    await renameTable('audit_entry_person', 'log_hygiene_away');
    const mark = lines.length;
    try {
      const res = await hub.gql(PERSON, { id: ids.daughter });
      expect(res.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    } finally {
      await renameTable('log_hygiene_away', 'audit_entry_person');
    }
    expect(since(mark).find((l) => l.msg === 'sql statement failed')).toMatchObject({ code: dbCode('SQLITE_ERROR', 'ER_NO_SUCH_TABLE') });
    expect(since(mark).find((l) => l.msg === 'audit entry could not be written: answer withheld')?.err).toMatchObject({ code: dbCode('SQLITE_ERROR', 'ER_NO_SUCH_TABLE') });
  });

  test("an INSERT the database refuses with a message quoting name and ID number: neither reaches the log", async () => {
    await hub.dataSource.query(
      mariadb
        ? `CREATE TRIGGER log_hygiene_refuse BEFORE INSERT ON ca_person FOR EACH ROW BEGIN
             DECLARE refusal VARCHAR(255) DEFAULT CONCAT('refused ', NEW.name, ' ', NEW.idNumber);
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = refusal; END`
        : `CREATE TRIGGER log_hygiene_refuse BEFORE INSERT ON ca_person BEGIN SELECT RAISE(ABORT, 'refused ' || NEW.name || ' ' || NEW.idNumber); END`,
    );
    const mark = lines.length;
    try {
      const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
        input: {
          persons: [{ idNumber: ids.refused, name: names[2], registeredDistrict: '120104' }],
          households: [{ householdNumber: newHouseholdNumber('120104'), registeredDistrict: '120104', members: [{ idNumber: ids.refused, relation: 'HEAD', monthlyIncome: Number(incomes[2]) }] }],
        },
      });
      expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await hub.dataSource.query('DROP TRIGGER log_hygiene_refuse');
    }
    const code = dbCode('SQLITE_CONSTRAINT_TRIGGER', 'ER_SIGNAL_EXCEPTION');
    expect(since(mark).find((l) => l.msg === 'sql statement failed')).toMatchObject({ code });
    const unexpected = since(mark).find((l) => l.msg === 'unexpected error');
    expect(unexpected?.err).toMatchObject({ type: 'QueryFailedError', code });
    expect(unexpected!.err.message).not.toMatch(/refused/);
  });

  test('a write whose table is gone: the statement shape is logged, not its ID numbers and incomes', async () => {
    await renameTable('ca_household_member', 'log_hygiene_away');
    const mark = lines.length;
    try {
      const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
        input: {
          households: [{ householdNumber: household, registeredDistrict: '120101', members: [
            { idNumber: ids.heping, relation: 'HEAD', monthlyIncome: Number(incomes[1]) },
            { idNumber: ids.daughter, relation: 'CHILD', monthlyIncome: Number(incomes[0]) },
          ] }],
        },
      });
      expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await renameTable('log_hygiene_away', 'ca_household_member');
    }
    const failed = since(mark).find((l) => l.msg === 'sql statement failed');
    expect(failed).toMatchObject({ code: dbCode('SQLITE_ERROR', 'ER_NO_SUCH_TABLE') });
    expect(failed!.statement).toMatch(/ca_household_member/);
    expect(since(mark).some((l) => l.msg === 'unexpected error')).toBe(true);
  });

  test('an unexpected error in a resolver, over HTTP and WebSocket: logged by class and code only', async () => {
    await renameTable('ca_person', 'log_hygiene_away');
    const mark = lines.length;
    try {
      const http = await hub.gql(PERSON, { id: ids.foreign });
      expect(http.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const ws = await hub.wsOnce(ADMIN, PERSON, { id: ids.foreign });
      expect(ws.errors?.length).toBeGreaterThan(0);
    } finally {
      await renameTable('log_hygiene_away', 'ca_person');
    }
    const unexpected = since(mark).find((l) => l.msg === 'unexpected error');
    expect(unexpected?.err).toMatchObject({ type: 'QueryFailedError', code: dbCode('SQLITE_ERROR', 'ER_NO_SUCH_TABLE') });
    expect(unexpected!.err.stack).toMatch(/^QueryFailedError: database error/);
  });

  test.each([
    ['cut short', () => `{"query":"${PERSON.replace(/"/g, '\\"')}","variables":{"id":"${ids.heping}","name":"${names[0]}"`],
    ['not an object', () => `"${ids.daughter} ${names[1]} ${incomes[1]}"`],
    ['with a stray character', () => `{"variables":{"id":"${ids.foreign}","name":"${names[3]}"}x}`],
  ])('a body that is not JSON (%s) answers 400 BAD_REQUEST and logs one line without the body', async (_what, body) => {
    const mark = lines.length;
    const res = await post(body());
    expect(res).toEqual({ status: 400, body: { errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] } });
    const warnings = since(mark).filter((l) => l.msg === 'request refused: not JSON');
    expect(warnings).toEqual([expect.objectContaining({ level: 40, status: 400, reason: 'entity.parse.failed' })]);
  });

  test('an oversized body answers 413 PAYLOAD_TOO_LARGE and logs one line without the body', async () => {
    const mark = lines.length;
    const persons = Array.from({ length: 400 }, () => ({ idNumber: ids.heping, name: names[0], monthlyIncome: incomes[0] }));
    const body = JSON.stringify({ query: INGEST_CIVIL_AFFAIRS, variables: { input: { persons } } });
    expect(body.length).toBeGreaterThan(MAX_BODY);
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: MAX_BODY });
    expect(since(mark).filter((l) => l.msg === 'request body refused: too large')).toEqual([expect.objectContaining({ level: 40, status: 413 })]);
  });

  test('bad tokens are logged by reason, never by content', async () => {
    const mark = lines.length;
    const forged = await new SignJWT({ role: 'admin', name: names[0] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(ids.heping)
      .setIssuer('civil-affairs-hub')
      .setAudience('civil-affairs-hub')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-that-is-long-enough-000000'));
    for (const token of [forged, ids.daughter]) {
      const res = await post(JSON.stringify({ query: PERSON, variables: { id: ids.heping } }), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    }
    const refusals = since(mark).filter((l) => l.msg === 'token refused');
    expect(refusals.map((l) => l.reason)).toEqual(['signature', 'malformed']);
    expect(lines.slice(mark).join('')).not.toContain(forged);
  });

  test('no log line holds a name, an ID number (whole or its last 14 characters) or an income', () => {
    expect(lines.length).toBeGreaterThan(50);
    const secrets = [...Object.values(ids).flatMap((id) => [id, id.slice(4)]), ...names, ...incomes];
    const leaks = lines.flatMap((line) => secrets.filter((s) => line.includes(s)).map((s) => `${s} in ${line.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });
});
