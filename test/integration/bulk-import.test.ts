import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { generateFiles } from '../../src/bulk-import/generate-files';
import { ImportCheckpoint } from '../../src/bulk-import/import-checkpoint.entity';
import { parseImportArguments } from '../../src/bulk-import/import.command';
import { runImport, type ImportOptions, type ImportResult } from '../../src/bulk-import/import-run';
import { SOURCE_DEPARTMENTS as IMPORT_DEPARTMENTS } from '../../src/ingestion/receipts/receipts';
import { PROJECT_ROOT } from '../../src/common/paths';
import { AssistanceEnrollment } from '../../src/departments/civil-affairs/assistance-enrollment.entity';
import { EconomicCheck } from '../../src/departments/civil-affairs/economic-check.entity';
import { Household } from '../../src/departments/civil-affairs/household.entity';
import { HouseholdMember } from '../../src/departments/civil-affairs/household-member.entity';
import { Person } from '../../src/departments/civil-affairs/person.entity';
import { PersonSituation } from '../../src/departments/civil-affairs/person-situation.entity';
import { SeriousIllnessCertification } from '../../src/departments/civil-affairs/serious-illness-certification.entity';
import { TemporaryAssistancePayment } from '../../src/departments/civil-affairs/temporary-assistance-payment.entity';
import { DisabilityCertificate } from '../../src/departments/disability/disability-certificate.entity';
import { IncomeMonth } from '../../src/departments/human-resources/income-month.entity';
import { InsuranceEnrollment } from '../../src/departments/human-resources/insurance-enrollment.entity';
import { UnemploymentRegistration } from '../../src/departments/human-resources/unemployment-registration.entity';
import { PushNotification } from '../../src/push/notification.entity';
import { seedDatabase } from '../../src/seed/seed-database';
import { buildHubSchema } from '../../src/server/schema';
import { createServices } from '../../src/server/services';
import { databaseUrlOf, hubCommand } from './support/hub-command';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * `hub import` and `hub generate` (issue on scale, points 2 and 3): a generated population
 * imported file by file ends as the same population seeded through the services, with the same
 * notifications; refused lines are listed with their line and reason; re-running changes
 * nothing; an import stopped with Ctrl-C resumes after its checkpoint; CSV and NDJSON of the same
 * records store the same rows; the generator writes the same bytes for the same seed.
 */

jest.setTimeout(120_000);

const POPULATION = { households: 120, seed: 11, asOf: '2026-06-01' };
const CHUNK = 2000;
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const ID_NUMBER = /\d{17}[\dX]/;

const TABLES: Array<[string, EntityTarget<ObjectLiteral>]> = [
  ['person', Person],
  ['person_situation', PersonSituation],
  ['household', Household],
  ['household_member', HouseholdMember],
  ['economic_check', EconomicCheck],
  ['assistance_enrollment', AssistanceEnrollment],
  ['serious_illness_certification', SeriousIllnessCertification],
  ['temporary_assistance_payment', TemporaryAssistancePayment],
  ['unemployment_registration', UnemploymentRegistration],
  ['insurance_enrollment', InsuranceEnrollment],
  ['income_month', IncomeMonth],
  ['disability_certificate', DisabilityCertificate],
];

async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, entity] of TABLES) counts[name] = await dataSource.getRepository(entity).count();
  return counts;
}

const notifications = (dataSource: DataSource) => dataSource.getRepository(PushNotification).count();

let schema: GraphQLSchema;
let work: string;

beforeAll(async () => {
  schema = await buildHubSchema(null);
  work = mkdtempSync(path.join(tmpdir(), 'hub-bulk-import-'));
  await generateFiles(schema, { ...POPULATION, out: path.join(work, 'ndjson'), format: 'ndjson' });
  await generateFiles(schema, { ...POPULATION, out: path.join(work, 'csv'), format: 'csv' });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function importFile(dataSource: DataSource, options: Partial<ImportOptions> & Pick<ImportOptions, 'dept' | 'file'>): Promise<ImportResult> {
  const services = createServices(dataSource, { HUB_MAX_BATCH: 5000, HUB_MAX_PAGE: 1, HUB_POLICY_DIR: POLICY_DIR });
  const format = options.file.endsWith('.csv') ? 'csv' : 'ndjson';
  return runImport(dataSource, schema, services, { format, chunkSize: CHUNK, operator: 'tester', ...options });
}

async function importPopulation(dataSource: DataSource, extra: Partial<ImportOptions> = {}): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const dept of IMPORT_DEPARTMENTS) results.push(await importFile(dataSource, { dept, file: path.join(work, 'ndjson', `${dept}.ndjson`), ...extra }));
  return results;
}

describe.each(databasesUnderTest())('bulk import on %s', (kind) => {
  let seeded: TestHub;
  let imported: TestHub;
  let other: TestHub;

  beforeAll(async () => {
    [seeded, imported, other] = await Promise.all([startTestHub(kind), startTestHub(kind), startTestHub(kind)]);
    await seedDatabase(seeded.dataSource, { ...POPULATION, batchSize: CHUNK, policyDir: POLICY_DIR });
  });
  afterAll(async () => {
    await Promise.all([seeded, imported, other].map((hub) => hub?.stop()));
  });

  test('a generated population imported equals the same population seeded, notifications included, each chunk audited', async () => {
    const results = await importPopulation(imported.dataSource);
    expect(results.every((r) => r.complete && r.rejected === 0 && r.resumedFrom === 0)).toBe(true);
    const expected = await rowCounts(seeded.dataSource);
    expect(expected.person).toBeGreaterThan(200);
    expect(await rowCounts(imported.dataSource)).toEqual(expected);
    const seededNotifications = await notifications(seeded.dataSource);
    expect(seededNotifications).toBeGreaterThan(0);
    expect(await notifications(imported.dataSource)).toBe(seededNotifications);

    const res = await imported.gql(`{ auditLog(first: 10, filter: { sub: "hub:import:tester" }) { edges { node { role operation fields purpose personCount } } } }`);
    expect(res.errors).toBeUndefined();
    const entries = res.data.auditLog.edges.map((e: { node: unknown }) => e.node);
    expect(entries).toContainEqual({ role: 'admin', operation: 'import civil-affairs', fields: 'ingestCivilAffairs', purpose: 'bulk import civil-affairs.ndjson', personCount: expected.person });
    expect(entries).toHaveLength(3);
  });

  test('running the import again changes nothing: resumed at the end, or from the start with --restart', async () => {
    const before = await rowCounts(imported.dataSource);
    const notified = await notifications(imported.dataSource);
    const resumed = await importPopulation(imported.dataSource);
    expect(resumed.map((r) => r.rows)).toEqual([0, 0, 0]);
    expect(resumed[0].resumedFrom).toBeGreaterThan(0);
    const again = await importPopulation(imported.dataSource, { restart: true });
    expect(again.every((r) => r.rows > 0 && r.rejected === 0)).toBe(true);
    expect(await rowCounts(imported.dataSource)).toEqual(before);
    expect(await notifications(imported.dataSource)).toBe(notified);
  });

  test('bad lines are refused one by one with line and reason; the good ones are stored', async () => {
    const file = path.join(work, `bad-${kind}.ndjson`);
    const good = (id: string, month: string) => JSON.stringify({ kind: 'incomeMonths', idNumber: id, month, amount: 1200 });
    writeFileSync(
      file,
      [
        good('110101199003071233', '2026-01'),
        '{"kind":"incomeMonths", "idNumber": ',
        JSON.stringify({ kind: 'certificates', certificateNumber: 'X' }),
        JSON.stringify({ kind: 'incomeMonths', idNumber: '110101199003071233', month: '2026-02', amount: 'lots' }),
        '',
        good('110101199003071234', '2026-01'),
        good('110101199003071233', '2026-03'),
      ].join('\n') + '\n',
    );
    const before = await imported.dataSource.getRepository(IncomeMonth).count();
    const result = await importFile(imported.dataSource, { dept: 'human-resources', file, chunkSize: 3 });
    expect(result).toMatchObject({ complete: true, accepted: 2, rejected: 4 });
    expect(await imported.dataSource.getRepository(IncomeMonth).count()).toBe(before + 2);
    const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, '', 'UNPARSEABLE_LINE'],
      [3, 'kind', 'UNKNOWN_KIND'],
      [4, 'amount', 'WRONG_TYPE'],
      [6, 'idNumber', 'INVALID_ID_NUMBER'],
    ]);
    expect(rejected[3].raw).toBe(good('110101199003071234', '2026-01'));
    expect(rejected.every((r) => typeof r.message === 'string' && r.message.length > 0)).toBe(true);
  });

  test('a payment, whose own kind would collide with the line\'s, comes under `record`; a line using both forms is refused', async () => {
    const file = path.join(work, `payments-${kind}.ndjson`);
    const id = '120101199003071235';
    const payment = (n: number) => ({ paymentNumber: `P-${kind.toUpperCase()}-${n}`, idNumber: id, paidOn: '2026-03-02', amount: 500, kind: 'EMERGENCY' });
    writeFileSync(
      file,
      [
        JSON.stringify({ kind: 'persons', idNumber: id, name: '王芳', registeredDistrict: '120101' }),
        JSON.stringify({ kind: 'temporaryAssistancePayments', record: payment(1) }),
        JSON.stringify({ kind: 'temporaryAssistancePayments', record: payment(2), paidOn: '2026-03-03' }),
      ].join('\n') + '\n',
    );
    const result = await importFile(imported.dataSource, { dept: 'civil-affairs', file, chunkSize: 10 });
    expect(result).toMatchObject({ complete: true, accepted: 2, rejected: 1 });
    const stored = await imported.dataSource.getRepository(TemporaryAssistancePayment).findBy({ idNumber: id });
    expect(stored.map((p) => [p.paymentNumber, p.kind, p.amount])).toEqual([[`P-${kind.toUpperCase()}-1`, 'EMERGENCY', 500]]);
    const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejected.map((r) => [r.line, r.field, r.code])).toEqual([[3, 'record', 'UNPARSEABLE_LINE']]);
  });

  test('CSV of one kind stores the same rows as the NDJSON of the same records', async () => {
    const result = await importFile(other.dataSource, { dept: 'human-resources', file: path.join(work, 'csv', 'incomeMonths.csv') });
    expect(result).toMatchObject({ complete: true, rejected: 0 });
    const order = { idNumber: 'ASC', month: 'ASC' } as const;
    const fromCsv = await other.dataSource.getRepository(IncomeMonth).find({ order });
    const fromNdjson = await seeded.dataSource.getRepository(IncomeMonth).find({ order });
    expect(fromCsv.length).toBeGreaterThan(50);
    expect(fromCsv).toEqual(fromNdjson);
  });

  test('an import stopped with Ctrl-C after a chunk resumes from its checkpoint and ends as an uninterrupted one', async () => {
    const file = path.join(work, 'ndjson', 'civil-affairs.ndjson');
    const args = ['import', '--dept', 'civil-affairs', '--file', file, '--chunk', '10', '--operator', 'tester'];
    const stopped = await interruptAfterFirstCheckpoint(other.dataSource, args);
    expect(stopped.status).toBe(1);
    expect(stopped.stdout).toMatch(/complete\s+no/);
    const resumed = await hubCommand(other.dataSource, args);
    expect(resumed.status).toBe(0);
    const resumedFrom = Number(/resumedAfterLine\s+(\d+)/.exec(resumed.stdout)?.[1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumed.stdout).toMatch(/complete\s+yes/);
    expect(resumed.stdout + resumed.stderr + stopped.stderr).not.toMatch(ID_NUMBER);
    for (const dept of ['human-resources', 'disability'] as const) await importFile(other.dataSource, { dept, file: path.join(work, 'ndjson', `${dept}.ndjson`) });
    expect(await rowCounts(other.dataSource)).toEqual(await rowCounts(seeded.dataSource));
  });
});

/** Runs the command and sends it SIGINT as soon as its first chunk's checkpoint is stored. */
function interruptAfterFirstCheckpoint(dataSource: DataSource, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrlOf(dataSource), HUB_TIME_ZONE: 'Asia/Shanghai', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(poll);
      resolve({ status, stdout, stderr });
    });
    const poll = setInterval(() => {
      dataSource
        .getRepository(ImportCheckpoint)
        .findOneBy({ dept: 'civil-affairs' })
        .then((row) => {
          if (row && row.line > 0 && child.exitCode === null) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, reject);
    }, 20);
  });
}

test('the generator writes the same bytes for the same seed, and other bytes for another', async () => {
  const again = path.join(work, 'again');
  const otherSeed = path.join(work, 'other-seed');
  await generateFiles(schema, { ...POPULATION, out: again, format: 'ndjson' });
  await generateFiles(schema, { ...POPULATION, out: path.join(again, 'csv'), format: 'csv' });
  await generateFiles(schema, { ...POPULATION, seed: POPULATION.seed + 1, out: otherSeed, format: 'ndjson' });
  for (const dept of IMPORT_DEPARTMENTS) {
    const first = readFileSync(path.join(work, 'ndjson', `${dept}.ndjson`));
    expect(first.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(again, `${dept}.ndjson`)).equals(first)).toBe(true);
    expect(readFileSync(path.join(otherSeed, `${dept}.ndjson`)).equals(first)).toBe(false);
  }
  const csvFiles = readdirSync(path.join(work, 'csv')).filter((file) => file.endsWith('.csv'));
  expect(csvFiles).toHaveLength(10);
  for (const file of csvFiles) {
    expect(readFileSync(path.join(again, 'csv', file)).equals(readFileSync(path.join(work, 'csv', file)))).toBe(true);
  }
});

test('the command line is checked before anything is opened: a usage error names what is wrong', () => {
  const file = path.join(work, 'ndjson', 'human-resources.ndjson');
  const csv = path.join(work, 'csv', 'incomeMonths.csv');
  const messageOf = (argv: string[]) => {
    const parsed = parseImportArguments(argv, 'tester');
    return parsed.kind === 'error' ? parsed.message : parsed.kind;
  };
  expect(messageOf(['--file', file])).toMatch(/--dept/);
  expect(messageOf(['--dept', 'human-resources'])).toMatch(/--file is required/);
  expect(messageOf(['--dept', 'human-resources', '--file', file, '--chunk', '0'])).toMatch(/--chunk must be from 1/);
  expect(messageOf(['--dept', 'disability', '--file', csv])).toMatch(/one kind of disability/);
  expect(messageOf(['--dept', 'human-resources', '--file', file, '--kind', 'incomeMonths'])).toMatch(/--kind is for CSV/);
  const csvRun = parseImportArguments(['--dept', 'human-resources', '--file', csv], 'tester');
  expect(csvRun).toEqual({ kind: 'run', args: expect.objectContaining({ format: 'csv', kind: 'incomeMonths', chunkSize: 2000, operator: 'tester', restart: false }) });
});
