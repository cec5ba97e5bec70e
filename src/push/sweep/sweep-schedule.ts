import type { DataSource } from 'typeorm';
import type { Settings } from '../../config';
import { today } from '../../common/local-date';
import type { Logger } from '../../logger';
import { archiveCutoff, type RetentionService } from '../retention/retention.service';
import { LEASE_MS, markSwept, sweptOn, SweepLease } from './sweep-lease';
import type { SweepService } from './sweep.service';

export interface SweepScheduleDeps {
  dataSource: DataSource;
  sweep: SweepService;
  retention: RetentionService;
  settings: Pick<Settings, 'HUB_SWEEP_AT' | 'HUB_SWEEP_BATCH' | 'HUB_ARCHIVE_AFTER_DAYS' | 'HUB_TIME_ZONE'>;
  log: Logger;
  /** How often the clock is looked at (default a minute). */
  tickMs?: number;
  /** The first look, soon after start: a hub started after HUB_SWEEP_AT catches up on today's sweep. */
  firstTickMs?: number;
  leaseMs?: number;
}

export interface RunningSchedule {
  /** Stops looking at the clock; a sweep under way stops after its current batch. Resolves when it has. */
  stop(): Promise<void>;
}

const MINUTE = 60_000;
/** After a failed sweep, the next attempt: not every minute while the database is down. */
const RETRY_AFTER_MS = 15 * MINUTE;

/** `HH:MM` now in `timeZone`. */
export function timeOfDay(timeZone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * The daily sweep (and retention) of one hub instance, from `startHub`. Once a minute it looks
 * whether the time of day in HUB_TIME_ZONE has reached HUB_SWEEP_AT and today's sweep is not done;
 * then it claims the sweep lease, so that of several instances one sweeps and the others find the
 * lease taken or today done. Comparing times rather than waiting for one instant survives a hub
 * that starts late, a machine that sleeps and a clock that jumps: the sweep then runs when the
 * hub next looks. A sweep that failed is tried again RETRY_AFTER_MS later.
 */
export function startSweepSchedule(deps: SweepScheduleDeps): RunningSchedule {
  const at = deps.settings.HUB_SWEEP_AT;
  if (!at) {
    if (deps.settings.HUB_ARCHIVE_AFTER_DAYS) deps.log.info('HUB_ARCHIVE_AFTER_DAYS is set without HUB_SWEEP_AT: archiving runs only through `hub archive`');
    return { stop: async () => undefined };
  }
  const zone = deps.settings.HUB_TIME_ZONE;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let retryAt = 0;

  const schedule = (ms: number) => {
    if (stopping) return;
    timer = setTimeout(() => {
      current = tick();
    }, ms);
    timer.unref();
  };

  async function tick(): Promise<void> {
    try {
      const date = today(zone);
      if (Date.now() >= retryAt && timeOfDay(zone) >= at! && !(await sweptOn(deps.dataSource, date)) && !stopping) await runOnce(date);
    } catch (error) {
      deps.log.error({ err: error }, 'daily sweep: the schedule could not read its state');
    } finally {
      schedule(deps.tickMs ?? MINUTE);
    }
  }

  async function runOnce(date: string): Promise<void> {
    const lease = await SweepLease.claim(deps.dataSource, deps.leaseMs ?? LEASE_MS);
    if (!lease) return;
    try {
      // Another instance may have finished today's sweep between our look and our claim.
      if (await sweptOn(deps.dataSource, date)) return;
      if (!(await sweepToday(date, lease))) return;
      await markSwept(deps.dataSource, date);
      await archive(lease);
    } finally {
      await lease.release().catch((error: unknown) => deps.log.warn({ err: error }, 'daily sweep: the lease could not be released; it expires by itself'));
    }
  }

  /** True when the sweep went through everyone. */
  async function sweepToday(date: string, lease: SweepLease): Promise<boolean> {
    deps.log.info({ asOf: date }, 'daily sweep: started');
    try {
      const { complete, ...counts } = await deps.sweep.run({
        asOf: date,
        batchSize: deps.settings.HUB_SWEEP_BATCH,
        afterBatch: () => lease.renew(),
        shouldStop: () => stopping,
        onFailure: (error) => deps.log.warn({ err: error }, 'daily sweep: a person could not be evaluated'),
      });
      deps.log.info(counts, complete ? 'daily sweep: done' : 'daily sweep: stopped with the hub before the end; the next start sweeps again');
      return complete;
    } catch (error) {
      retryAt = Date.now() + RETRY_AFTER_MS;
      deps.log.error({ err: error, retryInMinutes: RETRY_AFTER_MS / MINUTE }, 'daily sweep: failed');
      return false;
    }
  }

  /** Retention rides on the daily sweep; a failure waits for tomorrow's (or `hub archive`). */
  async function archive(lease: SweepLease): Promise<void> {
    const days = deps.settings.HUB_ARCHIVE_AFTER_DAYS;
    if (!days || stopping) return;
    try {
      const archived = await deps.retention.archive({ actedBefore: archiveCutoff(days), shouldStop: () => stopping, afterChunk: () => lease.renew() });
      deps.log.info({ ...archived, afterDays: days }, 'retention: acted-on notifications archived');
    } catch (error) {
      deps.log.error({ err: error }, 'retention: archiving failed; the next daily sweep tries again');
    }
  }

  schedule(deps.firstTickMs ?? 1000);
  deps.log.info({ at, timeZone: zone }, 'daily sweep scheduled');
  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
