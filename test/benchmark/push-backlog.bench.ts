import 'reflect-metadata';
import { forkHub, stopForkedHub } from './forked-hub';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { In, MoreThan, Not, type DataSource } from 'typeorm';
import { issueToken } from '../../src/auth/tokens';
import { hubToday, setHubTimeZone } from '../../src/common/clock';
import { addDays, type LocalDate } from '../../src/common/local-date';
import { loadSettings, type Settings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { PushNotification } from '../../src/push/notification.entity';
import { Outbox, type NotificationDraft } from '../../src/push/outbox';
import { PushEvaluation } from '../../src/push/push-evaluation.entity';
import { NotificationStatus } from '../../src/push/push.enums';
import { SweepService, type SweepResult } from '../../src/push/sweep/sweep.service';
import { PushDelivery } from '../../src/push/webhook-delivery.entity';
import { seedDatabase } from '../../src/seed/seed-database';
import { startHub } from '../../src/server/app';
import { createServices } from '../../src/server/services';

/*
 * What a backlog of open notifications costs: a district that leaves N notifications open, as an
 * overwhelmed district office will, must still get its inbox's first page quickly, and the daily
 * sweep must not slow down with it. A load script, not a test: it prints and asserts nothing.
 *
 * Demo data is seeded through the push as any ingestion is; the inbox and the sweep are measured;
 * then the district with the most open notifications is filled up to N open through the real
 * Outbox, and both are measured again. The hub serves from a process of its own (forked-hub.ts)
 * and is read over real HTTP by that district's officer. Usage below (`--help`).
 */

const USAGE = `Usage: npm run bench:push-backlog -- [options]

  --open N         open notifications in the busiest district once the backlog is added (default 10000)
  --households N   demo households seeded first (default 2000)
  -h, --help       this text

The database is a fresh SQLite file in the temporary directory, or DATABASE_URL (MySQL/MariaDB),
e.g. DATABASE_URL=mysql://root@127.0.0.1:3306/hub_bench_backlog: that database is created (it must
not exist yet), migrated, and dropped at the end.
`;

const WARM_UPS = 3;
const RUNS = 30;
/** Drafts per transaction: what one ingestion of a large batch might write. */
const BACKLOG_CHUNK = 500;

const out = (line = '') => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`backlog bench: ${line}\n`);

function parseOptions(argv: string[]): { open: number; households: number } | null {
  const { values } = parseArgs({ args: argv, options: { open: { type: 'string' }, households: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return null;
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes a whole number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  return { open: whole('open', values.open, 10_000, 1, 1_000_000), households: whole('households', values.households, 2000, 10, 100_000) };
}

/** The hub's settings as the integration tests' hub has them (test/integration/support/test-hub.ts). */
const hubEnv = (databaseUrl: string, secret: string): Record<string, string> => ({
  NODE_ENV: 'test', // keeps extensions.sqlStatements on
  HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl, HUB_DEMO_DATA: 'off', LOG_LEVEL: 'silent',
  HUB_JWT_SECRET: secret, HUB_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
  // One officer asks fast and often: the per-caller limit is not what is measured.
  HUB_RATE_LIMIT: '1000000',
});

interface Served { url: string; token: string }

/** Child side: serves the hub until told to stop, and hands the officer's token of `district` over. */
async function serve(databaseUrl: string, district: string): Promise<void> {
  const settings = loadSettings(hubEnv(databaseUrl, randomBytes(32).toString('hex')));
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger('silent');
  const dataSource = await openDataSource(databaseUrl, log);
  const hub = await startHub(settings, log, dataSource);
  const token = await issueToken({ sub: 'backlog-bench', role: 'district', district }, hub.keys);
  process.send?.({ url: hub.url, token } satisfies Served);
  process.once('message', () => void hub.stop().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

/** A database of the run's own: never one that already exists, since it is dropped at the end. */
async function freshDatabase(): Promise<{ url: string; shown: string; drop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (!given) {
    const file = path.join(tmpdir(), `hub_bench_backlog_${process.pid}.sqlite`);
    return { url: `sqlite:${file}`, shown: 'SQLite (temporary file)', drop: async () => ['', '-wal', '-shm'].forEach((x) => rmSync(file + x, { force: true })) };
  }
  // A SQLite file named here would be deleted at the end: only a server's database is taken.
  if (!/^(mysql|mariadb):/.test(given)) throw new Error('DATABASE_URL must be mysql://… or mariadb://… (unset: a temporary SQLite file)');
  const { createConnection } = await import('mysql2/promise');
  const server = new URL(given.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(server.pathname.slice(1)) || `hub_bench_backlog_${process.pid}`;
  server.pathname = '/';
  const admin = await createConnection({ uri: server.toString() });
  const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const drop = () => createConnection({ uri: server.toString() }).then((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``).then(() => c.end()));
  return { url: `${server.toString().replace(/\/$/, '')}/${name}`, shown: `${version.includes('MariaDB') ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]}`, drop };
}

// --- The inbox over HTTP -----------------------------------------------------------------------

const PAGE = `query Inbox($d: String!, $after: String) { districtInbox(districtCode: $d, status: OPEN, first: 50, after: $after) {
  totalCount edges { node { id kind person { name } decision { outcome conditions { code explanation } } otherDistrict { status } } } } }`;
const WALK = `query Walk($d: String!, $after: String, $first: Int!) { districtInbox(districtCode: $d, status: OPEN, first: $first, after: $after) { pageInfo { endCursor } } }`;

/** Milliseconds, the SQL statements of the median request, the rows on the page and the list's totalCount. */
interface Timing { p50: number; p95: number; sql: number; rows: number; total: number }

async function ask<T>(served: Served, query: string, variables: Record<string, unknown>): Promise<{ ms: number; data: T; sql: number }> {
  const started = performance.now();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${served.token}` };
  const response = await fetch(`${served.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as { data?: T; errors?: unknown[]; extensions?: { sqlStatements?: number } };
  const ms = performance.now() - started; // the answer read whole, as a client needs it
  if (!answer.data || answer.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return { ms, data: answer.data, sql: answer.extensions?.sqlStatements ?? NaN };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** One request after another, as one officer paging: the warm-ups fill the hub's and the database's caches. */
async function time(served: Served, variables: Record<string, unknown>): Promise<Timing> {
  const ms: number[] = [];
  const sql: number[] = [];
  let page = { edges: [] as unknown[], totalCount: 0 };
  for (let i = 0; i < WARM_UPS + RUNS; i += 1) {
    const r = await ask<{ districtInbox: typeof page }>(served, PAGE, variables);
    if (i < WARM_UPS) continue;
    ms.push(r.ms);
    sql.push(r.sql);
    page = r.data.districtInbox;
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), sql: percentile(sql, 50), rows: page.edges.length, total: page.totalCount };
}

/** The cursor `position` notifications into the open list, followed as a client would. */
async function cursorAt(served: Served, district: string, position: number): Promise<string | null> {
  let after: string | null = null;
  for (let done = 0; done < position; done += 100) {
    const r: { data: { districtInbox: { pageInfo: { endCursor: string | null } } } } = await ask(served, WALK, { d: district, after, first: Math.min(100, position - done) });
    after = r.data.districtInbox.pageInfo.endCursor;
  }
  return after;
}

interface InboxRun { open: number; deepAt: number; first: Timing; deep: Timing }

async function measureInbox(served: Served, district: string): Promise<InboxRun> {
  const first = await time(served, { d: district });
  const open = first.total;
  // 90% in: 9,000 of 10,000 with the backlog; before it, the same share of the short list.
  const deepAt = Math.floor(open * 0.9);
  const deep = await time(served, { d: district, after: await cursorAt(served, district, deepAt) });
  return { open, deepAt, first, deep };
}

// --- The backlog and the sweep -----------------------------------------------------------------

/**
 * Copies of the district's notifications with fresh change keys, written through the Outbox as
 * the push writes them, until `target` are open. Each copy's other-district twin is copied with
 * the same key, so `otherDistrict` resolves as it does for real notifications.
 */
async function addBacklog(ds: DataSource, district: string, target: number): Promise<{ added: number; sources: number; persons: number }> {
  const sources = await ds.manager.find(PushNotification, { where: { districtCode: district }, order: { sequence: 'ASC' } });
  const twins = new Map<string, PushNotification>();
  for (let i = 0; i < sources.length; i += 500) {
    const keys = sources.slice(i, i + 500).map((n) => n.changeKey);
    for (const t of await ds.manager.find(PushNotification, { where: { changeKey: In(keys), districtCode: Not(district) } })) twins.set(t.changeKey, t);
  }
  const copy = ({ sequence: _, ...n }: PushNotification, changeKey: string): NotificationDraft => ({
    ...n, changeKey, createdAt: new Date(), status: NotificationStatus.OPEN, acknowledgedAt: null, acknowledgedBy: null, actedAt: null, actedBy: null, outcomeReason: null,
  });
  const missing = target - (await ds.manager.countBy(PushNotification, { districtCode: district, status: NotificationStatus.OPEN }));
  for (let added = 0; added < missing; added += BACKLOG_CHUNK) {
    const drafts = Array.from({ length: Math.min(BACKLOG_CHUNK, missing - added) }, (_, i) => {
      const source = sources[(added + i) % sources.length];
      const key = randomBytes(32).toString('hex');
      const twin = twins.get(source.changeKey);
      return twin ? [copy(source, key), copy(twin, key)] : [copy(source, key)];
    }).flat();
    await ds.transaction(async (manager) => (await Outbox.open(manager)).write(drafts));
  }
  return { added: Math.max(0, missing), sources: sources.length, persons: new Set(sources.map((s) => s.idNumber)).size };
}

interface SweepRun { today: SweepResult; tomorrow: SweepResult }

/**
 * Sweeps as of today (nothing changed since the seed: the pure cost of re-evaluating) and as of
 * tomorrow (birthdays and expiries may write notifications). A sweep stores the state of its date, so
 * with `undo` the tomorrow sweep's state and notifications are put back as they were: the second
 * round then starts from the same state as the first and does the same work.
 */
async function sweep(ds: DataSource, settings: Settings, today: LocalDate, undo: boolean): Promise<SweepRun> {
  const service = new SweepService(ds, createServices(ds, settings).push.evaluator);
  const batchSize = settings.HUB_SWEEP_BATCH;
  const todayRun = await service.run({ asOf: today, batchSize });
  const state = await ds.manager.find(PushEvaluation);
  const mark = (await ds.manager.find(PushNotification, { order: { sequence: 'DESC' }, take: 1 }))[0]?.sequence ?? 0;
  const tomorrow = await service.run({ asOf: addDays(today, 1), batchSize });
  if (undo) {
    await ds.transaction(async (manager) => {
      await manager.delete(PushDelivery, { sequence: MoreThan(mark) });
      await manager.delete(PushNotification, { sequence: MoreThan(mark) });
      await manager.createQueryBuilder().delete().from(PushEvaluation).execute();
      for (let i = 0; i < state.length; i += 200) await manager.insert(PushEvaluation, state.slice(i, i + 200));
    });
  }
  return { today: todayRun, tomorrow };
}

// --- Report ------------------------------------------------------------------------------------

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const cell = (t: Timing) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)} | ${t.rows} | ${t.sql}`;

function report(before: InboxRun, full: Timing | null, after: InboxRun, sweeps: { before: SweepRun; after: SweepRun }, district: string): void {
  out(`\n### districtInbox of ${district} (its officer, status OPEN, first 50; p50 / p95 ms of ${RUNS} requests after ${WARM_UPS} warm-ups)\n`);
  out('| request | before ms | rows | SQL | after ms | rows | SQL | p50 after/before |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  out(`| first page | ${cell(before.first)} | ${cell(after.first)} | ${ratio(after.first.p50, before.first.p50)} |`);
  if (full) out(`| first page, baseline filled to 50 open | ${cell(full)} | ${cell(after.first)} | ${ratio(after.first.p50, full.p50)} |`);
  out(`| page 90% in (after ${n(before.deepAt)} / ${n(after.deepAt)}) | ${cell(before.deep)} | ${cell(after.deep)} | ${ratio(after.deep.p50, before.deep.p50)} |`);
  out(`\n### Sweep of everyone followed (SweepService, batches of the hub's HUB_SWEEP_BATCH)\n`);
  out('| as of | backlog | persons | seconds | persons/s | notifications written |');
  out('|---|---|---:|---:|---:|---:|');
  const { before: b, after: a } = sweeps;
  for (const [asOf, when, r] of [['today', 'before', b.today], ['today', 'after', a.today], ['today + 1 day', 'before', b.tomorrow], ['today + 1 day', 'after', a.tomorrow]] as const) {
    const s = r.elapsedMs / 1000;
    out(`| ${asOf} | ${when} | ${n(r.persons)} | ${s.toFixed(2)} | ${(r.persons / s).toFixed(0)} | ${n(r.notifications)}${r.failed ? ` (${r.failed} failed)` : ''} |`);
  }
}

async function run(options: { open: number; households: number }): Promise<void> {
  const db = await freshDatabase();
  const settings = loadSettings(hubEnv(db.url, randomBytes(32).toString('hex')));
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const ds = await openDataSource(db.url, createLogger('silent')).catch((error: unknown) => db.drop().then(() => Promise.reject(error)));
  let child: ChildProcess | undefined;
  try {
    if (!db.url.startsWith('sqlite:')) await ds.runMigrations();
    const today = hubToday();
    note(`seeding ${options.households} households through the push`);
    const seeded = Date.now();
    const counts = await seedDatabase(ds, { households: options.households, seed: settings.HUB_DEMO_SEED, asOf: today });
    const seedSeconds = (Date.now() - seeded) / 1000;
    // The district with the most open after the seed: the one a backlog would build up in first.
    const [busiest] = await ds.manager
      .createQueryBuilder(PushNotification, 'n').select('n.districtCode', 'district').addSelect('COUNT(*)', 'open')
      .where('n.status = :open', { open: NotificationStatus.OPEN }).groupBy('n.districtCode')
      .orderBy('COUNT(*)', 'DESC').addOrderBy('n.districtCode').getRawMany<{ district: string; open: string | number }>();
    if (!busiest) throw new Error('the seed wrote no notification: nothing to copy');
    const district = busiest.district;
    if (Number(busiest.open) >= options.open) throw new Error(`${district} already has ${busiest.open} open: ask for more with --open`);
    const forked = await forkHub<Served>(__filename, [db.url, district]);
    child = forked.child;

    note('inbox and sweep before the backlog');
    // A round of each, unmeasured: the first requests and the first sweep of a process compile
    // their code paths, a cost that would otherwise be charged to the baseline alone.
    await time(forked.served, { d: district });
    await new SweepService(ds, createServices(ds, settings).push.evaluator).run({ asOf: today, batchSize: settings.HUB_SWEEP_BATCH });
    const before = await measureInbox(forked.served, district);
    const sweepBefore = await sweep(ds, settings, today, true);
    // A seed that leaves fewer open than a page holds makes the first page cheaper by its rows
    // alone: a baseline with the page just full tells that apart from the backlog's own cost.
    let added = 0;
    let backlogMs = 0;
    let copied = { sources: 0, persons: 0 };
    const fill = async (target: number) => {
      const started = Date.now();
      const { added: more, ...of } = await addBacklog(ds, district, target);
      backlogMs += Date.now() - started;
      added += more;
      if (!copied.sources) copied = of; // the seed's own notifications, copied first
    };
    let full: Timing | null = null;
    if (before.open < 50 && options.open > 50) {
      await fill(50);
      full = await time(forked.served, { d: district });
    }
    note(`adding open notifications to ${district} up to ${options.open}`);
    await fill(options.open);
    note('inbox and sweep with the backlog');
    const after = await measureInbox(forked.served, district);
    const sweepAfter = await sweep(ds, settings, today, false);

    out(`## Push backlog: ${db.shown}, ${n(options.households)} households (${n(counts.persons)} persons, seeded in ${seedSeconds.toFixed(0)} s), as of ${today}`);
    out(`\nBusiest district ${district}: ${n(before.open)} open after the seed, ${n(after.open)} with the backlog (${n(added)} added through the Outbox in ${(backlogMs / 1000).toFixed(1)} s, chunks of ${BACKLOG_CHUNK}: copies of the district's ${n(copied.sources)} notifications about ${n(copied.persons)} persons, each with its other-district twin where there is one).`);
    report(before, full, after, { before: sweepBefore, after: sweepAfter }, district);
  } finally {
    if (child) await stopForkedHub(child);
    await ds.destroy();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--serve') return serve(argv[1], argv[2]);
  const options = parseOptions(argv);
  if (!options) return void out(USAGE);
  await run(options);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
