import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createConnection, createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { issueToken } from '../../src/auth/tokens';
import { loadSettings, type Settings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { countStatements, type StatementTally } from '../../src/db/statement-counter';
import type { EligibilityDecision } from '../../src/eligibility/eligibility.types';
import { decide, type RuleInput } from '../../src/eligibility/engine';
import { RULES } from '../../src/eligibility/rules';
import { createLogger } from '../../src/logger';
import { NoValueInForceError, ParameterStore } from '../../src/policy/parameter-store';
import { populationChunks } from '../../src/seed/demo-population';
import { seedDatabase } from '../../src/seed/seed-database';
import { startHub, type RunningHub } from '../../src/server/app';
import { createLoaders } from '../../src/server/context';
import { setHubTimeZone } from '../../src/common/clock';
import { isValidLocalDate, type LocalDate } from '../../src/common/local-date';
import { emptyRawTally, FACT_TABLES, readPageRaw, streamTables, type RawTally } from './raw-reader';

/*
 * Eligibility throughput on MySQL/MariaDB: how many persons per second the hub decides every rule
 * for, against reading the same rows raw with mysql2. A script, not a test: it prints figures and
 * asserts nothing about time.
 *
 *   npm run bench:eligibility -- [--households N] [--seed S] [--as-of DATE] [--page P] [--repeat R] [--no-http]
 */

const USAGE = `Usage: npm run bench:eligibility -- [options]

  --households N    households of the deterministic demo population (default 40000, about 104,000 persons)
  --seed S          its random seed (default 2020)
  --as-of DATE      the day the population describes and the rules are decided on (default 2025-10-15)
  --page P          persons per page for the raw read and the hub (default 1000)
  --repeat R        run every stage R times in this process (default 1)
  --http-persons N  persons read over HTTP (default 10000); --no-http skips the HTTP stage
  --no-stream       skip the informative whole-table stream
  -h, --help        this text

The server is HUB_BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306); the database hub_bench is
created, migrated and seeded when it lacks persons of the population, and reused afterwards.
`;

const OUTCOMES = ['ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED', 'NOT_IN_FORCE'] as const;
type OutcomeKey = (typeof OUTCOMES)[number];

interface Options {
  households: number;
  seed: number;
  asOf: LocalDate;
  page: number;
  repeat: number;
  http: boolean;
  httpPersons: number;
  stream: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      households: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      page: { type: 'string' },
      repeat: { type: 'string' },
      http: { type: 'boolean' },
      'no-http': { type: 'boolean' },
      'http-persons': { type: 'string' },
      'no-stream': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const whole = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} takes a whole number of ${min} or more, not "${raw}"`);
    return Number(raw);
  };
  const asOf = values['as-of'] ?? '2025-10-15';
  if (!isValidLocalDate(asOf)) throw new Error(`--as-of takes a date written YYYY-MM-DD, not "${asOf}"`);
  return {
    households: whole('households', values.households, 40_000, 1),
    seed: whole('seed', values.seed, 2020, 0),
    asOf,
    page: whole('page', values.page, 1000, 1),
    repeat: whole('repeat', values.repeat, 1, 1),
    http: values['no-http'] ? false : (values.http ?? true),
    httpPersons: whole('http-persons', values['http-persons'], 10_000, 1),
    stream: !values['no-stream'],
  };
}

// ---------------------------------------------------------------------------------------------
// Figures

const out = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(header: string[], rows: Array<Array<string | number>>, alignLeft = 1): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

/** Outcomes per rule id, with the sum of eligible amounts in fen (a checksum of the decisions). */
class DecisionCounts {
  readonly byRule = new Map<string, Record<OutcomeKey, number> & { amountFen: number }>();

  constructor() {
    for (const rule of RULES) this.byRule.set(rule.id, { ELIGIBLE: 0, NOT_ELIGIBLE: 0, UNDETERMINED: 0, NOT_IN_FORCE: 0, amountFen: 0 });
  }

  add(ruleId: string, outcome: OutcomeKey, amount: number | null | undefined): void {
    const row = this.byRule.get(ruleId);
    if (!row) throw new Error(`decision for an unknown rule ${ruleId}`);
    row[outcome] += 1;
    if (amount != null) row.amountFen += Math.round(amount * 100);
  }

  key(): string {
    return JSON.stringify([...this.byRule]);
  }

  lines(): string[] {
    return table(
      ['rule', ...OUTCOMES, 'sum of amounts (yuan)'],
      [...this.byRule].map(([id, r]) => [id, ...OUTCOMES.map((o) => int(r[o])), fixed(r.amountFen / 100, 2)]),
    );
  }
}

interface StageResult {
  persons: number;
  seconds: number;
}

interface Repetition {
  raw: StageResult & { tally: RawTally };
  stream: (StageResult & { tally: RawTally }) | null;
  hub: StageResult & { statements: number[]; pages: number };
  rules: StageResult;
  counts: DecisionCounts;
  firstCounts: DecisionCounts;
  http: (StageResult & { requests: number; statements: number[]; counts: DecisionCounts; pageSize: number }) | null;
}

// ---------------------------------------------------------------------------------------------
// Database: created, migrated and seeded once, reused afterwards

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

function printableUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The ID numbers of the population the options describe, sorted as the hub pages them. */
function wantedPersons(options: Options): string[] {
  const ids: string[] = [];
  for (const part of populationChunks(options, 1000)) for (const p of part.civilAffairs.persons) ids.push(p.idNumber);
  return ids.sort();
}

async function missingPersons(pool: Pool, wanted: string[]): Promise<{ missing: number; extra: number }> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT idNumber FROM ca_person');
  const present = new Set(rows.map((r) => r.idNumber as string));
  const missing = wanted.filter((id) => !present.has(id)).length;
  return { missing, extra: present.size - (wanted.length - missing) };
}

async function seed(dataSource: DataSource, options: Options): Promise<number> {
  const started = process.hrtime.bigint();
  let reported = -1;
  await seedDatabase(dataSource, {
    households: options.households,
    seed: options.seed,
    asOf: options.asOf,
    onProgress: (done, total) => {
      const tenth = Math.floor((done * 10) / Math.max(1, total));
      if (tenth === reported) return;
      reported = tenth;
      out(`  seeding: ${int(done)}/${int(total)} households (${tenth * 10}%) after ${fixed(seconds(started), 1)} s`);
    },
  });
  return seconds(started);
}

// ---------------------------------------------------------------------------------------------
// Stages

function pagesOf(ids: string[], size: number): string[][] {
  const pages: string[][] = [];
  for (let at = 0; at < ids.length; at += size) pages.push(ids.slice(at, at + size));
  return pages;
}

async function rawStage(pool: Pool, pages: string[][]): Promise<StageResult & { tally: RawTally }> {
  const tally = emptyRawTally();
  const started = process.hrtime.bigint();
  for (const page of pages) await readPageRaw(pool, page, tally);
  return { persons: pages.reduce((n, p) => n + p.length, 0), seconds: seconds(started), tally };
}

async function streamStage(pool: Pool, persons: number): Promise<StageResult & { tally: RawTally }> {
  const tally = emptyRawTally();
  const started = process.hrtime.bigint();
  await streamTables(pool, tally);
  return { persons, seconds: seconds(started), tally };
}

/** A page at a time, as a request would: fresh loaders, facts for the page, every rule for every person. */
async function hubStage(
  dataSource: DataSource,
  pages: string[][],
  store: ParameterStore,
  asOf: LocalDate,
  firstPersons: number,
): Promise<Pick<Repetition, 'hub' | 'rules' | 'counts' | 'firstCounts'>> {
  const counts = new DecisionCounts();
  const firstCounts = new DecisionCounts();
  const statements: number[] = [];
  let rulesNs = 0n;
  let index = 0;
  const started = process.hrtime.bigint();
  for (const page of pages) {
    const loaders = createLoaders(dataSource.manager);
    const tally: StatementTally = { statements: 0 };
    const facts = await countStatements(tally, () => loaders.eligibility.subjectFacts.loadMany(page));
    statements.push(tally.statements);
    for (const gathered of facts) {
      if (gathered instanceof Error) throw gathered;
      const input: RuleInput = { kind: 'person', facts: { ...gathered, asOf } };
      const decisions: Array<EligibilityDecision | string> = [];
      const ruleStart = process.hrtime.bigint();
      for (const rule of RULES) {
        try {
          decisions.push(decide(rule, input, store, asOf));
        } catch (error) {
          // As the service does for "all rules": a rule not in force on asOf did not exist then.
          if (!(error instanceof NoValueInForceError)) throw error;
          decisions.push(rule.id);
        }
      }
      rulesNs += process.hrtime.bigint() - ruleStart;
      for (const d of decisions) {
        const [ruleId, outcome, amount] = typeof d === 'string' ? [d, 'NOT_IN_FORCE' as const, null] : [d.ruleId, d.outcome as OutcomeKey, d.amount];
        counts.add(ruleId, outcome, amount);
        if (index < firstPersons) firstCounts.add(ruleId, outcome, amount);
      }
      index += 1;
    }
  }
  const total = seconds(started);
  return {
    hub: { persons: index, seconds: total, statements, pages: pages.length },
    rules: { persons: index, seconds: Number(rulesNs) / 1e9 },
    counts,
    firstCounts,
  };
}

const PERSONS_QUERY = (asOf: LocalDate, first: number) => `query EligibilityBench($after: String) {
  persons(first: ${first}, after: $after) {
    edges { node { idNumber eligibility(asOf: ${JSON.stringify(asOf)}) { ruleId outcome amount } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface PersonsAnswer {
  data?: {
    persons: {
      edges: Array<{ node: { idNumber: string; eligibility: Array<{ ruleId: string; outcome: OutcomeKey; amount: number | null }> } }>;
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  };
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: { sqlStatements?: number };
}

/** The real server over real HTTP, one request at a time, following the cursor. */
async function httpStage(hub: RunningHub, token: string, asOf: LocalDate, limit: number, pageSize: number) {
  const counts = new DecisionCounts();
  const statements: number[] = [];
  let after: string | null = null;
  let persons = 0;
  let requests = 0;
  const started = process.hrtime.bigint();
  while (persons < limit) {
    const first = Math.min(pageSize, limit - persons);
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'eligibility benchmark' },
      body: JSON.stringify({ query: PERSONS_QUERY(asOf, first), variables: { after } }),
    });
    const answer = (await response.json()) as PersonsAnswer;
    requests += 1;
    if (!answer.data || answer.errors?.length) {
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 800)}`);
    }
    if (answer.extensions?.sqlStatements != null) statements.push(answer.extensions.sqlStatements);
    const { edges, pageInfo } = answer.data.persons;
    for (const { node } of edges) for (const d of node.eligibility) counts.add(d.ruleId, d.outcome, d.amount);
    persons += edges.length;
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) break;
    after = pageInfo.endCursor;
  }
  return { persons, seconds: seconds(started), requests, statements, counts, pageSize };
}

// ---------------------------------------------------------------------------------------------
// Report

function spread(values: number[]): string {
  if (values.length === 0) return 'n/a';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return min === max ? `${min} on every one of ${values.length}` : `min ${min}, mean ${fixed(mean, 1)}, max ${max} over ${values.length}`;
}

function report(r: Repetition, index: number, of: number, options: Options): void {
  const rate = (s: StageResult) => (s.seconds > 0 ? s.persons / s.seconds : 0);
  const perPerson = (s: StageResult) => s.seconds / Math.max(1, s.persons);
  out();
  out(`== repetition ${index} of ${of} ==`);
  const rows: Array<Array<string | number>> = [
    ['raw read (mysql2, keyed pages as the hub batches)', int(r.raw.persons), fixed(r.raw.seconds, 2), int(rate(r.raw))],
    ['hub (createLoaders + subjectFacts + decide)', int(r.hub.persons), fixed(r.hub.seconds, 2), int(rate(r.hub))],
    ['  of which rules alone (decide)', int(r.rules.persons), fixed(r.rules.seconds, 2), int(rate(r.rules))],
  ];
  if (r.http) rows.push([`HTTP (persons(first: ${r.http.pageSize}) + eligibility)`, int(r.http.persons), fixed(r.http.seconds, 2), int(rate(r.http))]);
  else rows.push(['HTTP', 'skipped', '', '']);
  if (r.stream) rows.push(['(info) raw whole-table streams, not the baseline', int(r.stream.persons), fixed(r.stream.seconds, 2), int(rate(r.stream))]);
  for (const line of table(['stage', 'persons', 'seconds', 'persons/s'], rows)) out(`  ${line}`);
  out();
  out(`  hub/raw  ${fixed(perPerson(r.hub) / perPerson(r.raw), 2)}×  (seconds per person; the hub's own cost over reading the same rows)`);
  if (r.http) out(`  http/raw ${fixed(perPerson(r.http) / perPerson(r.raw), 2)}×  (seconds per person; HTTP covers the first ${int(r.http.persons)} persons only)`);
  out(`  rules share of hub time: ${fixed((100 * r.rules.seconds) / r.hub.seconds, 1)} %`);
  out(`  SQL statements per page of ${options.page} (hub, statement counter): ${spread(r.hub.statements)}`);
  out(`  SQL statements per page of ${options.page} (raw, same batching):     ${fixed(r.raw.tally.statements / r.hub.pages, 1)} on average`);
  if (r.http) out(`  SQL statements per HTTP request (extensions.sqlStatements): ${spread(r.http.statements)} requests`);
  out(`  rows read raw: ${int(r.raw.tally.rows)} keyed (parents and members re-read when they are on other pages)` + (r.stream ? `, ${int(r.stream.tally.rows)} streamed` : ''));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  const server = process.env.HUB_BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
  const url = databaseUrl(server, 'hub_bench');
  const log = createLogger('silent');
  const secret = randomBytes(32).toString('hex');
  const settings: Settings = loadSettings({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    HUB_DEMO_DATA: 'off',
    HUB_REPORT_STATEMENTS: 'on',
    HUB_JWT_SECRET: secret,
    LOG_LEVEL: 'silent',
  });
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const store = ParameterStore.fromFolder(settings.HUB_POLICY_DIR);

  const admin = await createConnection({ uri: server });
  const [[{ version }]] = await admin.query<RowDataPacket[]>('SELECT VERSION() AS version');
  await admin.query('CREATE DATABASE IF NOT EXISTS `hub_bench` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await admin.end();

  out('eligibility benchmark');
  out(`  node ${process.version}, database ${version} at ${printableUrl(url)}`);
  out(`  population: ${int(options.households)} households, seed ${options.seed}, as of ${options.asOf}; rules decided on ${options.asOf}`);

  const dataSource = await openDataSource(url, log);
  // Same settings as the hub's own pool (src/db/data-source.ts): 10 connections, dates as strings.
  const pool = createPool({ uri: url, connectionLimit: 10, dateStrings: true, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  let hub: RunningHub | null = null;
  try {
    const migrations = await dataSource.runMigrations();
    if (migrations.length) out(`  migrations applied: ${migrations.map((m) => m.name).join(', ')}`);

    let started = process.hrtime.bigint();
    const wanted = wantedPersons(options);
    out(`  persons of the population: ${int(wanted.length)} (generated in ${fixed(seconds(started), 1)} s to know their ID numbers)`);
    let { missing, extra } = await missingPersons(pool, wanted);
    if (missing > 0) {
      out(`  hub_bench lacks ${int(missing)} of them: seeding ${int(options.households)} households through seedDatabase (about a minute for 40,000)`);
      const took = await seed(dataSource, options);
      ({ missing, extra } = await missingPersons(pool, wanted));
      out(`  seeded in ${fixed(took, 1)} s`);
      if (missing > 0) throw new Error(`after seeding, ${missing} persons of the population are still missing`);
    } else {
      out('  hub_bench already holds them: not seeding');
    }
    if (extra > 0) out(`  note: hub_bench also holds ${int(extra)} persons of another population; the raw read and the hub use only the ${int(wanted.length)} above, HTTP pages through whatever is first by ID number`);

    const pages = pagesOf(wanted, options.page);
    out(`  pages: ${int(pages.length)} of ${options.page} persons, ordered by ID number; ${RULES.length} rules per person (${RULES.map((r) => r.id).join(', ')})`);

    let token: string | null = null;
    if (options.http) {
      started = process.hrtime.bigint();
      hub = await startHub(settings, log, dataSource);
      token = await issueToken({ sub: 'eligibility-bench', role: 'admin' }, hub.keys);
      out(`  HTTP: hub started at ${hub.url} in ${fixed(seconds(started), 1)} s (not timed); ${int(options.httpPersons)} persons, pages of ${Math.min(100, settings.HUB_MAX_PAGE)} (HUB_MAX_PAGE ${settings.HUB_MAX_PAGE}), one request at a time, as admin`);
    }

    const repetitions: Repetition[] = [];
    for (let i = 1; i <= options.repeat; i++) {
      process.stderr.write(`repetition ${i}: raw read…\n`);
      const raw = await rawStage(pool, pages);
      process.stderr.write(`repetition ${i}: hub…\n`);
      const hubResult = await hubStage(dataSource, pages, store, options.asOf, options.httpPersons);
      let http: Repetition['http'] = null;
      if (hub && token) {
        process.stderr.write(`repetition ${i}: HTTP…\n`);
        http = await httpStage(hub, token, options.asOf, options.httpPersons, Math.min(100, settings.HUB_MAX_PAGE));
      }
      let stream: Repetition['stream'] = null;
      if (options.stream) {
        process.stderr.write(`repetition ${i}: whole-table streams…\n`);
        stream = await streamStage(pool, wanted.length);
      }
      const repetition: Repetition = { raw, stream, ...hubResult, http };
      repetitions.push(repetition);
      report(repetition, i, options.repeat, options);
    }

    out();
    out(`== decisions per rule by outcome (${int(wanted.length)} persons, as of ${options.asOf}) ==`);
    out("  (sum of amounts: the eligible decisions' amounts added up; a household's amount counts once per member asked)");
    for (const line of repetitions[0].counts.lines()) out(`  ${line}`);
    const same = repetitions.every((r) => r.counts.key() === repetitions[0].counts.key());
    if (repetitions.length > 1) out(`  ${same ? 'the same in every repetition' : 'NOT the same in every repetition: see below'}`);
    if (!same) for (const [i, r] of repetitions.entries()) for (const line of r.counts.lines()) out(`  [${i + 1}] ${line}`);
    const first = repetitions[0];
    if (first.http) {
      const agree = extra === 0 && first.http.persons === Math.min(options.httpPersons, wanted.length) && first.http.counts.key() === first.firstCounts.key();
      out(`  HTTP decisions for the first ${int(first.http.persons)} persons ${agree ? 'agree' : 'DO NOT agree'} with the in-process hub's for the same persons`);
      if (!agree) for (const line of first.http.counts.lines()) out(`  [http] ${line}`);
    }
    out();
    out('== rows of the eligibility facts in hub_bench ==');
    const [counts] = await pool.query<RowDataPacket[]>(FACT_TABLES.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM \`${t}\``).join(' UNION ALL '));
    for (const line of table(['table', 'rows'], counts.map((c) => [c.t as string, int(Number(c.n))]))) out(`  ${line}`);
    return 0;
  } finally {
    if (hub) await hub.stop();
    await pool.end();
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
