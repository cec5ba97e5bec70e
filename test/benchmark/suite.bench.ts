import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { runCoverageBench, type CoverageBench } from './coverage-scale.bench';
import { runImportBench, type ImportBenchResult } from './import-speed.bench';
import { round1 } from './load';
import { runReadBench, type ReadFigure } from './read-paths.bench';

/*
 * `npm run bench`: every figure of the hub against its baseline, in one run on MariaDB, written to
 * bench/results.md with the machine, the versions and the date. A script, not a test.
 *
 * Populations are the deterministic demo population in databases hub_bench_<size> on
 * HUB_BENCH_MYSQL_URL; a missing one is migrated, seeded and evaluated first (about 15 minutes
 * for 1,000,000 persons, then 4 for its evaluation pass) and reused by later runs. The
 * measurements themselves take about 16 minutes.
 */

const USAGE = `Usage: npm run bench -- [options]

  --sizes LIST    populations, from 50k, 100k, 1m (default: all three)
  --only LIST     parts to run, from reads, coverage, push, eligibility, import (default: all)
  --seconds N     length of each measured round of the read benchmark (default 3)
  --rounds R      measured rounds of each server, alternating (default 3)
  --out FILE      where the report goes (default bench/results.md)
  -h, --help      this text

The server is HUB_BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306).
`;

const AS_OF = '2026-12-01';
const SEED = 2020;
const POPULATIONS: Record<string, number> = { '50k': 20_000, '100k': 40_000, '1m': 400_000 };
const PARTS = ['reads', 'coverage', 'push', 'eligibility', 'import'] as const;
type Part = (typeof PARTS)[number];

const ROOT = path.resolve(__dirname, '..', '..');
const say = (line: string) => process.stderr.write(`${line}\n`);

function npm(args: string[], env: Record<string, string>, capture = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`npm run ${args.join(' ')} exited with ${code}`))));
  });
}

async function query<T extends RowDataPacket>(server: string, sql: string): Promise<T[]> {
  const connection = await createConnection({ uri: server });
  try {
    const [rows] = await connection.query<T[]>(sql);
    return rows;
  } finally {
    await connection.end();
  }
}

/** The population's database, seeded and evaluated when it is not there yet. */
async function population(server: string, size: string): Promise<{ url: string; persons: number }> {
  const database = `hub_bench_${size}`;
  const url = `${server.replace(/\/$/, '')}/${database}`;
  await query(server, `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await npm(['migrate'], { DATABASE_URL: url });
  const households = POPULATIONS[size];
  const count = async () => Number((await query<RowDataPacket>(server, `SELECT COUNT(*) AS n FROM \`${database}\`.ca_person`))[0].n);
  if ((await count()) < households * 2) {
    say(`bench: seeding ${database} with ${households.toLocaleString('en-US')} households (once; reused by later runs)`);
    await npm(['seed', '--', '--households', String(households), '--seed', String(SEED), '--as-of', AS_OF], { DATABASE_URL: url });
  }
  const passes = await query<RowDataPacket>(server, `SELECT COUNT(*) AS n FROM \`${database}\`.coverage_run WHERE status = 'DONE' AND asOf = '${AS_OF}'`);
  if (Number(passes[0].n) === 0) {
    say(`bench: evaluation pass of ${database} as of ${AS_OF} (once)`);
    await npm(['hub', '--', 'evaluate', '--as-of', AS_OF], { DATABASE_URL: url });
  }
  return { url, persons: await count() };
}

interface Report {
  lines: string[];
  summary: string[];
}

const persons = (n: number) => n.toLocaleString('en-US');
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

function readRows(report: Report, size: string, count: number, figures: ReadFigure[]): void {
  report.lines.push(`### Reads on ${persons(count)} persons (${size})`, '', '| request | in flight | hub | baseline | ratio | SQL statements (hub / baseline) |', '|---|---|---|---|---|---|');
  for (const f of figures) {
    const hub = f.kind === 'latency' ? `p50 ${round1(f.hub.p50)} ms (p99 ${round1(f.hub.p99)})` : `${Math.round(f.hub.perSecond)}/s`;
    const raw = f.kind === 'latency' ? `p50 ${round1(f.raw.p50)} ms (p99 ${round1(f.raw.p99)})` : `${Math.round(f.raw.perSecond)}/s`;
    report.lines.push(`| ${f.label} | ${f.inFlight} | ${hub} | ${raw} | ×${f.ratio.toFixed(2)} | ${f.hub.statements} / ${f.raw.statements} |`);
    const target = f.label.includes('totalCount')
      ? `affordable when selected: p50 ${round1(f.hub.p50)} ms (baseline ${round1(f.raw.p50)} ms)`
      : f.kind === 'latency'
        ? `p50 ≤ 1.3× baseline: ${met(f.ratio <= 1.3)}`
        : `≥ 0.6× baseline: ${met(f.ratio >= 0.6)}`;
    report.summary.push(`| ${f.label}, ${f.inFlight} in flight | ${size} | ×${f.ratio.toFixed(2)} | ${target} |`);
  }
  report.lines.push('', "The hub's statements are those of the answer; its audit entry is committed after them, together with those of concurrent requests (src/audit/audit-batch.ts).", '');
}

function coverageRows(report: Report, size: string, bench: CoverageBench): void {
  report.lines.push(
    `### districtStats and crossCheck on ${persons(bench.persons)} persons (${size})`,
    '',
    `Evaluation pass of ${bench.pass.asOf}: ${persons(bench.pass.persons)} persons in ${bench.pass.seconds} s.`,
    '',
    '| request | first ms | p50 ms | range ms | SQL statements |',
    '|---|---|---|---|---|',
  );
  for (const f of bench.figures) report.lines.push(`| ${f.label} | ${Math.round(f.firstMs)} | ${Math.round(f.p50)} | ${Math.round(f.min)}–${Math.round(f.max)} | ${f.statements} |`);
  report.lines.push('');
  const [stats, , cross] = bench.figures;
  report.summary.push(`| districtStats (with the pass) | ${size} | p50 ${Math.round(stats.p50)} ms | under 2 s: ${met(stats.p50 < 2000)} |`);
  report.summary.push(`| crossCheck of 10,000 IDs | ${size} | p50 ${Math.round(cross.p50)} ms | under 1 s: ${met(cross.p50 < 1000)} |`);
}

function growthRows(report: Report, reads: Map<string, ReadFigure[]>, coverage: Map<string, CoverageBench>): void {
  const small = '100k';
  const large = '1m';
  if (!(reads.has(small) && reads.has(large)) && !(coverage.has(small) && coverage.has(large))) return;
  report.lines.push('### Growth from 100,000 to 1,000,000 persons', '', '| figure | 100k | 1m | growth |', '|---|---|---|---|');
  const a = reads.get(small) ?? [];
  const b = reads.get(large) ?? [];
  a.forEach((f, i) => {
    const g = b[i];
    if (!g) return;
    const [x, y] = f.kind === 'latency' ? [f.hub.p50, g.hub.p50] : [f.hub.perSecond, g.hub.perSecond];
    const unit = f.kind === 'latency' ? 'ms p50' : '/s';
    report.lines.push(`| ${f.label}, ${f.inFlight} in flight (hub) | ${round1(x)} ${unit} | ${round1(y)} ${unit} | ×${(y / x).toFixed(2)} |`);
  });
  const c = coverage.get(small)?.figures ?? [];
  const d = coverage.get(large)?.figures ?? [];
  c.forEach((f, i) => d[i] && report.lines.push(`| ${f.label} | ${Math.round(f.p50)} ms | ${Math.round(d[i].p50)} ms | ×${(d[i].p50 / f.p50).toFixed(2)} |`));
  report.lines.push('');
}

function importRows(report: Report, results: ImportBenchResult[]): void {
  report.lines.push('### Bulk import against LOAD DATA LOCAL INFILE', '', '| department | file records | table rows | hub import rows/s | LOAD DATA rows/s | ratio | same rows |', '|---|---|---|---|---|---|---|');
  for (const r of results) {
    report.lines.push(`| ${r.dept} | ${persons(r.rows)} | ${persons(r.tableRows)} | ${Math.round(r.importRowsPerSec)} | ${Math.round(r.loadDataRowsPerSec)} | ×${r.ratio.toFixed(3)} | ${r.sameRows ? 'yes' : 'NO'} |`);
    report.summary.push(`| import, ${r.dept} | ${persons(r.rows)} records | ×${r.ratio.toFixed(3)} | ≥ 0.65× LOAD DATA: ${met(r.ratio >= 0.65)} |`);
  }
  report.lines.push('');
}

async function machine(server: string): Promise<string[]> {
  const [version] = await query<RowDataPacket>(server, 'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the report says so.
  }
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC; commit ${commit}`,
    `- Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    `- Node.js ${process.version}; database ${version.v}, InnoDB buffer pool ${Math.round(Number(version.pool) / 2 ** 20)} MiB`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, only: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const server = process.env.HUB_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const sizes = (values.sizes ?? '50k,100k,1m').split(',').map((s) => s.trim());
  for (const s of sizes) if (!(s in POPULATIONS)) throw new Error(`unknown size ${s}: use ${Object.keys(POPULATIONS).join(', ')}`);
  const parts = new Set((values.only ?? PARTS.join(',')).split(',').map((p) => p.trim()) as Part[]);
  const seconds = Number(values.seconds ?? 3);
  const rounds = Number(values.rounds ?? 3);
  const out = path.resolve(values.out ?? path.join(ROOT, 'bench', 'results.md'));

  const report: Report = { lines: [], summary: [] };
  const header = ['# Benchmark results', '', ...(await machine(server)), ''];
  const reads = new Map<string, ReadFigure[]>();
  const coverage = new Map<string, CoverageBench>();
  for (const size of sizes) {
    if (!parts.has('reads') && !parts.has('coverage')) break;
    const { url, persons: count } = await population(server, size);
    if (parts.has('reads')) {
      say(`bench: reads on ${size}`);
      reads.set(size, await runReadBench({ databaseUrl: url, seconds, rounds, log: say }));
      readRows(report, size, count, reads.get(size) as ReadFigure[]);
    }
    if (parts.has('coverage')) {
      say(`bench: districtStats and crossCheck on ${size}`);
      coverage.set(size, await runCoverageBench(url, 5, AS_OF));
      coverageRows(report, size, coverage.get(size) as CoverageBench);
    }
  }
  growthRows(report, reads, coverage);
  if (parts.has('push')) {
    say('bench: push, ingestion to subscriber');
    const output = await npm(['bench:push', '--', '--rate', '5', '--seconds', '20'], { DATABASE_URL: `${server.replace(/\/$/, '')}/hub_bench_push` }, true);
    const line = output.split('\n').find((l) => l.includes("from the ingestion's answer")) ?? '';
    const [, p50, p99] = /p50\s+(\d+) ms\s+p99\s+(\d+) ms/.exec(line) ?? [];
    report.lines.push('### Push: ingestion to subscriber (5 batches/s for 20 s, a subscriber per district)', '', '```', output.trim(), '```', '');
    report.summary.push(`| push, answer to subscriber | 5 batches/s | p50 ${p50 ?? '?'} ms, p99 ${p99 ?? '?'} ms | (no target) |`);
  }
  if (parts.has('eligibility')) {
    say('bench: eligibility scan');
    const output = await npm(['bench:eligibility', '--', '--no-stream', '--no-http', '--repeat', '3'], {}, true);
    // The median of the repetitions: one alone swings by a tenth on a busy machine.
    const ratios = [...output.matchAll(/hub\/raw\s+([\d.]+)×/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)];
    report.lines.push('### Eligibility scan against a raw read of the same rows', '', '```', output.trim(), '```', '');
    // hub/raw is seconds per person: the throughput ratio is its inverse.
    report.summary.push(`| eligibility scan, throughput (median of ${ratios.length}) | 104k persons | ×${(1 / ratio).toFixed(2)} | ≥ 0.5× raw read: ${met(1 / ratio >= 0.5)} |`);
  }
  if (parts.has('import')) {
    say('bench: bulk import');
    importRows(report, await runImportBench({ serverUrl: server, log: say }));
  }
  const text = [...header, '## Summary', '', '| figure | population | ratio or value | target |', '|---|---|---|---|', ...report.summary, '', '## Details', '', ...report.lines].join('\n');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  say(`bench: written to ${path.relative(ROOT, out)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
