import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { hubToday, setHubTimeZone } from '../common/clock';
import { isValidLocalDate, type LocalDate } from '../common/local-date';
import { loadSettings, type Settings } from '../config';
import { checkOverrides, ParameterOverrideError, type ParameterOverride } from '../policy/parameter-overrides';
import { ParameterStore } from '../policy/parameter-store';
import { checkEveryParameterHasAFile } from '../policy/policy.service';
import { printLines, runOperatorCommand, wholeNumber, type Parsed } from '../push/sweep/command-support';
import { rateOf } from '../push/sweep/sweep-progress';
import { createLoaders } from '../server/context';
import { CoverageService, DEFAULT_COVERAGE_BATCH, type CoverageProgress } from './coverage.service';
import { stopOnInterrupt } from '../common/interrupts';

const USAGE = `hub evaluate — the coverage evaluation pass: decides every rule for every person civil affairs
holds on one date and stores who is eligible and not enrolled, enrolled and not eligible, their
cross-check findings and the overdue reviews, for districtStats (docs/coverage.md).

Usage: npm run hub -- evaluate [--as-of YYYY-MM-DD] [--batch N] [--parameter NAME=VALUE]...

  --as-of DATE   the day to evaluate (default: today in HUB_TIME_ZONE)
  --batch N      persons per batch and transaction, 1 to 5000 (default: ${DEFAULT_COVERAGE_BATCH})
  --parameter NAME=VALUE
                 a what-if pass: the policy parameter NAME at VALUE instead of the value in
                 force (repeatable, each name once); districtStats(parameters: …) reads it.
                 A what-if pass never replaces the pass of the values in force.
  -h, --help     this text

The database is DATABASE_URL. Progress goes to stderr (a bar on a terminal), the counts to stdout;
no ID number is printed. The figures of the date switch to the new pass only when it is done; an
interrupted or failed pass leaves the previous one in place.
Exit status: 0 done; 1 stopped or failed; 2 bad arguments or settings.
`;

export interface EvaluateArguments {
  asOf: LocalDate;
  batchSize: number;
  /** What-if values as given (names and kinds checked against the parameter files when they are read). */
  overrides?: Array<{ name: string; value: number }>;
}

export function parseEvaluateArguments(argv: string[], today: LocalDate): Parsed<EvaluateArguments> {
  let values: { 'as-of'?: string; batch?: string; help?: boolean; parameter?: string[] };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { 'as-of': { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' }, parameter: { type: 'string', multiple: true } },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const batchSize = wholeNumber('batch', values.batch, DEFAULT_COVERAGE_BATCH, 1, 5000);
  if (typeof batchSize === 'string') return { kind: 'error', message: batchSize };
  const asOf = (values['as-of'] as string | undefined) ?? today;
  if (!isValidLocalDate(asOf)) return { kind: 'error', message: `--as-of takes a date written YYYY-MM-DD, not "${asOf}"` };
  const overrides: Array<{ name: string; value: number }> = [];
  for (const word of values.parameter ?? []) {
    const match = /^([a-z0-9-]+)=(\d+(?:\.\d+)?)$/.exec(word);
    if (!match) return { kind: 'error', message: `--parameter takes NAME=VALUE, a parameter name and a number, not "${word}"` };
    overrides.push({ name: match[1], value: Number(match[2]) });
  }
  return { kind: 'run', args: overrides.length ? { asOf, batchSize, overrides } : { asOf, batchSize } };
}

/** `hub evaluate`: exit status as in USAGE. */
export async function evaluateCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const parsed = parseEvaluateArguments(argv, hubToday());
  return runOperatorCommand('evaluate', USAGE, settings, parsed, (dataSource, args) => evaluateWith(dataSource, settings, args));
}

/** Counts only on stderr: a bar on a terminal, a line per tenth otherwise. */
function progressOf(total: number, stream: NodeJS.WriteStream = process.stderr): { update(p: CoverageProgress): void; stop(): void } {
  const counts = (p: CoverageProgress) => `${p.batches} batches, ${p.rows} rows, ${rateOf(p.persons, p.elapsedMs)} persons/s`;
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: 'evaluate {bar} {percentage}% | {value}/{total} persons | {counts}', hideCursor: true }, Presets.shades_classic);
    bar.start(Math.max(total, 1), 0, { counts: '' });
    let active = true;
    const stop = () => {
      if (active) bar.stop();
      active = false;
    };
    return { update: (p) => bar.update(Math.min(p.persons, Math.max(total, 1)), { counts: counts(p) }), stop };
  }
  let lastTenth = 0;
  stream.write(`evaluate: about ${total} persons\n`);
  return {
    update(p) {
      const tenth = Math.floor((p.persons * 10) / Math.max(total, p.persons, 1));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`evaluate: ${p.persons}/${Math.max(total, p.persons)} persons, ${counts(p)}\n`);
    },
    stop: () => undefined,
  };
}

async function evaluateWith(dataSource: DataSource, settings: Settings, { asOf, batchSize, overrides: given }: EvaluateArguments): Promise<number> {
  // The parameters as the hub reads them at start (src/server/services.ts), and the hub's loaders.
  const parameters = ParameterStore.fromFolder(settings.HUB_POLICY_DIR);
  checkEveryParameterHasAFile(parameters, settings.HUB_POLICY_DIR);
  let overrides: ParameterOverride[];
  try {
    overrides = checkOverrides(given ?? [], parameters);
  } catch (error) {
    if (!(error instanceof ParameterOverrideError)) throw error;
    process.stderr.write(`evaluate: --parameter: ${error.message.replace(/^parameters\[\d+\]\.\w+: /, '')}\n`);
    return 2;
  }
  const coverage = new CoverageService(dataSource, parameters, (manager) => createLoaders(manager));
  const interrupts = stopOnInterrupt('evaluate', 'batch');
  const progress = progressOf(await coverage.countPersons());
  try {
    const result = await coverage.evaluate(asOf, { overrides, batchSize, onProgress: (p) => progress.update(p), shouldStop: () => interrupts.requested });
    progress.stop();
    printLines([
      ['asOf', result.asOf],
      ['status', result.status],
      ...result.overrides.map((o): [string, string] => ['parameter', `${o.name}=${o.value}`]),
      ['persons', result.persons],
      ['batches', result.batches],
      ['rows', result.rows],
      ['seconds', (result.elapsedMs / 1000).toFixed(1)],
      ['persons/s', rateOf(result.persons, result.elapsedMs)],
    ]);
    return 0;
  } finally {
    progress.stop();
    interrupts.release();
  }
}
