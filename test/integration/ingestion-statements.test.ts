import { addDays } from '../../src/common/local-date';
import { hubToday } from '../../src/common/clock';
import { upsertRows } from '../../src/common/upsert';
import { loadSettings } from '../../src/config';
import { Sex, SupporterStatus } from '../../src/departments/civil-affairs/civil-affairs.enums';
import { Person } from '../../src/departments/civil-affairs/person.entity';
import { Outbox } from '../../src/push/outbox';
import { NotificationTrigger } from '../../src/push/push.enums';
import { createServices } from '../../src/server/services';
import { INGEST_CIVIL_AFFAIRS, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newIdNumber, newIdNumberBornApart } from '../fixtures/residents';
import { databaseUrlOf } from './support/hub-command';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Ingestion writes a batch in few, large statements (src/common/upsert.ts): a batch larger than
 * one statement may hold (SQLite's bound parameters, the MySQL packet budget) is split and stored
 * whole; the upsert keeps TypeORM's meaning (a column no row sends keeps its stored value); and
 * the push rewrites a person's stored state only when it changed.
 */

jest.setTimeout(120_000);

const PERSONS = 1100;
const MONTHS = 11;

/** 12,100 income months: more rows of three columns than one SQLite statement binds (32,766). */
function incomeBatch(ids: string[], amount: number) {
  return {
    incomeMonths: ids.flatMap((idNumber) => Array.from({ length: MONTHS }, (_, m) => ({ idNumber, month: `2025-${String(m + 1).padStart(2, '0')}`, amount }))),
  };
}

async function count(hub: TestHub, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await hub.dataSource.query(sql, params)) as Array<{ n: string | number }>;
  return Number(row.n);
}

describe.each(databasesUnderTest())('ingestion statements on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BATCH: '20000', HUB_MAX_COMPLEXITY: '1000000', HUB_REQUEST_TIME_MS: '60000' });
  });
  afterAll(() => hub.stop());

  test('a batch beyond one statement is stored whole, with its receipts and one audit entry naming everyone, in few statements', async () => {
    const ids = Array.from({ length: PERSONS }, () => newIdNumberBornApart('120102'));
    const first = await hub.gql(INGEST_HUMAN_RESOURCES, { input: incomeBatch(ids, 1234.5) }, { 'x-purpose': 'statement test' });
    expect(first.errors).toBeUndefined();
    expect(first.data.ingestHumanResources).toMatchObject({ accepted: PERSONS * MONTHS, rejected: 0 });
    // TypeORM's upsert wrote 200 rows per statement and receipts 300 per statement: over 100 here.
    expect(first.extensions?.sqlStatements).toBeLessThan(40);
    const placeholders = ids.map(() => '?').join(', ');
    expect(await count(hub, `SELECT COUNT(*) AS n FROM hr_income_month WHERE idNumber IN (${placeholders}) AND amount = 1234.5`, ids)).toBe(PERSONS * MONTHS);
    expect(await count(hub, `SELECT COUNT(*) AS n FROM person_receipt WHERE department = 'human-resources' AND idNumber IN (${placeholders})`, ids)).toBe(PERSONS);
    const entries = (await hub.dataSource.query(`SELECT id, personCount FROM audit_entry WHERE fields = 'ingestHumanResources' ORDER BY id DESC`)) as Array<{ id: string; personCount: number }>;
    expect(Number(entries[0].personCount)).toBe(PERSONS);
    expect(await count(hub, 'SELECT COUNT(*) AS n FROM audit_entry_person WHERE entryId = ?', [entries[0].id])).toBe(PERSONS);

    const changed = await hub.gql(INGEST_HUMAN_RESOURCES, { input: incomeBatch(ids, 99) }, { 'x-purpose': 'statement test' });
    expect(changed.data.ingestHumanResources).toMatchObject({ accepted: PERSONS * MONTHS, rejected: 0 });
    expect(await count(hub, `SELECT COUNT(*) AS n FROM hr_income_month WHERE idNumber IN (${placeholders}) AND amount = 99`, ids)).toBe(PERSONS * MONTHS);
    expect(await count(hub, `SELECT COUNT(*) AS n FROM hr_income_month WHERE idNumber IN (${placeholders})`, ids)).toBe(PERSONS * MONTHS);
  });

  test('an upsert overwrites the columns its rows send and keeps those no row sends', async () => {
    const idNumber = newIdNumber('120103', '1970-02-03', 'FEMALE');
    const row = { idNumber, name: '张桂兰', sex: Sex.FEMALE, birthDate: '1970-02-03', registeredDistrict: '120103', residenceDistrict: '120110' };
    await upsertRows(hub.dataSource.manager, Person, [{ ...row, supporterStatus: SupporterStatus.ABLE }], ['idNumber']);
    await upsertRows(hub.dataSource.manager, Person, [{ ...row, name: '张桂芳', residenceDistrict: null }], ['idNumber']);
    const stored = await hub.dataSource.manager.findOneByOrFail(Person, { idNumber });
    expect(stored).toMatchObject({ name: '张桂芳', residenceDistrict: null, supporterStatus: 'ABLE' });
  });

  test('the push rewrites a person\'s stored state when it changes, and only then', async () => {
    const idNumber = newIdNumber('120104', '1950-06-07');
    const person = { idNumber, name: '赵德明', registeredDistrict: '120104', residenceDistrict: '120116' };
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [person] } }, { 'x-purpose': 'statement test' });
    expect(res.data.ingestCivilAffairs).toMatchObject({ accepted: 1, rejected: 0 });
    const state = () => hub.dataSource.query('SELECT item, state, asOf FROM push_evaluation WHERE idNumber = ? ORDER BY item', [idNumber]) as Promise<Array<{ asOf: string }>>;
    const before = await state();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => r.asOf === hubToday())).toBe(true);

    const settings = loadSettings({ DATABASE_URL: databaseUrlOf(hub.dataSource) });
    const evaluator = createServices(hub.dataSource, settings).push.evaluator;
    const evaluate = (asOf: string) =>
      hub.dataSource.transaction(async (manager) => evaluator.evaluate(manager, await Outbox.open(manager), [idNumber], asOf, NotificationTrigger.TIME_PASSED));
    await evaluate(hubToday());
    expect(await state()).toEqual(before);
    const tomorrow = addDays(hubToday(), 1);
    await evaluate(tomorrow);
    const after = await state();
    expect(after.map((r) => r.asOf)).toEqual(before.map(() => tomorrow));

    // Back home: no longer living away, the person's state goes.
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ ...person, residenceDistrict: '120104' }] } }, { 'x-purpose': 'statement test' });
    expect(await state()).toEqual([]);
  });
});
