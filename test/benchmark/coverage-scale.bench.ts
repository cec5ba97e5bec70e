import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { issueToken } from '../../src/auth/tokens';
import { setHubTimeZone } from '../../src/common/clock';
import { addDays, type LocalDate } from '../../src/common/local-date';
import { CoverageRun, CoverageRunStatus } from '../../src/coverage/coverage.entities';
import { Person } from '../../src/departments/civil-affairs/person.entity';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { startHub } from '../../src/server/app';
import { newIdNumber, withWrongCheckDigit } from '../fixtures/residents';
import { benchHubSettings, forkHub, stopForkedHub } from './forked-hub';

/*
 * districtStats and crossCheck on a population already in a database (seed it first, e.g.
 * `npm run seed -- --households 400000` for about 1,040,000 persons, then `npm run hub -- evaluate`):
 * the dashboard's figures with and without a completed pass, and a partner department's
 * 10,000-ID cross-check, each over real HTTP to a hub in its own process, with the SQL statements
 * of a request. A load script, not a test: it prints, it asserts nothing, and it writes nothing
 * but the audit entries of its cross-checks.
 */

const USAGE = `Usage: DATABASE_URL=mysql://… npm run bench:coverage -- [--as-of YYYY-MM-DD] [--runs N]

  --as-of DATE   the date of a completed evaluation pass (default: the newest one in the database)
  --runs N       timed requests of each kind after one warm-up (default 5)
`;

interface Served { url: string; admin: string; hr: string }

const out = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Child side: the hub, in production mode but reporting statements, with tokens of an admin and of human resources. */
async function serve(databaseUrl: string): Promise<void> {
  const settings = benchHubSettings(databaseUrl, { HUB_REPORT_STATEMENTS: 'true', HUB_RATE_LIMIT: '1000000', HUB_REQUEST_TIME_MS: '120000' });
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger('silent');
  const dataSource = await openDataSource(databaseUrl, log);
  const hub = await startHub(settings, log, dataSource);
  const admin = await issueToken({ sub: 'coverage-bench-admin', role: 'admin' }, hub.keys);
  const hr = await issueToken({ sub: 'coverage-bench-hr', role: 'department', dept: 'human-resources' }, hub.keys);
  process.send?.({ url: hub.url, admin, hr } satisfies Served);
  process.once('message', () => void hub.stop().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

async function ask(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ ms: number; sql: number; data: Record<string, any> }> {
  const started = performance.now();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'coverage benchmark' };
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as { data?: Record<string, any>; errors?: unknown[]; extensions?: { sqlStatements?: number } };
  const ms = performance.now() - started;
  if (!answer.data || answer.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 400)}`);
  return { ms, sql: answer.extensions?.sqlStatements ?? NaN, data: answer.data };
}

export interface CoverageFigure {
  label: string;
  firstMs: number;
  p50: number;
  min: number;
  max: number;
  statements: number;
}

async function timed(label: string, runs: number, call: () => Promise<{ ms: number; sql: number }>): Promise<CoverageFigure> {
  const first = await call();
  const times: number[] = [];
  let sql = first.sql;
  for (let i = 0; i < runs; i++) {
    const r = await call();
    times.push(r.ms);
    sql = r.sql;
  }
  return { label, firstMs: first.ms, p50: median(times), min: Math.min(...times), max: Math.max(...times), statements: sql };
}

const STATS = `query($asOf: LocalDate) { districtStats(asOf: $asOf) {
  districtCode persons households livingAway livingAwayIn livingAwayOut programs { program persons households }
  eligibility { ruleId eligibleNotEnrolled enrolledNotEligible } findings { code findings persons }
  reviewsOverdue { households tekunPersons } push { open acknowledged acted medianSecondsToAct }
  evaluation { status evaluatedAt persons } } }`;
const CROSS_CHECK = `query($ids: [String!]!) { crossCheck(idNumbers: $ids) {
  status registeredUnemployed insured drawingBenefit dibao lowIncome tekun temporaryAssistance findings civilAffairsReceivedAt humanResourcesReceivedAt } }`;

export interface CoverageBench {
  persons: number;
  pass: { asOf: string; persons: number; seconds: number };
  figures: CoverageFigure[];
}

/** districtStats with and without a pass, and a 10,000-ID crossCheck, on the population of `databaseUrl`. */
export async function runCoverageBench(databaseUrl: string, runs: number, asOf?: string): Promise<CoverageBench> {
  const dataSource = await openDataSource(databaseUrl, createLogger('silent'));
  const persons = await dataSource.manager.count(Person);
  const pass = await dataSource.manager.findOne(CoverageRun, { where: { status: CoverageRunStatus.DONE, ...(asOf ? { asOf } : {}) }, order: { id: 'DESC' } });
  if (!pass) throw new Error('no completed evaluation pass: run `npm run hub -- evaluate` first');
  // Known persons drawn at random (the same ones each run), then unknown valid numbers and invalid ones.
  const known = (await dataSource.manager.query('SELECT `idNumber` FROM `ca_person` ORDER BY RAND(42) LIMIT 9000')) as Array<{ idNumber: string }>;
  await dataSource.destroy();
  const ids = [...known.map((r) => r.idNumber), ...Array.from({ length: 500 }, () => newIdNumber('120103', '1977-07-07')), ...Array.from({ length: 500 }, () => withWrongCheckDigit(newIdNumber()))];
  const { child, served } = await forkHub<Served>(__filename, [databaseUrl]);
  try {
    const noPass: LocalDate = addDays(pass.asOf as LocalDate, 1);
    const figures = [
      await timed('districtStats, admin, with the pass', runs, () => ask(served.url, served.admin, STATS, { asOf: pass.asOf })),
      await timed(`districtStats, admin, no pass (counted on the request)`, runs, () => ask(served.url, served.admin, STATS, { asOf: noPass })),
      await timed('crossCheck, human resources, 10,000 IDs (9,000 known)', runs, () => ask(served.url, served.hr, CROSS_CHECK, { ids })),
    ];
    const seconds = Math.round(((pass.finishedAt as Date).getTime() - pass.startedAt.getTime()) / 1000);
    return { persons, pass: { asOf: pass.asOf, persons: pass.persons, seconds }, figures };
  } finally {
    await stopForkedHub(child);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'as-of': { type: 'string' }, runs: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (values.help || !databaseUrl || !/^(mysql|mariadb):/.test(databaseUrl)) {
    process.stderr.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const runs = Number(values.runs ?? 5);
  const bench = await runCoverageBench(databaseUrl, runs, values['as-of']);
  out(`coverage bench: ${bench.persons.toLocaleString('en-US')} persons; pass of ${bench.pass.asOf} (${bench.pass.persons.toLocaleString('en-US')} persons, ${bench.pass.seconds} s); ${runs} runs after one warm-up; ${new Date().toISOString().slice(0, 10)}`);
  out();
  out('| request | first ms | p50 ms | range ms | SQL statements |');
  out('|---|---|---|---|---|');
  for (const f of bench.figures) out(`| ${f.label} | ${Math.round(f.firstMs)} | ${Math.round(f.p50)} | ${Math.round(f.min)}–${Math.round(f.max)} | ${f.statements} |`);
}

if (process.argv[2] === '--serve') void serve(process.argv[3]);
else if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`coverage bench: ${(error as Error).message}\n`);
    process.exit(1);
  });
