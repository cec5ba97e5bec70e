import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../src/auth/caller';
import { issueToken } from '../../src/auth/tokens';
import { loadSettings, type Settings } from '../../src/config';
import type { HubContext } from '../../src/context/hub-context';
import { databaseKind, openDataSource } from '../../src/db/data-source';
import { countStatements, type StatementTally } from '../../src/db/statement-counter';
import { createLogger, type Logger } from '../../src/logger';
import { seedDatabase } from '../../src/seed/seed-database';
import { startHub, type RunningHub } from '../../src/server/app';
import { createContext } from '../../src/server/context';
import { errorMaskingPlugin } from '../../src/server/error-masking.plugin';
import { limitsPlugin } from '../../src/server/limits.plugin';
import { refuseSubscriptionsOverHttp } from '../../src/server/plugins';
import { buildHubSchema } from '../../src/server/schema';
import { createServices } from '../../src/server/services';
import { setHubTimeZone } from '../../src/common/clock';

/*
 * What authentication and the audit log cost in throughput. A script, not a test: it prints
 * figures and asserts nothing about time.
 *
 * Two servers run in this process on the same database (one SQLite file, or the MySQL/MariaDB
 * database hub_bench_access with --mysql), seeded with the demo population:
 *
 *   A  "auth+audit": the hub as deployed (startHub, NODE_ENV=production, HS256 secret). Every
 *      request carries an admin bearer token, so each one verifies the token's signature and
 *      claims, passes the authentication plugin, and, being a read of personal records, writes an
 *      audit entry (audit_entry + one audit_entry_person row per person touched) in a transaction
 *      of its own before the answer leaves.
 *   B  "baseline": the same schema and services (buildHubSchema(createServices(...))), the same
 *      Express pipeline (helmet, JSON body limit, per-request statement counting) and the same
 *      Apollo plugins except the authentication and audit plugins (limits, error masking,
 *      subscriptions-over-HTTP refusal, drain), with a fixed admin caller put in the context:
 *      no token, no verification, no audit entry.
 *
 * What is left in both, because it lives in the schema: type-graphql's @Authorized checks and the
 * analysts' masking middleware (both cheap for an admin). So A/B isolates token verification,
 * the authentication plugin and the audit writes.
 *
 * Workload, the same for both: C requests in flight (a loop of fetch promises per worker over
 * keep-alive connections), alternating between a page of 20 persons of one district (cycling
 * through the 16) with their household, its members and their disability certificates, and
 * person(idNumber) for an ID number drawn from the seeded persons. Rounds of N seconds alternate
 * A, B, A, B, ... (R of each, after a short warm-up of each) because the machine is noisy; each
 * round prints requests per second and latency, then the medians and the ratio A/B.
 *
 *   npx ts-node --transpile-only test/benchmark/access-cost.bench.ts [--mysql] [--seconds 5]
 */

const USAGE = `Usage: npx ts-node --transpile-only test/benchmark/access-cost.bench.ts [options]

  --mysql            use MySQL/MariaDB (database hub_bench_access on HUB_BENCH_MYSQL_URL,
                     default mysql://root@127.0.0.1:3306) instead of a SQLite file
  --sqlite-file F    the SQLite file (default: hub_bench_access.sqlite in the temporary directory)
  --seconds N        length of each measured round (default 5)
  --rounds R         measured rounds of each server, alternating A/B (default 3, at least 3)
  --concurrency C    requests in flight (default 8)
  --warmup N         seconds of warm-up per server before measuring (default 2)
  --households H     demo households to seed when the database has fewer (default 2000)
  --seed S           random seed of the demo population (default 2020)
  -h, --help         this text

The database is created, migrated (MySQL) and seeded when it lacks the households, reused afterwards.
`;

interface Options {
  mysql: boolean;
  sqliteFile: string;
  seconds: number;
  rounds: number;
  concurrency: number;
  warmup: number;
  households: number;
  seed: number;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      mysql: { type: 'boolean' },
      'sqlite-file': { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      households: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const number = (name: string, raw: string | undefined, fallback: number, min: number, whole = true): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
      throw new Error(`--${name} takes ${whole ? 'a whole number' : 'a number'} of ${min} or more, not "${raw}"`);
    }
    return n;
  };
  return {
    mysql: values.mysql ?? false,
    sqliteFile: path.resolve(values['sqlite-file'] ?? path.join(tmpdir(), 'hub_bench_access.sqlite')),
    seconds: number('seconds', values.seconds, 5, 0.5, false),
    rounds: number('rounds', values.rounds, 3, 3),
    concurrency: number('concurrency', values.concurrency, 8, 1),
    warmup: number('warmup', values.warmup, 2, 0, false),
    households: number('households', values.households, 2000, 1),
    seed: number('seed', values.seed, 2020, 0),
  };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const fixed = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

// ---------------------------------------------------------------------------------------------
// The baseline: the hub's schema and pipeline without authentication and audit

const BENCH_CALLER: Caller = { sub: 'bench', role: 'admin' };

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Mirrors startHub (src/server/app.ts) minus authenticate(), the authentication plugin and the audit plugin. */
async function startBaseline(settings: Settings, log: Logger, dataSource: DataSource): Promise<Server> {
  const schema = await buildHubSchema(createServices(dataSource, settings));
  const app = express();
  const httpServer = createServer(app);
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: settings.HUB_INTROSPECTION,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      refuseSubscriptionsOverHttp,
      limitsPlugin(schema, settings),
      errorMaskingPlugin(log, settings.NODE_ENV === 'production'),
    ],
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: settings.HUB_MAX_BODY_BYTES }),
    (_req: Request, res: Response, next: NextFunction) => {
      const tally: StatementTally = { statements: 0 };
      res.locals.tally = tally;
      res.locals.requestId = randomUUID();
      res.setHeader('x-request-id', res.locals.requestId);
      countStatements(tally, next);
    },
    expressMiddleware(apollo, {
      context: async ({ res }) =>
        createContext(dataSource, { requestId: res.locals.requestId as string, caller: BENCH_CALLER, purpose: null, tally: res.locals.tally as StatementTally }),
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => apollo.stop() };
}

// ---------------------------------------------------------------------------------------------
// Workload

const PAGE = /* GraphQL */ `
  query AccessBenchPage($district: String!) {
    persons(first: 20, filter: { district: $district }) {
      totalCount
      edges { node {
        idNumber name age registeredDistrict residenceDistrict
        household { householdNumber size members { relation monthlyIncome person { idNumber name } } }
        disabilityCertificates { certificateNumber categoryName grade validUntil }
      } }
    }
  }
`;

const LOOKUP = /* GraphQL */ `
  query AccessBenchPerson($idNumber: String!) {
    person(idNumber: $idNumber) {
      idNumber name age registeredDistrict residenceDistrict
      household { householdNumber size members { relation monthlyIncome person { idNumber name } } }
      disabilityCertificates { certificateNumber categoryName grade validUntil }
    }
  }
`;

const DISTRICTS = ['120101', '120102', '120103', '120104', '120105', '120106', '120110', '120111', '120112', '120113', '120114', '120115', '120116', '120117', '120118', '120119'];

/** Request `i` of the run: even ones a page of a district, odd ones a lookup of a seeded person. */
function requestBody(i: number, ids: string[]): string {
  if (i % 2 === 0) return JSON.stringify({ query: PAGE, variables: { district: DISTRICTS[(i / 2) % DISTRICTS.length] } });
  // A fixed stride through the ID numbers: the same sequence for both servers, spread over the table.
  return JSON.stringify({ query: LOOKUP, variables: { idNumber: ids[((i - 1) / 2) * 7919 % ids.length] } });
}

interface Round {
  label: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

/** Keeps `concurrency` requests in flight against `url` for `seconds`; any error stops the benchmark. */
async function drive(label: string, url: string, headers: Record<string, string>, seconds: number, concurrency: number, ids: string[]): Promise<Round> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = requestBody(next++, ids);
      const sent = performance.now();
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const answer = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
      if (!response.ok || answer.errors?.length || !answer.data) {
        throw new Error(`${label}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 600)}`);
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, requests: latencies.length, seconds: elapsed, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// ---------------------------------------------------------------------------------------------
// Database

function mysqlUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function count(dataSource: DataSource, table: string): Promise<number> {
  return Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
}

async function prepare(options: Options, log: Logger): Promise<{ dataSource: DataSource; url: string; version: string }> {
  let url: string;
  let version: string;
  if (options.mysql) {
    const server = process.env.HUB_BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
    const admin = await createConnection({ uri: server });
    const [[row]] = await admin.query<RowDataPacket[]>('SELECT VERSION() AS version');
    version = String(row.version);
    await admin.query('CREATE DATABASE IF NOT EXISTS `hub_bench_access` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    url = mysqlUrl(server, 'hub_bench_access');
  } else {
    url = `sqlite:${options.sqliteFile}`;
    version = `SQLite (better-sqlite3, WAL) ${options.sqliteFile}`;
  }
  const dataSource = await openDataSource(url, log);
  if (databaseKind(dataSource) === 'sqlite') {
    version = `SQLite ${String((await dataSource.query('SELECT sqlite_version() AS v'))[0].v)} (better-sqlite3, WAL) at ${options.sqliteFile}`;
  } else {
    const applied = await dataSource.runMigrations();
    if (applied.length) out(`  migrations applied: ${applied.map((m) => m.name).join(', ')}`);
  }
  const households = await count(dataSource, 'ca_household');
  if (households < options.households) {
    out(`  the database holds ${int(households)} households, fewer than ${int(options.households)}: seeding (seed ${options.seed}, as of 2025-10-15)`);
    const started = performance.now();
    await seedDatabase(dataSource, { households: options.households, seed: options.seed, asOf: '2025-10-15' });
    out(`  seeded in ${fixed((performance.now() - started) / 1000, 1)} s`);
  }
  return { dataSource, url, version };
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
  const log = createLogger('silent');
  out('access-cost benchmark: authentication + audit log against a baseline without them');
  const { dataSource, url, version } = await prepare(options, log);
  const settings = loadSettings({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    HUB_DEMO_DATA: 'off',
    HUB_JWT_SECRET: randomBytes(32).toString('hex'),
    HUB_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    // One caller drives the whole load: per-caller limits would measure themselves, not auth and audit.
    HUB_RATE_LIMIT: '1000000000',
    HUB_MAX_CONCURRENT: String(options.concurrency),
  });
  setHubTimeZone(settings.HUB_TIME_ZONE);

  let hub: RunningHub | null = null;
  let baseline: Server | null = null;
  try {
    const ids = ((await dataSource.query('SELECT idNumber FROM ca_person ORDER BY idNumber')) as Array<{ idNumber: string }>).map((r) => r.idNumber);
    hub = await startHub(settings, log, dataSource);
    baseline = await startBaseline(settings, log, dataSource);
    const token = await issueToken({ sub: 'access-bench', role: 'admin' }, hub.keys);
    const servers = {
      A: { label: 'A auth+audit', url: hub.url, headers: { authorization: `Bearer ${token}` } },
      B: { label: 'B baseline  ', url: baseline.url, headers: {} },
    };

    out(`  node ${process.version}, ${version}`);
    out(`  data: ${int(await count(dataSource, 'ca_household'))} households, ${int(ids.length)} persons, ${int(await count(dataSource, 'dis_certificate'))} disability certificates`);
    out(`  A: ${hub.url} (startHub, NODE_ENV=production, admin bearer token on every request)`);
    out(`  B: ${baseline.url} (same schema and pipeline, fixed admin caller, no token, no audit)`);
    out(`  workload: ${options.concurrency} in flight; persons(first: 20, district) pages and person(idNumber) lookups, alternately`);
    out(`  rounds: ${options.rounds} × ${options.seconds} s of each, A/B alternating, after ${options.warmup} s warm-up of each`);
    out();

    if (options.warmup > 0) {
      for (const s of [servers.A, servers.B]) await drive(s.label, s.url, s.headers, options.warmup, options.concurrency, ids);
    }
    const auditBefore = { entries: await count(dataSource, 'audit_entry'), persons: await count(dataSource, 'audit_entry_person') };

    const rounds: Round[] = [];
    out('  round  server        requests  seconds      req/s   p50 ms   p99 ms');
    out('  -----  ------------  --------  -------  ---------  -------  -------');
    for (let r = 1; r <= options.rounds; r++) {
      for (const s of [servers.A, servers.B]) {
        const round = await drive(s.label, s.url, s.headers, options.seconds, options.concurrency, ids);
        rounds.push(round);
        out(
          `  ${String(r).padStart(5)}  ${s.label}  ${int(round.requests).padStart(8)}  ${fixed(round.seconds, 2).padStart(7)}  ${fixed(round.rps, 1).padStart(9)}  ${fixed(round.p50, 1).padStart(7)}  ${fixed(round.p99, 1).padStart(7)}`,
        );
      }
    }

    const auditAfter = { entries: await count(dataSource, 'audit_entry'), persons: await count(dataSource, 'audit_entry_person') };
    const a = rounds.filter((r) => r.label === servers.A.label);
    const b = rounds.filter((r) => r.label === servers.B.label);
    const medianA = median(a.map((r) => r.rps));
    const medianB = median(b.map((r) => r.rps));
    const requestsA = a.reduce((n, r) => n + r.requests, 0);
    const entries = auditAfter.entries - auditBefore.entries;
    const persons = auditAfter.persons - auditBefore.persons;
    out();
    out(`  median req/s   A auth+audit ${fixed(medianA, 1)}   B baseline ${fixed(medianB, 1)}`);
    out(`  ratio A/B      ${fixed(medianA / medianB, 3)}  (auth+audit throughput as a share of the baseline's; cost ${fixed(100 * (1 - medianA / medianB), 1)} %)`);
    out(`  per request    ${fixed((options.concurrency * 1000) / medianA - (options.concurrency * 1000) / medianB, 2)} ms more at ${options.concurrency} in flight (from the medians)`);
    out(`  median p50 ms  A ${fixed(median(a.map((r) => r.p50)), 1)}   B ${fixed(median(b.map((r) => r.p50)), 1)}`);
    out(`  audit rows written during the measured rounds: ${int(entries)} audit_entry (${int(requestsA)} requests to A${entries === requestsA ? ', one each' : ': NOT one each'}), ${int(persons)} audit_entry_person (${fixed(persons / Math.max(1, entries), 1)} persons per entry); none by B`);
    out(`  audit log now: ${int(auditAfter.entries)} entries, ${int(auditAfter.persons)} person rows (they accumulate across runs of the benchmark)`);
    return 0;
  } finally {
    if (hub) await hub.stop();
    if (baseline) await baseline.stop();
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
