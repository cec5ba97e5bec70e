import 'reflect-metadata';
import { benchHubSettings, forkHub, stopForkedHub } from './forked-hub';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { createConnection } from 'mysql2/promise';
import { issueToken } from '../../src/auth/tokens';
import { loadSettings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { seedDatabase } from '../../src/seed/seed-database';
import { startHub } from '../../src/server/app';
import { estimateCost } from '../../src/server/limits/query-cost';
import { setHubTimeZone } from '../../src/common/clock';
import { PROJECT_ROOT } from '../../src/common/paths';
import { PERSON_FIELDS } from '../fixtures/documents';

/*
 * Whether /healthz answers within a second while the costliest request the limits accept runs.
 * A load script, not a test: it prints latencies and asserts nothing about time.
 *
 * For SQLite (and MySQL/MariaDB when reachable) it seeds the demo population, starts the hub as
 * deployed (NODE_ENV=production, default limits) in a child process on loopback, and builds the
 * widest mixes of counts and pages whose estimated cost the default HUB_MAX_COMPLEXITY accepts
 * (the same estimate the hub makes). Each is sent once; the slowest is "the costliest accepted
 * query". Then /healthz is polled with no load, and again while C clients each send that query R
 * times. The hub runs in its own process so that this process's parsing of the large answers does
 * not count against the hub's health latency.
 *
 *   npm run bench:healthz -- [--households 2000] [--clients 3] [--rounds 4] [--no-mysql]
 */

const USAGE = `Usage: npm run bench:healthz -- [options]

  --households H   demo households to seed when the database has fewer (default 2000)
  --clients C      clients sending the costliest query at once (default 3)
  --rounds R       times each client sends it (default 4)
  --idle-polls N   health polls with no load, for comparison (default 100)
  --max-seconds S  give up on a database after S seconds of load (default 300)
  --sqlite-file F  the SQLite file (default: hub_bench_healthz.sqlite in the temporary directory)
  --no-mysql       SQLite only (otherwise MySQL/MariaDB at HUB_BENCH_MYSQL_URL, default
                   mysql://root@127.0.0.1:3306, database hub_bench_healthz, when reachable)
  -h, --help       this text
`;

interface Options {
  households: number;
  clients: number;
  rounds: number;
  idlePolls: number;
  maxSeconds: number;
  sqliteFile: string;
  mysql: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      households: { type: 'string' },
      clients: { type: 'string' },
      rounds: { type: 'string' },
      'idle-polls': { type: 'string' },
      'max-seconds': { type: 'string' },
      'sqlite-file': { type: 'string' },
      'no-mysql': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes a whole number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  return {
    households: whole('households', values.households, 2000, 1, 200_000),
    clients: whole('clients', values.clients, 3, 1, 32),
    rounds: whole('rounds', values.rounds, 4, 1, 100),
    idlePolls: whole('idle-polls', values['idle-polls'], 100, 1, 10_000),
    maxSeconds: whole('max-seconds', values['max-seconds'], 300, 10, 3600),
    sqliteFile: path.resolve(values['sqlite-file'] ?? path.join(tmpdir(), 'hub_bench_healthz.sqlite')),
    mysql: !values['no-mysql'],
  };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const summary = (xs: number[]) => `p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}  max ${ms(Math.max(...xs))}  (${xs.length})`;

// ---------------------------------------------------------------------------------------------
// The widest accepted mixes of counts and pages

const COUNT_FILTERS = ['DIBAO', 'LOW_INCOME', 'TEKUN'].flatMap((program) => [1, 2, 3, 4].map((grade) => `enrolledProgram: ${program}, disabilityGrade: ${grade}`));
const ELIGIBILITY = 'eligibility { ruleId outcome amount conditions { code outcome explanation values evidence { department record recordId values } } parameters { name value } }';

function mix(counts: number, pages: number, withDecisions: boolean): string {
  // Every count a different filter and date, so no two share a statement or a cached plan's result.
  const countFields = Array.from({ length: counts }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    return `c${i}: persons(first: 1, filter: { ${COUNT_FILTERS[i % COUNT_FILTERS.length]}, asOf: "2025-0${1 + (i % 9)}-${day}" }) { totalCount }`;
  });
  const pageFields = Array.from({ length: pages }, (_, i) =>
    `p${i}: persons(first: 100, filter: { livesAwayFromRegistration: ${i % 2 === 0} }) { totalCount edges { node { ...PersonFields ${withDecisions ? ELIGIBILITY : ''} } } }`,
  );
  return `query Load { ${[...countFields, ...pageFields].join('\n')} }${pages ? PERSON_FIELDS : ''}`;
}

/** For each shape of pages, as many counts as the default limit accepts. */
function widestAcceptedMixes(maxComplexity: number, maxPage: number, maxBatch: number) {
  const schema = buildSchema(readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8'));
  const cost = (query: string) => {
    const document = parse(query);
    return estimateCost(schema, document, getOperationAST(document)!, {}, { maxPage, maxBatch }) ?? Infinity;
  };
  const shapes = [
    { pages: 0, withDecisions: false },
    { pages: 1, withDecisions: false },
    { pages: 2, withDecisions: false },
    { pages: 1, withDecisions: true },
  ];
  return shapes.flatMap(({ pages, withDecisions }) => {
    const fits = (counts: number) => cost(mix(counts, pages, withDecisions)) <= maxComplexity;
    let counts = pages === 0 ? 1 : 0;
    if (!fits(counts)) return [];
    while (fits(counts + 1)) counts++;
    const query = mix(counts, pages, withDecisions);
    return [{ label: `${counts} counts + ${pages} page(s) of 100${withDecisions ? ' with every decision' : ''}`, query, cost: cost(query) }];
  });
}

// ---------------------------------------------------------------------------------------------
// The hub, in a process of its own

interface Served {
  url: string;
  tokens: string[];
}

/** Child side: serves the hub on loopback until told to stop. */
async function serve(databaseUrl: string, callers: number): Promise<void> {
  const settings = benchHubSettings(databaseUrl);
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger('silent');
  const dataSource = await openDataSource(databaseUrl, log, { statementTimeMs: settings.HUB_REQUEST_TIME_MS });
  const hub = await startHub(settings, log, dataSource);
  const tokens = await Promise.all(Array.from({ length: callers }, (_, i) => issueToken({ sub: `healthz-bench-${i}`, role: 'admin' }, hub.keys)));
  process.send?.({ url: hub.url, tokens } satisfies Served);
  process.once('message', () => {
    void hub.stop().then(() => dataSource.destroy()).then(() => process.exit(0));
  });
}



// ---------------------------------------------------------------------------------------------
// Measuring

async function timedPost(url: string, token: string, query: string): Promise<number> {
  const sent = performance.now();
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const answer = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  if (!response.ok || answer.errors?.length) throw new Error(`HTTP ${response.status}: ${answer.errors?.map((e) => e.extensions?.code).join(', ')}`);
  return performance.now() - sent;
}

async function healthLatency(url: string): Promise<number> {
  const sent = performance.now();
  const response = await fetch(`${url}/healthz`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
  return performance.now() - sent;
}

async function measure(label: string, databaseUrl: string, options: Options): Promise<void> {
  const defaults = loadSettings({});
  const { child, served } = await forkHub<Served>(__filename, [databaseUrl, String(options.clients)]);
  try {
    out(`\n${label}: hub at ${served.url} (own process, NODE_ENV=production, HUB_MAX_COMPLEXITY ${defaults.HUB_MAX_COMPLEXITY})`);
    const candidates = widestAcceptedMixes(defaults.HUB_MAX_COMPLEXITY, defaults.HUB_MAX_PAGE, defaults.HUB_MAX_BATCH);
    let costliest = { label: '', query: '', cost: 0, latency: -1 };
    for (const candidate of candidates) {
      await timedPost(served.url, served.tokens[0], candidate.query); // warm-up
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await timedPost(served.url, served.tokens[0], candidate.query));
      const latency = percentile(runs, 50);
      out(`  accepted: ${candidate.label.padEnd(48)} cost ${String(candidate.cost).padStart(6)}  alone, median of 3 ${ms(latency)}`);
      if (latency > costliest.latency) costliest = { ...candidate, latency };
    }
    out(`  costliest accepted: ${costliest.label}`);

    const idle: number[] = [];
    for (let i = 0; i < options.idlePolls; i++) idle.push(await healthLatency(served.url));
    const alone: number[] = [];
    for (let r = 0; r < options.rounds; r++) alone.push(await timedPost(served.url, served.tokens[0], costliest.query));

    const heavy: number[] = [];
    const loaded: number[] = [];
    const giveUp = performance.now() + options.maxSeconds * 1000;
    let running = true;
    const clients = served.tokens.map(async (token) => {
      for (let r = 0; r < options.rounds && performance.now() < giveUp; r++) heavy.push(await timedPost(served.url, token, costliest.query));
    });
    const poller = (async () => {
      while (running) {
        loaded.push(await healthLatency(served.url));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await Promise.all(clients).finally(() => (running = false));
    await poller;

    const load = `under load (${options.clients} clients × ${options.rounds})`;
    const row = (label: string, xs: number[]) => out(`  ${label.padEnd(46)} ${summary(xs)}`);
    row('/healthz, no load', idle);
    row(`/healthz, ${load}`, loaded);
    row('costliest query, alone', alone);
    row(`costliest query, ${load}`, heavy);
    out(`  health within a second under load: ${Math.max(...loaded) < 1000 ? 'yes' : 'NO'}`);
  } finally {
    await stopForkedHub(child);
  }
}

async function prepare(databaseUrl: string, households: number): Promise<number> {
  const dataSource = await openDataSource(databaseUrl, createLogger('silent'));
  try {
    if (!databaseUrl.startsWith('sqlite:')) await dataSource.runMigrations();
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM ca_household');
    if (Number(n) < households) {
      out(`  seeding ${households} households into ${databaseUrl.replace(/\/\/[^@]*@/, '//')}…`);
      await seedDatabase(dataSource, { households, seed: 2020, asOf: '2025-10-15' });
    }
    return Number((await dataSource.query('SELECT COUNT(*) AS n FROM ca_person'))[0].n);
  } finally {
    await dataSource.destroy();
  }
}

async function mysqlDatabase(): Promise<string | null> {
  const server = process.env.HUB_BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
  try {
    const admin = await createConnection({ uri: server, connectTimeout: 3000 });
    await admin.query('CREATE DATABASE IF NOT EXISTS `hub_bench_healthz` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
  } catch {
    return null;
  }
  const url = new URL(server);
  url.pathname = '/hub_bench_healthz';
  return url.toString();
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    out(USAGE);
    return 0;
  }
  out(`healthz under load: node ${process.version}, ${options.households} households, ${options.clients} clients × ${options.rounds} rounds`);
  const databases: Array<[string, string]> = [['SQLite', `sqlite:${options.sqliteFile}`]];
  if (options.mysql) {
    const url = await mysqlDatabase();
    if (url) databases.push(['MySQL/MariaDB', url]);
    else out('  MySQL/MariaDB unreachable: SQLite only');
  }
  for (const [label, url] of databases) {
    const persons = await prepare(url, options.households);
    await measure(`${label} (${persons} persons)`, url, options);
  }
  return 0;
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3], Number(process.argv[4])).catch((error: unknown) => {
    process.stderr.write(`hub process: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
