import { Presets, SingleBar } from 'cli-progress';
import { hubToday, setHubTimeZone } from '../common/clock';
import { isValidLocalDate, type LocalDate } from '../common/local-date';
import { loadSettings } from '../config';
import { parseOptions, printLines, wholeNumber, type Parsed } from '../push/sweep/command-support';
import { buildHubSchema } from '../server/schema';
import { generateFiles, householdsFor, type GenerateOptions } from './generate-files';

const USAGE = `hub generate — writes a synthetic population as files for \`hub import\`: the demo population
generator's persons with their households, human-resources and disability records, the same
bytes for the same options (docs/bulk-import.md).

Usage: npm run hub -- generate --persons N --out DIR [--seed S] [--as-of YYYY-MM-DD] [--format ndjson|csv]

  --persons N     about how many persons (households are N / 2.6), up to 20000000
  --out DIR       the folder to write into (created if missing; files in it are replaced)
  --seed S        the random seed, a whole number (default: 1)
  --as-of DATE    the day the data describes (default: today in HUB_TIME_ZONE)
  --format F      ndjson: one file per department (default); csv: one file per kind
  -h, --help      this text

Nothing is read from or written to the database. Exit status: 0 done; 1 failed; 2 bad arguments.
`;

export type GenerateArguments = Omit<GenerateOptions, 'onProgress'>;

export function parseGenerateArguments(argv: string[], today: LocalDate): Parsed<GenerateArguments> {
  const parsed = parseOptions(argv, {
    persons: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.persons === undefined) return { kind: 'error', message: '--persons is required' };
  const persons = wholeNumber('persons', values.persons, 0, 1, 20_000_000);
  if (typeof persons === 'string') return { kind: 'error', message: persons };
  const seed = wholeNumber('seed', values.seed, 1, 0, Number.MAX_SAFE_INTEGER);
  if (typeof seed === 'string') return { kind: 'error', message: seed };
  const out = values.out as string | undefined;
  if (!out) return { kind: 'error', message: '--out is required' };
  const asOf = (values['as-of'] as string | undefined) ?? today;
  if (!isValidLocalDate(asOf)) return { kind: 'error', message: `--as-of takes a date written YYYY-MM-DD, not "${asOf}"` };
  const format = (values.format as string | undefined) ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') return { kind: 'error', message: `--format takes ndjson or csv, not "${format}"` };
  return { kind: 'run', args: { households: Math.max(1, householdsFor(persons)), seed, asOf, out, format } };
}

/** `hub generate`: exit status as in USAGE. */
export async function generateCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const parsed = parseGenerateArguments(argv, hubToday());
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`generate: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: 'generate {bar} {percentage}% | {value}/{total} households | ETA {eta_formatted}', hideCursor: true }, Presets.shades_classic) : null;
  bar?.start(parsed.args.households, 0);
  try {
    const files = await generateFiles(await buildHubSchema(null), { ...parsed.args, onProgress: (done) => bar?.update(done) });
    bar?.stop();
    printLines([
      ['households', parsed.args.households],
      ['files', files.length],
      ['seconds', ((Date.now() - started) / 1000).toFixed(1)],
    ]);
    return 0;
  } catch (error) {
    bar?.stop();
    process.stderr.write(`generate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
