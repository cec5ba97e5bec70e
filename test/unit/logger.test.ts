import Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { createLogger, ID_NUMBER_MASK, logSafeError, maskLogLine, scrubText } from '../../src/logger';

const ID = '12010119880910330X';
const OLD_ID = '120101880910330';
const NAME = '司马青云';
const LATIN_NAME = 'Wilhelmina Quist';

function capture() {
  const lines: string[] = [];
  const log = createLogger('trace', { write: (line: string) => lines.push(line) });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { log, lines, parsed };
}

function mysqlDuplicate(): Error {
  return Object.assign(new Error(`Duplicate entry '${ID}' for key 'PRIMARY'`), {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
    sqlMessage: `Duplicate entry '${ID}' for key 'PRIMARY'`,
    sql: `INSERT INTO \`ca_person\` VALUES ('${ID}', '${LATIN_NAME}', 4321.57)`,
  });
}

describe('maskLogLine', () => {
  test.each([
    ['an 18-character ID number', ID],
    ['an ID number ending in a lower-case x', ID.toLowerCase()],
    ['a 15-digit old ID number', OLD_ID],
    ['a certificate number holding an ID number', `${ID.slice(0, 17)}1123`],
  ])('masks %s inside any string of the line', (_what, value) => {
    const line = `${JSON.stringify({ msg: `about ${value}.`, nested: { list: [value] } })}\n`;
    const masked = maskLogLine(line);
    expect(masked).not.toContain(value.slice(4));
    expect(JSON.parse(masked)).toEqual({ msg: `about ${ID_NUMBER_MASK}.`, nested: { list: [ID_NUMBER_MASK] } });
  });

  test('replaces a bare number as long as an ID number by the mask, keeping the line JSON; shorter numbers stay', () => {
    const masked = maskLogLine('{"time":1795985239555,"id":120101880910330,"n":-1201018809103301.5,"ok":12345678901234}\n');
    expect(JSON.parse(masked)).toEqual({ time: 1795985239555, id: ID_NUMBER_MASK, n: ID_NUMBER_MASK, ok: 12345678901234 });
  });

  test('leaves escaped quotes inside strings intact', () => {
    const line = JSON.stringify({ msg: `say "${ID}" \\ done` });
    expect(JSON.parse(maskLogLine(line))).toEqual({ msg: `say "${ID_NUMBER_MASK}" \\ done` });
  });
});

describe('scrubText', () => {
  test('withholds quoted values, Han names and ID numbers, and keeps the rest', () => {
    expect(scrubText(`no person "${LATIN_NAME}" (${NAME}) with number ${ID} in table 'ca_person'`)).toBe(
      `no person "…" (…) with number ${ID_NUMBER_MASK} in table '…'`,
    );
  });

  test('is idempotent and bounded', () => {
    const once = scrubText(`x '${ID}' ${NAME}`);
    expect(scrubText(once)).toBe(once);
    expect(scrubText('a'.repeat(10_000)).length).toBeLessThanOrEqual(501);
  });
});

describe('logSafeError', () => {
  test('a mysql2 error: class, code, errno and SQL state; no message, statement or values', () => {
    const safe = logSafeError(mysqlDuplicate());
    expect(safe).toMatchObject({ type: 'Error', code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' });
    expect(Object.keys(safe).sort()).toEqual(['code', 'errno', 'message', 'sqlState', 'stack', 'type']);
    expect(JSON.stringify(safe)).not.toMatch(new RegExp(`${ID.slice(4)}|${LATIN_NAME}|4321`));
    expect(safe.stack).toMatch(/^Error: database error ER_DUP_ENTRY .*\n    at /);
  });

  test("TypeORM's QueryFailedError: parameters, query and driver error dropped", () => {
    const error = new QueryFailedError('INSERT INTO ca_person VALUES (?, ?)', [ID, NAME], mysqlDuplicate());
    const safe = logSafeError(error);
    expect(safe).toMatchObject({ type: 'QueryFailedError', code: 'ER_DUP_ENTRY' });
    expect(JSON.stringify(safe)).not.toMatch(new RegExp(`${ID.slice(4)}|${NAME}|${LATIN_NAME}|INSERT`));
  });

  test("better-sqlite3's own error, its message quoting a name and an ID number", () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE p (id TEXT, name TEXT); CREATE TRIGGER t BEFORE INSERT ON p BEGIN SELECT RAISE(ABORT, 'refused ' || NEW.name || ' ' || NEW.id); END`);
    let thrown: unknown;
    try {
      db.prepare('INSERT INTO p VALUES (?, ?)').run(ID, LATIN_NAME);
    } catch (error) {
      thrown = error;
    }
    db.close();
    expect((thrown as Error).message).toContain(LATIN_NAME);
    const safe = logSafeError(thrown);
    expect(safe).toMatchObject({ type: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER' });
    expect(JSON.stringify(safe)).not.toMatch(new RegExp(`${ID.slice(4)}|${LATIN_NAME}|refused`));
  });

  test("a JSON parser's error and a body parser's error: the quoted input is not kept", () => {
    let parseError: unknown;
    try {
      JSON.parse(`{"id":"${ID}","name":"${LATIN_NAME}"`);
    } catch (error) {
      parseError = error;
    }
    const bodyError = Object.assign(new SyntaxError('Unexpected end'), { type: 'entity.parse.failed', body: `{"name":"${LATIN_NAME}"`, status: 400 });
    for (const error of [parseError, bodyError]) {
      const safe = logSafeError(error);
      expect(safe.type).toBe('SyntaxError');
      expect(JSON.stringify(safe)).not.toMatch(new RegExp(`${ID.slice(4)}|${LATIN_NAME}|Wilhelmina`));
    }
    expect(logSafeError(bodyError)).toMatchObject({ status: 400 });
  });

  test("the hub's and GraphQL's errors keep their code and a scrubbed message; causes follow", () => {
    const error = new GraphQLError(`no record "${LATIN_NAME}" for ${ID}`, { extensions: { code: 'BAD_USER_INPUT' } });
    expect(logSafeError(error)).toMatchObject({ type: 'GraphQLError', code: 'BAD_USER_INPUT', message: `no record "…" for ${ID_NUMBER_MASK}` });
    const wrapped = new Error('ingestion failed', { cause: mysqlDuplicate() });
    expect(logSafeError(wrapped)).toMatchObject({ message: 'ingestion failed', cause: { code: 'ER_DUP_ENTRY' } });
  });

  test('something thrown that is not an Error', () => {
    expect(logSafeError(`refused ${ID}`)).toEqual({ type: 'string', message: `refused ${ID_NUMBER_MASK}` });
    const plain = logSafeError({ code: 'ER_DUP_ENTRY', sql: `('${ID}')`, parameters: [ID] });
    expect(JSON.stringify(plain)).not.toContain(ID.slice(4));
  });
});

describe('createLogger', () => {
  test('careless log calls still write no ID number, statement values, inputs or bodies', () => {
    const { log, lines, parsed } = capture();
    log.error(mysqlDuplicate());
    log.error({ err: new QueryFailedError('SELECT ?', [ID], mysqlDuplicate()) });
    log.warn({ failure: mysqlDuplicate(), nested: { errors: [mysqlDuplicate()] } }, 'write failed');
    log.info({ query: `{ person(idNumber: "${ID}") { name } }`, variables: { name: LATIN_NAME }, body: LATIN_NAME }, 'request');
    log.info({ parameters: [ID, LATIN_NAME], values: [4321.57], statement: 'INSERT INTO x VALUES (?, ?)' }, 'sql');
    log.info({ sql: `INSERT ('${LATIN_NAME}')`, detail: { sqlMessage: LATIN_NAME, authorization: 'Bearer secret-token' } }, 'other');
    log.info({ person: { idNumber: ID, old: OLD_ID, asNumber: Number(OLD_ID) } }, `read ${ID}`);
    log.child({ subject: ID }).info('child binding');

    expect(lines).toHaveLength(8);
    const all = lines.join('');
    for (const secret of [ID.slice(4), OLD_ID.slice(4), LATIN_NAME, 'Wilhelmina', '4321', 'secret-token']) expect(all).not.toContain(secret);
    const [bare, wrapped, nested, request, sql, other, person, child] = parsed();
    expect(bare).toMatchObject({ level: 50, msg: expect.stringMatching(/^database error ER_DUP_ENTRY/), err: { code: 'ER_DUP_ENTRY' } });
    expect(wrapped).toMatchObject({ msg: expect.stringMatching(/^database error/), err: { type: 'QueryFailedError' } });
    expect(nested).toMatchObject({ failure: { code: 'ER_DUP_ENTRY' }, nested: { errors: [{ code: 'ER_DUP_ENTRY' }] } });
    expect(request).toMatchObject({ query: '[not logged]', variables: '[not logged]', body: '[not logged]' });
    expect(sql).toMatchObject({ parameters: '[not logged]', values: '[not logged]', statement: 'INSERT INTO x VALUES (?, ?)' });
    expect(other).toMatchObject({ sql: '[not logged]', detail: { sqlMessage: '[not logged]', authorization: '[not logged]' } });
    expect(person).toMatchObject({ msg: `read ${ID_NUMBER_MASK}`, person: { idNumber: ID_NUMBER_MASK, old: ID_NUMBER_MASK, asNumber: ID_NUMBER_MASK } });
    expect(child).toMatchObject({ subject: ID_NUMBER_MASK, msg: 'child binding' });
  });

  test('a log call with its own message keeps it, and levels still filter', () => {
    const { log, parsed } = capture();
    log.error({ err: new Error('boom') }, 'unexpected error');
    const quiet = createLogger('silent', { write: () => { throw new Error('written'); } });
    quiet.error({ err: mysqlDuplicate() }, 'nothing');
    expect(parsed()).toEqual([expect.objectContaining({ msg: 'unexpected error', err: expect.objectContaining({ type: 'Error', message: 'boom' }) })]);
  });
});
