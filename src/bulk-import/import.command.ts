import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { setHubTimeZone } from '../common/clock';
import { loadSettings, type Settings } from '../config';
import { parseOptions, printLines, runOperatorCommand, wholeNumber, type Parsed } from '../push/sweep/command-support';
import { rateOf } from '../push/sweep/sweep-progress';
import { buildHubSchema } from '../server/schema';
import { createServices } from '../server/services';
import { runImport, type ImportOptions, type ImportProgress } from './import-run';
import { KINDS_OF } from './record-kinds';
import { stopOnInterrupt } from '../common/interrupts';
import { SOURCE_DEPARTMENTS, type SourceDepartment } from '../ingestion/receipts/receipts';

export const DEFAULT_IMPORT_CHUNK = 2000;

const USAGE = `hub import — loads a department's records from a file through the same validation, upserts,
push and audit as the ingestion mutations, chunk by chunk (docs/bulk-import.md).

Usage: npm run hub -- import --dept DEPT --file FILE [--kind KIND] [--chunk N] [--rejected FILE]
                             [--restart] [--operator NAME]

  --dept DEPT       civil-affairs, human-resources or disability
  --file FILE       NDJSON (one object per line with its "kind"), or CSV (.csv) of one kind
  --kind KIND       the records of a CSV file (default: the file's name, e.g. incomeMonths.csv)
  --chunk N         records per batch and transaction, 1 to 5000 (default: ${DEFAULT_IMPORT_CHUNK})
  --rejected FILE   where refused records go (default: FILE.rejected.ndjson)
  --restart         start from the first line, ignoring the checkpoint of an earlier run
  --operator NAME   who runs the import, for the audit log (default: the OS user)
  -h, --help        this text

The database is DATABASE_URL. Progress goes to stderr, the counts to stdout; no ID number is
printed. Ctrl-C stops after the current chunk; running the same command again resumes after the
last committed chunk. Re-importing a file changes nothing.
Exit status: 0 done (refused records are in the rejected file); 1 stopped or failed; 2 bad arguments.
`;

export type ImportArguments = Omit<ImportOptions, 'onProgress' | 'shouldStop'>;

export function parseImportArguments(argv: string[], defaultOperator: string): Parsed<ImportArguments> {
  const parsed = parseOptions(argv, {
    dept: { type: 'string' },
    file: { type: 'string' },
    kind: { type: 'string' },
    chunk: { type: 'string' },
    rejected: { type: 'string' },
    restart: { type: 'boolean' },
    operator: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const dept = values.dept as SourceDepartment | undefined;
  if (!dept || !SOURCE_DEPARTMENTS.includes(dept)) return { kind: 'error', message: `--dept takes one of ${SOURCE_DEPARTMENTS.join(', ')}` };
  const file = values.file as string | undefined;
  if (!file) return { kind: 'error', message: '--file is required' };
  if (!existsSync(file) || !statSync(file).isFile()) return { kind: 'error', message: `--file: no such file: ${file}` };
  const chunkSize = wholeNumber('chunk', values.chunk, DEFAULT_IMPORT_CHUNK, 1, 5000);
  if (typeof chunkSize === 'string') return { kind: 'error', message: chunkSize };
  const format = path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'ndjson';
  const kind = (values.kind as string | undefined) ?? (format === 'csv' ? path.basename(file, path.extname(file)) : undefined);
  if (format === 'csv' && !KINDS_OF[dept].includes(kind ?? '')) {
    return { kind: 'error', message: `a CSV file holds one kind of ${dept}, named by --kind or the file name: ${KINDS_OF[dept].join(', ')}` };
  }
  if (format === 'ndjson' && values.kind !== undefined) return { kind: 'error', message: '--kind is for CSV files; NDJSON lines name their own kind' };
  const operator = ((values.operator as string | undefined) ?? defaultOperator).trim();
  if (!/^[\w.@-]{1,64}$/.test(operator)) return { kind: 'error', message: '--operator takes a name of letters, digits, ".", "@", "_" or "-"' };
  const args: ImportArguments = { dept, file, format, chunkSize, operator, restart: values.restart === true };
  if (kind) args.kind = kind;
  if (values.rejected) args.rejectedFile = values.rejected as string;
  return { kind: 'run', args };
}

/** `hub import`: exit status as in USAGE. */
export async function importCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const parsed = parseImportArguments(argv, safeUserName());
  return runOperatorCommand('import', USAGE, settings, parsed, (dataSource, args) => importWith(dataSource, settings, args));
}

function safeUserName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

async function importWith(dataSource: DataSource, settings: Settings, args: ImportArguments): Promise<number> {
  // The services as the hub builds them, with room for one chunk per batch.
  const services = createServices(dataSource, { ...settings, HUB_MAX_BATCH: Math.max(settings.HUB_MAX_BATCH, args.chunkSize) });
  const schema = await buildHubSchema(null);
  const interrupts = stopOnInterrupt('import', 'chunk');
  const progress = importProgress(statSync(args.file).size);
  try {
    const result = await runImport(dataSource, schema, services, { ...args, onProgress: (p) => progress.update(p), shouldStop: () => interrupts.requested });
    progress.stop();
    printLines([
      ['resumedAfterLine', result.resumedFrom],
      ['lastLine', result.lastLine],
      ['rows', result.rows],
      ['accepted', result.accepted],
      ['rejected', result.rejected],
      ['rejectedFile', result.rejected ? path.basename(result.rejectedFile) : '-'],
      ['chunks', result.chunks],
      ['complete', result.complete ? 'yes' : 'no (interrupted: run the same command again to resume)'],
      ['seconds', (result.elapsedMs / 1000).toFixed(1)],
      ['rows/s', rateOf(result.rows, result.elapsedMs)],
    ]);
    return result.complete ? 0 : 1;
  } finally {
    progress.stop();
    interrupts.release();
  }
}

/** A bar over the file's bytes (its ETA) with rows and rows/s on a terminal; a line per tenth otherwise. */
function importProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; stop(): void } {
  const counts = (p: ImportProgress) => `${p.rows} rows, ${p.rejected} rejected, ${rateOf(p.rows, p.elapsedMs)} rows/s`;
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: 'import {bar} {percentage}% | {counts} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 }, Presets.shades_classic);
    bar.start(Math.max(totalBytes, 1), 0, { counts: '' });
    let active = true;
    return {
      update: (p) => bar.update(Math.min(p.bytesRead, Math.max(totalBytes, 1)), { counts: counts(p) }),
      stop: () => {
        if (active) bar.stop();
        active = false;
      },
    };
  }
  let lastTenth = 0;
  return {
    update(p) {
      const tenth = Math.floor((p.bytesRead * 10) / Math.max(totalBytes, 1));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      const left = p.bytesRead > 0 ? ((totalBytes - p.bytesRead) * p.elapsedMs) / p.bytesRead / 1000 : 0;
      stream.write(`import: ${tenth * 10}%, ${counts(p)}, about ${Math.round(left)} s left\n`);
    },
    stop: () => undefined,
  };
}
