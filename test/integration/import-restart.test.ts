import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { generateFiles } from '../../src/bulk-import/generate-files';
import { runImport } from '../../src/bulk-import/import-run';
import { DATABASE_WAIT_SETTING, DEFAULT_DATABASE_WAIT_MS, databaseWaitOf, retryWhileUnavailable } from '../../src/bulk-import/retry-unavailable';
import { hubToday } from '../../src/common/clock';
import { PROJECT_ROOT } from '../../src/common/paths';
import { SettingsError } from '../../src/config';
import { composeIdNumber } from '../../src/identity/id-number';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { buildHubSchema } from '../../src/server/schema';
import { createServices } from '../../src/server/services';
import type { CommandResult as Run } from './support/hub-command';
import { privateMariaDbUnavailable, startPrivateMariaDb, type PrivateMariaDb } from './support/private-mariadb';

/*
 * MariaDB restarted under a running `hub import` (issue point 7, the import's part): a short
 * outage is waited out and the import finishes by itself, with every row stored once, the same
 * refusals and the same notifications as an import nobody interrupted; an outage longer than the
 * wait stops the import with exit 1 and a message saying so, and running the same command again
 * resumes from the checkpoint and ends in the same state. The database is a private server this
 * test starts and stops; the suite's shared one is not involved.
 */

const unavailable = privateMariaDbUnavailable();
if (unavailable) console.warn(`\n${'!'.repeat(72)}\n!! import-restart.test.ts is skipped: ${unavailable}\n${'!'.repeat(72)}\n`);
const withPrivateMariaDb = unavailable ? describe.skip : describe;

/** Enough records, in small chunks, that the import is still running well after a fifth of them. */
const POPULATION = { households: 800, seed: 29, asOf: hubToday() };
const CHUNK = 40;
/** Generated lines between two added persons living away: notifications from every part of the file. */
const LIVING_AWAY_EVERY = 25;
const DOWN_MS = 3_000;
/** The wait of the run whose outage outlasts it: short, to keep the test quick. */
const SHORT_WAIT_MS = 1_500;
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const ID_NUMBER = /\d{17}[\dX]/;
/** Tables an import writes that a replayed chunk may add to: each commit writes its own audit entry. */
const AUDIT_TABLES = new Set(['audit_entry', 'audit_entry_person']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the test compares between an interrupted import and the reference. */
interface FinalState {
  rows: Record<string, number>;
  audited: number;
  /** Every notification without its sequence, time or evaluation date: what was said to whom. */
  notifications: string[];
  checkpoint: number;
  rejected: string[];
}

withPrivateMariaDb('an import while MariaDB restarts', () => {
  jest.setTimeout(120_000);
  let db: PrivateMariaDb;
  let work: string;
  let file: string;
  let lines: number;
  let reference: FinalState;

  const urlOf = (database: string) => `${db.url}/${database}`;
  const rejectedFileOf = (database: string) => path.join(work, `${database}.rejected.ndjson`);

  async function createDatabase(name: string): Promise<void> {
    const admin = await createConnection({ uri: db.url });
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const dataSource = await openDataSource(urlOf(name), createLogger('silent'));
    await dataSource.runMigrations();
    await dataSource.destroy();
  }

  async function withDatabase<T>(name: string, use: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = await openDataSource(urlOf(name), createLogger('silent'));
    try {
      return await use(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  const finalState = (name: string): Promise<FinalState> =>
    withDatabase(name, async (dataSource) => {
      const rows: Record<string, number> = {};
      let audited = 0;
      for (const { tableName } of dataSource.entityMetadatas) {
        const [{ n }] = await dataSource.query(`SELECT COUNT(*) AS n FROM ${tableName}`);
        if (tableName === 'audit_entry') audited = Number(n);
        else if (!AUDIT_TABLES.has(tableName)) rows[tableName] = Number(n);
      }
      const notifications = (
        await dataSource.query(
          'SELECT districtCode, idNumber, kind, `trigger`, ruleId, program, recordKey, previousOutcome, newOutcome, amount FROM push_notification',
        )
      )
        .map((n: Record<string, unknown>) => JSON.stringify(n))
        .sort();
      const [checkpoint] = await dataSource.query('SELECT line FROM import_checkpoint');
      const rejected = readFileSync(rejectedFileOf(name), 'utf8').split('\n').filter(Boolean);
      return { rows, audited, notifications, checkpoint: Number(checkpoint?.line ?? 0), rejected };
    });

  /** The last line the import stored a checkpoint for, 0 before its first chunk or while the database is away. */
  async function checkpointLine(name: string): Promise<number> {
    try {
      const connection = await createConnection({ uri: urlOf(name), connectTimeout: 1_000 });
      try {
        const [rows] = await connection.query('SELECT line FROM import_checkpoint');
        return Number((rows as Array<{ line: number }>)[0]?.line ?? 0);
      } finally {
        await connection.end();
      }
    } catch {
      return 0;
    }
  }

  /**
   * `hub import` as an operator runs it, in a process of its own; `meanwhile` is called, while it
   * goes on, once its checkpoint has passed a fifth of the file.
   */
  function importProcess(name: string, env: Record<string, string>, meanwhile?: (line: number) => Promise<void>): Promise<Run> {
    const args = ['import', '--dept', 'civil-affairs', '--file', file, '--chunk', String(CHUNK), '--rejected', rejectedFileOf(name), '--operator', 'tester'];
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HUB_') && key !== 'DATABASE_URL'));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, NODE_ENV: 'test', DATABASE_URL: urlOf(name), HUB_TIME_ZONE: 'Asia/Shanghai', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const watched = (async () => {
      if (!meanwhile) return;
      let line = 0;
      while (child.exitCode === null && (line = await checkpointLine(name)) < lines / 5) await sleep(20);
      if (line >= lines / 5) await meanwhile(line);
    })();
    return Promise.all([closed, watched]).then(([status]) => ({ status, stdout, stderr }));
  }

  beforeAll(async () => {
    db = await startPrivateMariaDb();
    work = mkdtempSync(path.join(tmpdir(), 'hub-import-restart-'));
    const schema: GraphQLSchema = await buildHubSchema(null);
    await generateFiles(schema, { ...POPULATION, out: work, format: 'ndjson' });
    file = path.join(work, 'with-persons-living-away.ndjson');
    let added: number;
    ({ lines, added } = withPersonsLivingAway(path.join(work, 'civil-affairs.ndjson'), file));
    await Promise.all(['reference', 'restarted', 'outlasted'].map(createDatabase));
    // The reference: the same file, the same chunks, nobody stopping the database.
    const result = await withDatabase('reference', (dataSource) => {
      const services = createServices(dataSource, { HUB_MAX_BATCH: CHUNK, HUB_MAX_PAGE: 1, HUB_POLICY_DIR: POLICY_DIR });
      return runImport(dataSource, schema, services, { dept: 'civil-affairs', file, format: 'ndjson', chunkSize: CHUNK, operator: 'tester', rejectedFile: rejectedFileOf('reference') });
    });
    expect(result).toMatchObject({ complete: true, lastLine: lines });
    reference = await finalState('reference');
    expect(reference.rows.ca_person).toBeGreaterThan(1000);
    expect(reference.notifications.length).toBeGreaterThanOrEqual(2 * added);
    expect(reference.checkpoint).toBe(lines);
  }, 180_000);

  afterAll(async () => {
    await db?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a restart within the wait: the import waits, retries the chunk and finishes by itself as if nothing happened', async () => {
    let stoppedAtLine = 0;
    const run = await importProcess('restarted', {}, async (line) => {
      await db.stop();
      stoppedAtLine = line;
      await sleep(DOWN_MS);
      await db.start();
    });

    expect(run).toMatchObject({ status: 0 });
    // The outage came mid-import, and the import said so on stderr, and that it went on.
    expect(stoppedAtLine).toBeGreaterThanOrEqual(lines / 5);
    expect(stoppedAtLine).toBeLessThan(lines / 2);
    expect(run.stderr).toMatch(/import: the database cannot be reached \([A-Z_]+\); retrying the chunk after line \d+ for up to 60\.0 s/);
    expect(run.stderr).toMatch(/import: the database answers again after \d+\.\d s/);
    // One run did it all: nothing resumed, nothing left.
    expect(run.stdout).toMatch(/resumedAfterLine\s+0\n/);
    expect(run.stdout).toMatch(new RegExp(`lastLine\\s+${lines}\\n`));
    expect(run.stdout).toMatch(/complete\s+yes/);
    expect(run.stdout + run.stderr).not.toMatch(ID_NUMBER);

    const state = await finalState('restarted');
    expect(state.rows).toEqual(reference.rows);
    expect(state.notifications).toEqual(reference.notifications);
    expect(state.rejected).toEqual(reference.rejected);
    expect(state.checkpoint).toBe(lines);
    expect(state.audited).toBeGreaterThanOrEqual(reference.audited);
    // What this run met, for whoever reads the output: where the stop came and what the import said.
    console.log(JSON.stringify({ lines, stoppedAtLine, said: run.stderr.split('\n').filter((l) => l.includes('database')) }));
  });

  test('an outage longer than the wait: exit 1 with the reason, and running it again resumes and ends the same', async () => {
    let stoppedAtLine = 0;
    const stopped = await importProcess('outlasted', { [DATABASE_WAIT_SETTING]: String(SHORT_WAIT_MS) }, async (line) => {
      await db.stop();
      stoppedAtLine = line;
    });
    // The database stays away until the import has given up.
    await db.start();

    expect(stopped.status).toBe(1);
    expect(stoppedAtLine).toBeGreaterThanOrEqual(lines / 5);
    const failure = /import: failed: the database could not be reached for (\d+\.\d) s \([A-Z_]+\): every chunk through line (\d+) is committed; run the same command again to resume from there \(DATABASE_UNAVAILABLE\)/.exec(stopped.stderr);
    expect(failure).not.toBeNull();
    expect(Number(failure![1]) * 1000).toBeGreaterThanOrEqual(SHORT_WAIT_MS);
    const committed = Number(failure![2]);
    expect(committed).toBeGreaterThanOrEqual(stoppedAtLine);
    expect(committed).toBeLessThan(lines);
    expect(stopped.stdout).not.toMatch(/complete/);
    // The checkpoint is where the message says, and the rejected file holds no line past it.
    expect(await checkpointLine('outlasted')).toBe(committed);
    const rejectedSoFar = readFileSync(rejectedFileOf('outlasted'), 'utf8').split('\n').filter(Boolean);
    expect(rejectedSoFar).toEqual(reference.rejected.filter((r) => JSON.parse(r).line <= committed));

    const resumed = await importProcess('outlasted', {});
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resumedAfterLine\\s+${committed}\\n`));
    expect(resumed.stdout).toMatch(/complete\s+yes/);
    expect(stopped.stdout + stopped.stderr + resumed.stdout + resumed.stderr).not.toMatch(ID_NUMBER);

    const state = await finalState('outlasted');
    expect(state.rows).toEqual(reference.rows);
    expect(state.notifications).toEqual(reference.notifications);
    expect(state.rejected).toEqual(reference.rejected);
    expect(state.checkpoint).toBe(lines);
    console.log(JSON.stringify({ lines, stoppedAtLine, committed, said: stopped.stderr.split('\n').filter((l) => l.includes('database')) }));
  });
});

describe('waiting for the database', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const quiet = { say: () => undefined };
  const alwaysRefused = async (): Promise<never> => {
    throw refused;
  };

  test('only an unreachable database is waited for, wrapped or not; a stop request or a zero wait ends it at once', async () => {
    const duplicate = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw duplicate;
    };
    await expect(retryWhileUnavailable({ budgetMs: DEFAULT_DATABASE_WAIT_MS, ...quiet }, 7, failing)).rejects.toBe(duplicate);
    expect(calls).toBe(1);
    const zero = retryWhileUnavailable({ budgetMs: 0, ...quiet }, 7, alwaysRefused);
    await expect(zero).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/could not be reached for 0\.0 s \(ECONNREFUSED\): every chunk through line 7/) });
    const stopped = retryWhileUnavailable({ budgetMs: DEFAULT_DATABASE_WAIT_MS, shouldStop: () => true, ...quiet }, 7, alwaysRefused);
    await expect(stopped).rejects.toThrow(/^stopped while waiting for the database \(ECONNREFUSED\)/);

    const said: string[] = [];
    let attempts = 0;
    const recovering = async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('query failed', { cause: refused });
      return 'committed';
    };
    await expect(retryWhileUnavailable({ budgetMs: DEFAULT_DATABASE_WAIT_MS, say: (line) => said.push(line) }, 7, recovering)).resolves.toBe('committed');
    expect(attempts).toBe(3);
    expect(said).toEqual([expect.stringMatching(/cannot be reached \(ECONNREFUSED\); retrying the chunk after line 7/), expect.stringMatching(/answers again after/)]);
  });

  test('a wait that is not a whole number of milliseconds stops the import, naming the setting', () => {
    expect(databaseWaitOf({}).budgetMs).toBe(DEFAULT_DATABASE_WAIT_MS);
    expect(databaseWaitOf({ [DATABASE_WAIT_SETTING]: '0' }).budgetMs).toBe(0);
    for (const bad of ['60s', '-1', '1.5', '99999999999']) {
      expect(() => databaseWaitOf({ [DATABASE_WAIT_SETTING]: bad })).toThrow(SettingsError);
      expect(() => databaseWaitOf({ [DATABASE_WAIT_SETTING]: bad })).toThrow(DATABASE_WAIT_SETTING);
    }
  });
});

/**
 * The generated population, with a person living away from registration who is newly eligible
 * (a one-person household without income, checked a month ago: two notifications each) after
 * every few lines. Returns the lines written and the persons added.
 */
function withPersonsLivingAway(generated: string, out: string): { lines: number; added: number } {
  const records = readFileSync(generated, 'utf8').split('\n').filter(Boolean);
  const taken = new Set(records.map((line) => (JSON.parse(line) as { idNumber?: string }).idNumber));
  const checkedOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  let sequence = 0;
  const newId = () => {
    let id: string;
    do id = composeIdNumber('120101', '1964-08-21', sequence++);
    while (taken.has(id));
    return id;
  };
  const lines: string[] = [];
  records.forEach((record, index) => {
    lines.push(record);
    if ((index + 1) % LIVING_AWAY_EVERY !== 0) return;
    const idNumber = newId();
    const householdNumber = `H120101-AWAY-${String(index).padStart(5, '0')}`;
    lines.push(
      JSON.stringify({ kind: 'persons', idNumber, name: '重启导入', registeredDistrict: '120101', residenceDistrict: '120116' }),
      JSON.stringify({ kind: 'households', householdNumber, registeredDistrict: '120101', residenceDistrict: '120116', members: [{ idNumber, relation: 'HEAD', monthlyIncome: 0 }] }),
      JSON.stringify({ kind: 'economicChecks', householdNumber, checkedOn, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }),
    );
  });
  writeFileSync(out, `${lines.join('\n')}\n`);
  return { lines: lines.length, added: (lines.length - records.length) / 3 };
}
