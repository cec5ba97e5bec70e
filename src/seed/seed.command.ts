import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { loadSettings, SettingsError } from '../config';
import { databaseKind, openDataSource } from '../db/data-source';
import { createLogger } from '../logger';
import { hubToday, setHubTimeZone } from '../common/clock';
import { isValidLocalDate, type LocalDate } from '../common/local-date';
import { generatePopulation } from './demo-population';
import { describePopulation } from './population-stats';
import { isDatabaseEmpty, seedDatabase, type SeedCounts } from './seed-database';

const USAGE = `Seeds the hub's database with the deterministic synthetic Tianjin population.

Usage: npm run seed -- [--households N] [--seed S] [--as-of YYYY-MM-DD] [--batch-size B] [--dry-run]

  --households N   households to generate, about 2.5 persons each (default: HUB_DEMO_HOUSEHOLDS, 2000)
  --seed S         random seed, a whole number; the same seed gives the same data (default: HUB_DEMO_SEED, 2020)
  --as-of DATE     the day the data describes (default: today in HUB_TIME_ZONE)
  --batch-size B   records per ingestion transaction (default: 2000)
  --dry-run        generate only, print the population's shares, touch no database
  -h, --help       this text

The database is DATABASE_URL (default: the embedded SQLite file). Seeding is idempotent: running it
again with the same options changes nothing.
`;

export interface SeedArguments {
  households: number;
  seed: number;
  asOf: LocalDate;
  batchSize: number;
  dryRun: boolean;
}

export type ParsedArguments = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; args: SeedArguments };

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return `--${name} takes a whole number, not "${raw}"`;
  const value = Number(raw);
  return value >= min && value <= max ? value : `--${name} must be from ${min} to ${max}, not ${raw}`;
}

/** The command line, checked before anything is opened; `today` bounds --as-of (ID numbers cannot be born later). */
export function parseSeedArguments(
  argv: string[],
  defaults: { households: number; seed: number },
  today: LocalDate,
): ParsedArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        households: { type: 'string', short: 'n' },
        seed: { type: 'string', short: 's' },
        'as-of': { type: 'string' },
        'batch-size': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const households = wholeNumber('households', values.households, defaults.households, 1, 1_000_000);
  const seed = wholeNumber('seed', values.seed, defaults.seed, 0, Number.MAX_SAFE_INTEGER);
  const batchSize = wholeNumber('batch-size', values['batch-size'], 2000, 1, 100_000);
  const asOf = values['as-of'] ?? today;
  for (const value of [households, seed, batchSize]) if (typeof value === 'string') return { kind: 'error', message: value };
  if (!isValidLocalDate(asOf)) return { kind: 'error', message: `--as-of takes a date written YYYY-MM-DD, not "${asOf}"` };
  if (asOf > today)
    return { kind: 'error', message: `--as-of ${asOf} is after today (${today}): people would be born in the future` };
  return {
    kind: 'run',
    args: {
      households: households as number,
      seed: seed as number,
      asOf,
      batchSize: batchSize as number,
      dryRun: values['dry-run'] === true,
    },
  };
}

/** Progress on stderr: a bar on a terminal, a line per tenth otherwise (logs and CI). */
function progressReporter(total: number): { update: (done: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'seeding |{bar}| {percentage}% | {value}/{total} households | {duration}s',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let reported = -1;
  return {
    update: (done) => {
      const tenth = Math.floor((done * 10) / Math.max(1, total));
      if (tenth === reported) return;
      reported = tenth;
      process.stderr.write(`seeding: ${done}/${total} households (${tenth * 10}%)\n`);
    },
    stop: () => undefined,
  };
}

function printLines(values: object, seconds: number): void {
  const entries = Object.entries(values).map(([name, value]): [string, string] => [
    name,
    typeof value === 'number' && !Number.isInteger(value)
      ? value.toFixed(4)
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value),
  ]);
  entries.push(['seconds', seconds.toFixed(1)]);
  const width = Math.max(...entries.map(([name]) => name.length));
  for (const [name, value] of entries) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

export async function runSeedCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const parsed = parseSeedArguments(argv, { households: settings.HUB_DEMO_HOUSEHOLDS, seed: settings.HUB_DEMO_SEED }, hubToday());
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`seed: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { households, seed, asOf, batchSize, dryRun } = parsed.args;
  if (dryRun) {
    const started = process.hrtime.bigint();
    const population = generatePopulation({ households, seed, asOf });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    printLines(describePopulation(population, asOf), seconds);
    return 0;
  }
  if (settings.NODE_ENV === 'production') {
    process.stderr.write('seed: refusing to write synthetic residents with NODE_ENV=production\n');
    return 2;
  }
  const log = createLogger(settings.LOG_LEVEL);
  const dataSource = await openDataSource(settings.DATABASE_URL, log);
  try {
    if (databaseKind(dataSource) !== 'sqlite' && (await dataSource.showMigrations())) {
      throw new SettingsError('the MySQL schema is behind the code: run `npm run migrate` first');
    }
    if (!(await isDatabaseEmpty(dataSource))) {
      process.stderr.write('seed: the database already holds persons; records with the same keys are updated in place\n');
    }
    process.stderr.write(`seed: ${households} households, seed ${seed}, as of ${asOf}\n`);
    const started = process.hrtime.bigint();
    const progress = progressReporter(households);
    let counts: SeedCounts;
    try {
      counts = await seedDatabase(dataSource, { households, seed, asOf, batchSize, onProgress: (done) => progress.update(done) });
    } finally {
      progress.stop();
    }
    printLines(counts, Number(process.hrtime.bigint() - started) / 1e9);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runSeedCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A failed write quotes its values; the logger keeps the error's kind and code only.
      if (error instanceof SettingsError) process.stderr.write(`seed: ${error.message}\n`);
      else createLogger('fatal').fatal({ err: error }, 'seed failed');
      process.exitCode = 1;
    },
  );
}
