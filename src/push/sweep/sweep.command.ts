import type { DataSource } from 'typeorm';
import { hubToday, setHubTimeZone } from '../../common/clock';
import { isValidLocalDate, type LocalDate } from '../../common/local-date';
import { loadSettings, type Settings } from '../../config';
import type { Logger } from '../../logger';
import { createServices } from '../../server/services';
import { parseOptions, printLines, runOperatorCommand, wholeNumber, type Parsed } from './command-support';
import { SweepLease } from './sweep-lease';
import { progressReporter, rateOf } from './sweep-progress';
import { SweepService } from './sweep.service';
import { stopOnInterrupt } from '../../common/interrupts';

const USAGE = `hub sweep — re-evaluates everyone living away from their registration (and everyone the push
evaluated before) and notifies both districts of what changed since each one's last evaluation:
time alone moves decisions (a 60th birthday, a parameter taking effect, a permit expiring).

Usage: npm run hub -- sweep [--as-of YYYY-MM-DD] [--batch N]

  --as-of DATE   the day to evaluate (default: today in HUB_TIME_ZONE)
  --batch N      persons per transaction, 1 to 5000 (default: HUB_SWEEP_BATCH, 200)
  -h, --help     this text

The database is DATABASE_URL. Progress goes to stderr (a bar on a terminal), the counts to stdout;
no ID number is printed. Running it again the same day writes nothing new. One sweep runs at a
time across all hub instances and commands (docs/push-operations.md).
Exit status: 0 done; 1 stopped, failed, or another sweep is running; 2 bad arguments or settings.
`;

export interface SweepArguments {
  asOf: LocalDate;
  batchSize: number;
}

/** The command line, checked before anything is opened. */
export function parseSweepArguments(argv: string[], defaults: { batchSize: number }, today: LocalDate): Parsed<SweepArguments> {
  const parsed = parseOptions(argv, { 'as-of': { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const batchSize = wholeNumber('batch', values.batch, defaults.batchSize, 1, 5000);
  if (typeof batchSize === 'string') return { kind: 'error', message: batchSize };
  const asOf = (values['as-of'] as string | undefined) ?? today;
  if (!isValidLocalDate(asOf)) return { kind: 'error', message: `--as-of takes a date written YYYY-MM-DD, not "${asOf}"` };
  return { kind: 'run', args: { asOf, batchSize } };
}

/** `hub sweep`: exit status as in USAGE. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  setHubTimeZone(settings.HUB_TIME_ZONE);
  const today = hubToday();
  const parsed = parseSweepArguments(argv, { batchSize: settings.HUB_SWEEP_BATCH }, today);
  return runOperatorCommand('sweep', USAGE, settings, parsed, (dataSource, args, log) => sweepWith(dataSource, settings, args, today, log));
}

async function sweepWith(dataSource: DataSource, settings: Settings, { asOf, batchSize }: SweepArguments, today: LocalDate, log: Logger): Promise<number> {
  // The push's evaluator as the hub builds it (src/push/push.module.ts), with the same parameters.
  const sweep = new SweepService(dataSource, createServices(dataSource, settings).push.evaluator);
  const lease = await SweepLease.claim(dataSource);
  if (!lease) {
    const until = await SweepLease.heldUntil(dataSource);
    process.stderr.write(`sweep: another sweep is running${until ? ` (its lease runs until ${until.toISOString()})` : ''}: try again when it is done\n`);
    return 1;
  }
  if (asOf > today) {
    process.stderr.write(`sweep: note: ${asOf} is after today (${today}); what is stored is the state as of ${asOf}, and the next sweep compares with it\n`);
  }
  const interrupts = stopOnInterrupt('sweep', 'batch');
  const progress = progressReporter(await sweep.countCandidates());
  let result;
  try {
    result = await sweep.run({
      asOf,
      batchSize,
      onProgress: (p) => progress.update(p),
      afterBatch: () => lease.renew(),
      shouldStop: () => interrupts.requested,
      onFailure: (error) => log.warn({ err: error }, 'sweep: a person could not be evaluated; the others are'),
    });
  } finally {
    progress.stop();
    interrupts.release();
    await lease.release();
  }
  printLines([
    ['asOf', result.asOf],
    ['persons', result.persons],
    ['batches', result.batches],
    ['notifications', result.notifications],
    ['failed', result.failed],
    ['complete', result.complete ? 'yes' : 'no (interrupted: run it again to finish)'],
    ['seconds', (result.elapsedMs / 1000).toFixed(1)],
    ['persons/s', rateOf(result.persons, result.elapsedMs)],
  ]);
  return result.complete && result.failed === 0 ? 0 : 1;
}
