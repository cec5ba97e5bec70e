import 'reflect-metadata';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { generateFiles, householdsFor } from '../../src/bulk-import/generate-files';
import { DEFAULT_IMPORT_CHUNK } from '../../src/bulk-import/import.command';
import { runImport } from '../../src/bulk-import/import-run';
import { hubToday, setHubTimeZone } from '../../src/common/clock';
import { loadSettings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { SOURCE_DEPARTMENTS, type SourceDepartment } from '../../src/ingestion/receipts/receipts';
import { createLogger } from '../../src/logger';
import { buildHubSchema } from '../../src/server/schema';
import { createServices } from '../../src/server/services';
import { prepare, TABLES_OF, type Prepared } from './import-speed-tables';

/*
 * `hub import` against MariaDB's own bulk path (issue: import rows/s at least 0.65 × those of LOAD
 * DATA LOCAL INFILE of the same rows into the same tables). One run generates a population, turns
 * its records into the exact table rows, then per round empties the database and loads the rows
 * with LOAD DATA, empties it and imports the files through the services, department after
 * department (civil affairs first, as a whole population must be loaded). Rounds alternate which
 * goes first. Both rates count the file's records, so the ratio is the ratio of the two times.
 * After each, CHECKSUM TABLE of the department's tables must agree: the import stored the same
 * rows. A load script, not a test: it prints, and returns the figures to a caller.
 *
 */

const DATABASE = 'hub_imp_bench';
const DEFAULT_SERVER = 'mysql://root@127.0.0.1:3306';
const DEFAULT_PERSONS = 100_000;

const USAGE = `Usage: npm run bench:import -- [--persons N] [--seed S] [--rounds R] [--chunk C] [--dept D]

  --persons N   persons of the generated population (default ${DEFAULT_PERSONS})
  --seed S      its random seed (default 1)
  --rounds R    rounds of LOAD DATA and import, alternating which goes first (default 1)
  --chunk C     records per import chunk (default ${DEFAULT_IMPORT_CHUNK}, as hub import)
  --dept D      only this department (its table rows as a whole population would have them)

The server is HUB_BENCH_MYSQL_URL (default ${DEFAULT_SERVER}); the database ${DATABASE} is created
afresh and dropped at the end. HUB_BENCH_CPU_PROF=DIR writes a CPU profile (.cpuprofile) of each
department's first import.
`;

export interface ImportBenchOptions {
  persons?: number;
  seed?: number;
  rounds?: number;
  chunk?: number;
  depts?: readonly SourceDepartment[];
  /** mysql://user:pass@host:port of a MySQL or MariaDB server (the database is the bench's own). */
  serverUrl?: string;
  profileDir?: string;
  log?: (line: string) => void;
}

export interface ImportBenchResult {
  dept: SourceDepartment;
  /** Records of the department's file. */
  rows: number;
  /** Table rows they make (a household is its row and its members'). */
  tableRows: number;
  importRowsPerSec: number;
  loadDataRowsPerSec: number;
  ratio: number;
  /** CHECKSUM TABLE of the import equal to that of LOAD DATA, every round. */
  sameRows: boolean;
}

/** Tables the migrations fill, which emptying leaves alone. */
const KEPT_TABLES = new Set(['hub_migrations', 'push_sequence']);

async function emptyDatabase(db: Connection): Promise<void> {
  const [rows] = await db.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?', [DATABASE]);
  await db.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const { t } of rows as Array<{ t: string }>) if (!KEPT_TABLES.has(t)) await db.query(`TRUNCATE TABLE \`${t}\``);
  await db.query('SET FOREIGN_KEY_CHECKS = 1');
}

async function checksums(db: Connection, tables: string[]): Promise<string> {
  const [rows] = await db.query(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
  return (rows as Array<{ Checksum: string | number }>).map((r) => String(r.Checksum)).join(',');
}

async function loadData(db: Connection, prepared: Prepared): Promise<number> {
  const started = performance.now();
  for (const t of prepared.tables) {
    await db.query({
      sql: `LOAD DATA LOCAL INFILE ? INTO TABLE \`${t.table}\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${t.columns.map((c) => `\`${c}\``).join(', ')})`,
      values: [t.file],
      infileStreamFactory: (file: string) => createReadStream(file),
    });
  }
  return (performance.now() - started) / 1000;
}

async function profiled<T>(file: string | null, run: () => Promise<T>): Promise<T> {
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResult[]> {
  const { persons = DEFAULT_PERSONS, seed = 1, rounds = 1, chunk = DEFAULT_IMPORT_CHUNK, depts = SOURCE_DEPARTMENTS, log = (l: string) => process.stderr.write(`${l}\n`) } = options;
  const serverUrl = new URL((options.serverUrl ?? DEFAULT_SERVER).replace(/^mariadb:/, 'mysql:'));
  serverUrl.pathname = '';
  const server = serverUrl.toString().replace(/\/$/, '');
  const settings = loadSettings({ DATABASE_URL: `${server}/${DATABASE}`, HUB_DEMO_DATA: 'off', LOG_LEVEL: 'silent' });
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const admin = await createConnection({ uri: server });
  await admin.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await admin.query(`CREATE DATABASE \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-import-bench-'));
  const ds = await openDataSource(settings.DATABASE_URL, createLogger('silent'));
  const db = await createConnection({ uri: settings.DATABASE_URL, charset: 'utf8mb4_unicode_ci' });
  try {
    await ds.runMigrations();
    const schema = await buildHubSchema(null);
    const today = hubToday();
    log(`generating ${persons} persons (seed ${seed})`);
    await generateFiles(schema, { households: Math.max(1, householdsFor(persons)), seed, asOf: today, out: dir, format: 'ndjson' });
    const prepared = new Map<SourceDepartment, Prepared>();
    for (const dept of depts) prepared.set(dept, await prepare(ds, schema, dept, dir, today));
    const services = createServices(ds, { ...settings, HUB_MAX_BATCH: Math.max(settings.HUB_MAX_BATCH, chunk) });
    const times = new Map(depts.map((d) => [d, { load: [] as number[], import: [] as number[], same: true }]));
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });

    const loadAll = async (round: number) => {
      await emptyDatabase(db);
      for (const dept of depts) {
        const seconds = await loadData(db, prepared.get(dept) as Prepared);
        times.get(dept)?.load.push(seconds);
        log(`round ${round}: LOAD DATA ${dept}: ${seconds.toFixed(2)} s`);
      }
    };
    const importAll = async (round: number) => {
      await emptyDatabase(db);
      for (const dept of depts) {
        const p = prepared.get(dept) as Prepared;
        const profile = options.profileDir && round === 1 ? path.join(options.profileDir, `import-${dept}.cpuprofile`) : null;
        const started = performance.now();
        const result = await profiled(profile, () =>
          runImport(ds, schema, services, { dept, file: p.file, format: 'ndjson', chunkSize: chunk, restart: true, operator: 'import-bench' }),
        );
        const seconds = (performance.now() - started) / 1000;
        if (result.rejected || result.rows !== p.records) throw new Error(`${dept}: ${result.rejected} of ${result.rows} records refused`);
        times.get(dept)?.import.push(seconds);
        log(`round ${round}: import ${dept}: ${seconds.toFixed(2)} s`);
      }
    };
    for (let round = 1; round <= rounds; round++) {
      const sums = { load: new Map<SourceDepartment, string>(), import: new Map<SourceDepartment, string>() };
      const check = async (into: Map<SourceDepartment, string>) => {
        for (const dept of depts) into.set(dept, await checksums(db, TABLES_OF[dept]));
      };
      const phases = round % 2 === 1 ? ['load', 'import'] : ['import', 'load'];
      for (const phase of phases) {
        if (phase === 'load') await loadAll(round);
        else await importAll(round);
        await check(sums[phase as 'load' | 'import']);
      }
      for (const dept of depts) if (sums.load.get(dept) !== sums.import.get(dept)) (times.get(dept) as { same: boolean }).same = false;
    }
    return depts.map((dept) => {
      const p = prepared.get(dept) as Prepared;
      const t = times.get(dept) as { load: number[]; import: number[]; same: boolean };
      const importRowsPerSec = p.records / median(t.import);
      const loadDataRowsPerSec = p.records / median(t.load);
      const tableRows = p.tables.reduce((sum, x) => sum + x.rows, 0);
      return { dept, rows: p.records, tableRows, importRowsPerSec, loadDataRowsPerSec, ratio: importRowsPerSec / loadDataRowsPerSec, sameRows: t.same };
    });
  } finally {
    await db.end();
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
    const cleanup = await createConnection({ uri: server });
    await cleanup.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
    await cleanup.end();
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string' }, seed: { type: 'string' }, rounds: { type: 'string' }, chunk: { type: 'string' },
      dept: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const whole = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number.parseInt(v, 10));
  const dept = values.dept as SourceDepartment | undefined;
  if (dept && !SOURCE_DEPARTMENTS.includes(dept)) throw new Error(`--dept takes one of ${SOURCE_DEPARTMENTS.join(', ')}`);
  const results = await runImportBench({
    persons: whole(values.persons, DEFAULT_PERSONS),
    seed: whole(values.seed, 1),
    rounds: whole(values.rounds, 1),
    chunk: whole(values.chunk, DEFAULT_IMPORT_CHUNK),
    depts: dept ? [dept] : SOURCE_DEPARTMENTS,
    serverUrl: process.env.HUB_BENCH_MYSQL_URL,
    profileDir: process.env.HUB_BENCH_CPU_PROF || undefined,
  });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('| department | records | table rows | import rows/s | LOAD DATA rows/s | ratio | same rows |');
  out('|---|--:|--:|--:|--:|--:|---|');
  for (const r of results) {
    out(`| ${r.dept} | ${r.rows} | ${r.tableRows} | ${r.importRowsPerSec.toFixed(0)} | ${r.loadDataRowsPerSec.toFixed(0)} | ${r.ratio.toFixed(3)} | ${r.sameRows ? 'yes' : 'NO'} |`);
  }
  out(JSON.stringify(results));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
