import 'reflect-metadata';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { issueToken } from '../../src/auth/tokens';
import { setHubTimeZone } from '../../src/common/clock';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { startHub } from '../../src/server/app';
import { benchHubSettings, forkHub, stopForkedHub } from './forked-hub';
import { alternate, round1, type Call, type Figures } from './load';
import { startRawPersonServer } from './raw-person-server';

/*
 * The hub's read paths against a hand-written mysql2 handler serving the same rows as the same
 * JSON (raw-person-server.ts), each in a process of its own, over real HTTP with keep-alive:
 *
 *   - a page of persons with every department's fields (household, certificates, registrations,
 *     insurance, enrollments), walking the list page after page from its start: p50 latency at 1
 *     and at 8 requests in flight, pages of 10 and 100;
 *   - a page of 10 with `totalCount` of the whole table, against the same page and a COUNT(*);
 *   - person(idNumber) with household and certificates for ID numbers drawn from the table:
 *     throughput at 16 in flight.
 *
 * The hub runs as deployed (production, admin bearer token, audit entry per request, masking and
 * scoping on); only its rate limit is raised. Before measuring, one page and one lookup of each
 * are compared: the figures are of equal answers. A script, not a test: it asserts nothing about
 * time.
 *
 *   DATABASE_URL=mysql://…/db npm run bench:reads -- [--seconds 3] [--rounds 3]
 */

export interface ReadFigure {
  label: string;
  inFlight: number;
  hub: Figures;
  raw: Figures;
  /** hub p50 / raw p50 for latency rows, hub rate / raw rate for throughput rows. */
  ratio: number;
  kind: 'latency' | 'throughput';
}

interface Served { url: string; token: string }

const PAGE = `query PersonPage($first: Int!, $after: String) { persons(first: $first, after: $after) {
  edges { cursor node { idNumber name sex birthDate registeredDistrict residenceDistrict
    household { householdNumber registeredDistrict residenceDistrict }
    disabilityCertificates { certificateNumber category grade issuedOn validUntil revokedOn }
    fatherIdNumber motherIdNumber livesAwayFromRegistration
    unemploymentRegistrations { registrationNumber district startDate endDate }
    insuranceEnrollments { startDate endDate drawingBenefit }
    enrollments { enrollmentNumber program unit startDate endDate monthlyAmount } } }
  pageInfo { hasNextPage endCursor } } }`;

const LOOKUP = `query PersonLookup($idNumber: String!) { person(idNumber: $idNumber) {
  idNumber name sex birthDate registeredDistrict residenceDistrict
  household { householdNumber registeredDistrict residenceDistrict }
  disabilityCertificates { certificateNumber category grade issuedOn validUntil revokedOn } } }`;

const COUNT = `query PersonCount($first: Int!) { persons(first: $first) { totalCount edges { node { idNumber } } } }`;

/** Child side: the hub as deployed, with an admin token. */
async function serveHub(databaseUrl: string): Promise<void> {
  const settings = benchHubSettings(databaseUrl, { HUB_REPORT_STATEMENTS: 'true', HUB_RATE_LIMIT: '100000000', HUB_MAX_CONCURRENT: '64' });
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const log = createLogger('silent');
  const dataSource = await openDataSource(databaseUrl, log);
  const hub = await startHub(settings, log, dataSource);
  const token = await issueToken({ sub: 'read-bench-admin', role: 'admin' }, hub.keys);
  process.send?.({ url: hub.url, token } satisfies Served);
  process.once('message', () => void hub.stop().then(() => dataSource.destroy()).then(() => process.exit(0)));
}

/** Child side: the baseline, with as many connections as the hub's pool. */
async function serveRaw(databaseUrl: string): Promise<void> {
  const raw = await startRawPersonServer(databaseUrl, 10);
  process.send?.({ url: raw.url, token: '' } satisfies Served);
  process.once('message', () => void raw.stop().then(() => process.exit(0)));
}

type Answer = { data?: Record<string, any>; errors?: unknown[]; extensions?: { sqlStatements?: number } };

async function post(served: Served, operationName: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-purpose': 'read benchmark' };
  if (served.token) headers.authorization = `Bearer ${served.token}`;
  const response = await fetch(`${served.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ operationName, query, variables }) });
  const answer = (await response.json()) as Answer;
  if (!answer.data || answer.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 400)}`);
  return answer;
}

/** Workers walk the list page after page and start again from the top after `walk` pages. */
function pageCall(served: Served, first: number, walk = 50): Call {
  const cursors = new Map<number, { after: string | null; pages: number }>();
  return async (worker) => {
    const at = cursors.get(worker) ?? { after: null, pages: 0 };
    const answer = await post(served, 'PersonPage', PAGE, { first, after: at.after });
    const info = answer.data?.persons.pageInfo;
    cursors.set(worker, at.pages + 1 >= walk || !info.hasNextPage ? { after: null, pages: 0 } : { after: info.endCursor, pages: at.pages + 1 });
    return answer.extensions?.sqlStatements ?? NaN;
  };
}

function lookupCall(served: Served, ids: string[]): Call {
  let next = 0;
  return async () => {
    const idNumber = ids[next++ % ids.length];
    const answer = await post(served, 'PersonLookup', LOOKUP, { idNumber });
    return answer.extensions?.sqlStatements ?? NaN;
  };
}

const withoutCursors = (data: any) => JSON.parse(JSON.stringify(data, (key, value) => (key === 'cursor' || key === 'endCursor' ? undefined : value)));

async function checkSameAnswers(hub: Served, raw: Served, id: string): Promise<void> {
  for (const [name, query, variables] of [
    ['PersonPage', PAGE, { first: 100, after: null }],
    ['PersonLookup', LOOKUP, { idNumber: id }],
    ['PersonCount', COUNT, { first: 10 }],
  ] as const) {
    const [a, b] = await Promise.all([post(hub, name, query, variables), post(raw, name, query, variables)]);
    if (!isDeepStrictEqual(withoutCursors(a.data), withoutCursors(b.data))) {
      throw new Error(`${name}: the baseline's answer differs from the hub's:\n${JSON.stringify(a.data).slice(0, 600)}\n${JSON.stringify(b.data).slice(0, 600)}`);
    }
  }
}

export interface ReadBenchOptions {
  databaseUrl: string;
  seconds: number;
  rounds: number;
  /** Page sizes and in-flight counts of the page rows. */
  pageSizes?: number[];
  pageInFlight?: number[];
  lookupInFlight?: number;
  log?: (line: string) => void;
}

export async function runReadBench(options: ReadBenchOptions): Promise<ReadFigure[]> {
  const log = options.log ?? (() => undefined);
  const pool = createPool({ uri: options.databaseUrl, connectionLimit: 1 });
  const [rows] = await pool.query<RowDataPacket[]>('SELECT idNumber FROM ca_person ORDER BY RAND(7) LIMIT 5000');
  await pool.end();
  const ids = rows.map((r) => r.idNumber as string);
  const hub = await forkHub<Served>(__filename, ['hub', options.databaseUrl]);
  const raw = await forkHub<Served>(__filename, ['raw', options.databaseUrl]);
  const figures: ReadFigure[] = [];
  try {
    await checkSameAnswers(hub.served, raw.served, ids[0]);
    for (const first of options.pageSizes ?? [10, 100]) {
      for (const inFlight of options.pageInFlight ?? [1, 8]) {
        const [h, r] = await alternate(pageCall(hub.served, first), pageCall(raw.served, first), inFlight, options.seconds, options.rounds);
        const figure: ReadFigure = { label: `person page of ${first}, all department fields`, inFlight, hub: h, raw: r, ratio: h.p50 / r.p50, kind: 'latency' };
        figures.push(figure);
        log(`${figure.label}, ${inFlight} in flight: hub p50 ${round1(h.p50)} ms, baseline ${round1(r.p50)} ms, ×${figure.ratio.toFixed(2)} (statements ${h.statements} / ${r.statements})`);
      }
    }
    const counted = (served: Served): Call => async () => (await post(served, 'PersonCount', COUNT, { first: 10 })).extensions?.sqlStatements ?? NaN;
    const [ch, cr] = await alternate(counted(hub.served), counted(raw.served), 1, options.seconds, options.rounds);
    const count: ReadFigure = { label: 'page of 10 with totalCount of everyone', inFlight: 1, hub: ch, raw: cr, ratio: ch.p50 / cr.p50, kind: 'latency' };
    figures.push(count);
    log(`${count.label}: hub p50 ${round1(ch.p50)} ms, baseline ${round1(cr.p50)} ms, ×${count.ratio.toFixed(2)}`);
    const inFlight = options.lookupInFlight ?? 16;
    const [h, r] = await alternate(lookupCall(hub.served, ids), lookupCall(raw.served, ids), inFlight, options.seconds, options.rounds);
    const lookup: ReadFigure = { label: 'person lookup with household and certificates', inFlight, hub: h, raw: r, ratio: h.perSecond / r.perSecond, kind: 'throughput' };
    figures.push(lookup);
    log(`${lookup.label}, ${inFlight} in flight: hub ${Math.round(h.perSecond)}/s, baseline ${Math.round(r.perSecond)}/s, ×${lookup.ratio.toFixed(2)}`);
  } finally {
    await Promise.all([stopForkedHub(hub.child), stopForkedHub(raw.child)]);
  }
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (values.help || !databaseUrl || !/^(mysql|mariadb):/.test(databaseUrl)) {
    process.stderr.write('Usage: DATABASE_URL=mysql://…/db npm run bench:reads -- [--seconds 3] [--rounds 3]\n');
    process.exit(values.help ? 0 : 2);
  }
  await runReadBench({
    databaseUrl,
    seconds: Number(values.seconds ?? 3),
    rounds: Number(values.rounds ?? 3),
    log: (line) => process.stdout.write(`${line}\n`),
  });
}

if (process.argv[2] === '--serve') void (process.argv[3] === 'hub' ? serveHub(process.argv[4]) : serveRaw(process.argv[4]));
else if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`read bench: ${(error as Error).message}\n`);
    process.exit(1);
  });
