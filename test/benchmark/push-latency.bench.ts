import 'reflect-metadata';
import { benchHubSettings, forkHub, stopForkedHub } from './forked-hub';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { issueToken } from '../../src/auth/tokens';
import { setHubTimeZone } from '../../src/common/clock';
import { openDataSource } from '../../src/db/data-source';
import { TIANJIN_DISTRICT_CODES } from '../../src/identity/districts';
import { createLogger } from '../../src/logger';
import { startHub } from '../../src/server/app';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber } from '../fixtures/residents';

/*
 * Ingestion-to-subscriber latency of the live subscription under a steady load. A load script,
 * not a test: it prints latencies and asserts nothing about time.
 *
 * The hub runs as deployed (NODE_ENV=production) in a process of its own on loopback; one
 * subscriber per Tianjin district follows its district over graphql-ws; an administrator sends R
 * civil-affairs batches a second, each making one new person living away from registration
 * (registered in one district, living in another) eligible for dibao, so each batch notifies two
 * districts. Each event's latency is measured twice, bracketing the commit of its transaction:
 * from the notification's `createdAt` (stamped inside the transaction, just before it commits) and
 * from the moment the ingestion's answer reached the client (just after it committed).
 *
 *   npm run bench:push -- [--rate 5] [--seconds 30]
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/hub_bench_push npm run bench:push   (created and migrated if needed)
 */

const USAGE = `Usage: npm run bench:push -- [options]

  --rate R        ingestion batches a second (default 5)
  --seconds S     how long the load lasts (default 30)
  --poll-ms P     HUB_PUSH_POLL_MS of the hub, where the setting exists (default: the hub's, 250)
  -h, --help      this text

The database is DATABASE_URL (MySQL/MariaDB: created and migrated if needed), else a fresh SQLite
file in the temporary directory.
`;

interface Options {
  rate: number;
  seconds: number;
  pollMs: string | undefined;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: { rate: { type: 'string' }, seconds: { type: 'string' }, 'poll-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return null;
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes a whole number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  return { rate: whole('rate', values.rate, 5, 1, 200), seconds: whole('seconds', values.seconds, 30, 1, 3600), pollMs: values['poll-ms'] };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
const summary = (xs: number[]) => `p50 ${ms(percentile(xs, 50))}  p99 ${ms(percentile(xs, 99))}  max ${ms(Math.max(...xs))}  (${xs.length} events)`;

// ---------------------------------------------------------------------------------------------
// The hub, in a process of its own

interface Served {
  url: string;
  admin: string;
  districts: Record<string, string>;
}

/** Child side: serves the hub on loopback until told to stop. */
async function serve(databaseUrl: string, pollMs: string): Promise<void> {
  const settings = benchHubSettings(databaseUrl, {
    // The load is one administrator's: the per-caller limits are not what is measured.
    HUB_RATE_LIMIT: '1000000',
    HUB_MAX_CONCURRENT: '1000',
    ...(pollMs ? { HUB_PUSH_POLL_MS: pollMs } : {}),
  });
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger('silent');
  const dataSource = await openDataSource(databaseUrl, log, { statementTimeMs: settings.HUB_REQUEST_TIME_MS });
  if (!databaseUrl.startsWith('sqlite:')) await dataSource.runMigrations();
  const hub = await startHub(settings, log, dataSource);
  const districts = Object.fromEntries(
    await Promise.all(TIANJIN_DISTRICT_CODES.map(async (d) => [d, await issueToken({ sub: `push-bench-${d}`, role: 'district', district: d }, hub.keys)] as const)),
  );
  const admin = await issueToken({ sub: 'push-bench-admin', role: 'admin' }, hub.keys);
  process.send?.({ url: hub.url, admin, districts } satisfies Served);
  process.once('message', () => {
    void hub.stop().then(() => dataSource.destroy()).then(() => process.exit(0));
  });
}



// ---------------------------------------------------------------------------------------------
// Load and measurement

const FOLLOW = `subscription Follow($d: String!) { districtNotifications(districtCode: $d) { cursor notification { id idNumber districtCode createdAt } } }`;
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/** A new person registered in one district and living in another, with no income: eligible for dibao. */
function batch(n: number) {
  const registered = TIANJIN_DISTRICT_CODES[n % TIANJIN_DISTRICT_CODES.length];
  const residence = TIANJIN_DISTRICT_CODES[(n * 7 + 3) % TIANJIN_DISTRICT_CODES.length];
  const lives = residence === registered ? TIANJIN_DISTRICT_CODES[(n + 1) % TIANJIN_DISTRICT_CODES.length] : residence;
  // A birth date of its own per batch: the fixture's numbers are unique per date.
  const birth = new Date(Date.UTC(1950, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const id = newIdNumber(registered, birth);
  const householdNumber = newHouseholdNumber(registered);
  return {
    id,
    input: {
      persons: [{ idNumber: id, name: '压测', registeredDistrict: registered, residenceDistrict: lives }],
      households: [{ householdNumber, registeredDistrict: registered, residenceDistrict: lives, members: [{ idNumber: id, relation: 'HEAD', monthlyIncome: 0 }] }],
      economicChecks: [{ householdNumber, checkedOn: monthAgo, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
    },
  };
}

/** Every district's notifications, as the inboxes count them (a MySQL database may hold earlier runs'). */
async function notificationsWritten(served: Served): Promise<number> {
  const response = await fetch(`${served.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${served.admin}` },
    body: JSON.stringify({ query: `{ ${TIANJIN_DISTRICT_CODES.map((d) => `d${d}: districtInbox(districtCode: "${d}", first: 1) { totalCount }`).join(' ')} }` }),
  });
  const answer = (await response.json()) as { data: Record<string, { totalCount: number }> };
  return Object.values(answer.data).reduce((sum, d) => sum + d.totalCount, 0);
}

async function run(options: Options): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${path.join(tmpdir(), `hub_bench_push_${process.pid}.sqlite`)}`;
  if (databaseUrl.startsWith('mysql') || databaseUrl.startsWith('mariadb')) {
    const { createConnection } = await import('mysql2/promise');
    const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
    const database = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/';
    const admin = await createConnection({ uri: url.toString() });
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const shown = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  out(`push latency: ${options.rate} batch(es)/s for ${options.seconds} s, one subscriber per district (${TIANJIN_DISTRICT_CODES.length}), database ${shown}`);

  const { child, served } = await forkHub<Served>(__filename, [databaseUrl, options.pollMs ?? '']);
  const clients: Client[] = [];
  const answered = new Map<string, number>();
  const fromCreated: number[] = [];
  const fromAnswer: Array<{ id: string; receivedAt: number }> = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let errors = 0;
  /** Failed ingestions by message (the load's own failures, not the subscription's). */
  const failed = new Map<string, number>();
  try {
    await Promise.all(
      Object.entries(served.districts).map(
        ([district, token]) =>
          new Promise<void>((resolve, reject) => {
            const client = createClient({
              url: `${served.url.replace('http', 'ws')}/graphql`,
              webSocketImpl: WebSocket,
              connectionParams: { Authorization: `Bearer ${token}` },
              retryAttempts: 0,
              lazy: false,
              on: { connected: () => resolve(), error: reject },
            });
            clients.push(client);
            client.subscribe<{ districtNotifications: { notification: { id: string; idNumber: string; districtCode: string; createdAt: string } } }>(
              { query: FOLLOW, variables: { d: district } },
              {
                next: (result) => {
                  const receivedAt = Date.now();
                  const n = result.data?.districtNotifications.notification;
                  if (!n) {
                    errors += 1;
                    return;
                  }
                  if (seen.has(n.id)) duplicates += 1;
                  seen.add(n.id);
                  fromCreated.push(receivedAt - Date.parse(n.createdAt));
                  fromAnswer.push({ id: n.idNumber, receivedAt });
                },
                error: () => (errors += 1),
                complete: () => undefined,
              },
            );
          }),
      ),
    );
    // The subscriptions are admitted right after the connections: let them settle before the load.
    await sleep(1000);
    const writtenBefore = await notificationsWritten(served);

    const ingest = async (n: number) => {
      const { id, input } = batch(n);
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${served.admin}` },
        body: JSON.stringify({ query: INGEST_CIVIL_AFFAIRS, variables: { input } }),
      });
      const answer = (await response.json()) as { data?: { ingestCivilAffairs: { rejected: number } }; errors?: Array<{ extensions?: { code?: string } }> };
      answered.set(id, Date.now());
      if (!response.ok || answer.errors || answer.data?.ingestCivilAffairs.rejected) {
        // Production masks unexpected errors: the code is what can be told apart.
        const why = answer.errors ? `${answer.errors[0].extensions?.code}` : `HTTP ${response.status}, ${answer.data?.ingestCivilAffairs.rejected} record(s) rejected`;
        failed.set(why, (failed.get(why) ?? 0) + 1);
      }
    };
    const started = Date.now();
    const total = options.rate * options.seconds;
    const inFlight: Array<Promise<void>> = [];
    for (let n = 0; n < total; n += 1) {
      // A steady schedule: batch n leaves at n / rate seconds, whether or not the previous one is answered.
      const wait = started + (n * 1000) / options.rate - Date.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(ingest(n));
    }
    await Promise.all(inFlight);
    const loadSeconds = (Date.now() - started) / 1000;
    // Drain: until nothing has arrived for two seconds.
    let last = -1;
    while (seen.size !== last) {
      last = seen.size;
      await sleep(2000);
    }

    const written = (await notificationsWritten(served)) - writtenBefore;
    const afterAnswer = fromAnswer.filter((e) => answered.has(e.id)).map((e) => e.receivedAt - (answered.get(e.id) as number));

    const failures = [...failed.values()].reduce((a, b) => a + b, 0);
    out(`  load: ${total} batches in ${loadSeconds.toFixed(1)} s (${failures} failed); notifications written ${written}, received ${seen.size}, duplicates ${duplicates}, subscription errors ${errors}`);
    for (const [why, count] of failed) out(`  !! ${count} batch(es) failed: ${why}`);
    out(`  from createdAt (inside the transaction) to receipt:   ${summary(fromCreated)}`);
    out(`  from the ingestion's answer (after commit) to receipt: ${summary(afterAnswer)}`);
    if (seen.size !== written) out(`  !! ${written - seen.size} notification(s) written but not received`);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await stopForkedHub(child);
    if (databaseUrl.startsWith('sqlite:')) for (const suffix of ['', '-wal', '-shm']) rmSync(databaseUrl.slice('sqlite:'.length) + suffix, { force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--serve') return serve(argv[1], argv[2]);
  const options = parseOptions(argv);
  if (!options) {
    out(USAGE);
    return;
  }
  await run(options);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
