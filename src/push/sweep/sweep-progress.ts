import { SingleBar, Presets } from 'cli-progress';
import type { SweepProgress } from './sweep.service';

/** Persons per second, for people to read. */
export function rateOf(persons: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '0';
  const rate = (persons * 1000) / elapsedMs;
  return rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
}

export interface ProgressReporter {
  update(progress: SweepProgress): void;
  stop(): void;
}

/** Plain lines come at each tenth of the way, and at least this often, so that a log of a city-wide sweep stays readable. */
const LINE_EVERY_MS = 30_000;

/**
 * The sweep's progress on stderr: a bar on a terminal (cli-progress), a plain line at each
 * tenth of the way otherwise (a log file, a cron mail). Counts only: no ID number is ever written.
 */
export function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const counts = (p: SweepProgress) =>
    `${p.batches} batches, ${p.notifications} notifications written${p.failed ? `, ${p.failed} failed` : ''}, ${rateOf(p.persons, p.elapsedMs)} persons/s`;
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: 'sweep {bar} {percentage}% | {value}/{total} persons | {counts}',
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { counts: '' });
    return {
      update(p) {
        // The total was counted at the start; people who moved away since make the sweep longer.
        if (p.persons > total) bar.setTotal(p.persons);
        bar.update(p.persons, { counts: counts(p) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = Date.now();
  let lastTenth = 0;
  stream.write(`sweep: about ${total} persons to evaluate\n`);
  return {
    update(p) {
      const tenth = Math.floor((p.persons * 10) / Math.max(total, p.persons, 1));
      if (tenth === lastTenth && Date.now() - lastLine < LINE_EVERY_MS) return;
      lastTenth = tenth;
      lastLine = Date.now();
      stream.write(`sweep: ${p.persons}/${Math.max(total, p.persons)} persons, ${counts(p)}\n`);
    },
    stop: () => undefined,
  };
}
