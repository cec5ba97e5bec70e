import type { DataSource, EntityManager } from 'typeorm';
import type { LocalDate } from '../../common/local-date';
import type { PushNotification } from '../notification.entity';
import { Outbox } from '../outbox';
import { NotificationTrigger } from '../push.enums';
import { candidatesAfter, countCandidates } from './sweep-candidates';

/** What the sweep needs of the push's evaluator (src/push/evaluation/push-evaluator.ts). */
export interface Evaluator {
  evaluate(manager: EntityManager, outbox: Outbox, idNumbers: Iterable<string>, asOf: LocalDate, trigger: NotificationTrigger): Promise<PushNotification[]>;
}

export const DEFAULT_SWEEP_BATCH = 200;

export interface SweepProgress {
  /** Persons evaluated so far (those that failed included). */
  persons: number;
  batches: number;
  /** Notifications written (one per district and change). */
  notifications: number;
  /** Persons whose evaluation failed even alone; the rest of their batch was evaluated without them. */
  failed: number;
  elapsedMs: number;
}

export interface SweepResult extends SweepProgress {
  asOf: LocalDate;
  /** False when `shouldStop` or `afterBatch` ended the sweep before the last person. */
  complete: boolean;
}

export interface SweepOptions {
  asOf: LocalDate;
  batchSize?: number;
  onProgress?: (progress: SweepProgress) => void;
  /** Runs after each batch commits (the schedule renews its lease here); throwing stops the sweep. */
  afterBatch?: () => Promise<void>;
  /** Asked between batches: true stops the sweep after the batch just committed (the hub is stopping). */
  shouldStop?: () => boolean;
  /** Told of each failed evaluation; the error may quote values, so only its shape may be logged. */
  onFailure?: (error: unknown) => void;
}

/** A batch failing even person by person: the database, not a person's records. Stops the sweep. */
export class SweepAbortedError extends Error {
  constructor(readonly progress: SweepProgress, cause: unknown) {
    super('every person of a batch failed: the sweep stops', { cause });
  }
}

/**
 * The periodic re-evaluation (issue point 6, docs/push-operations.md). Time alone moves decisions
 * (a 60th birthday, a parameter taking effect, a permit expiring), so the push's evaluator is run
 * again on everyone living away from registration, in ID-number batches, each in a transaction of
 * its own that opens the outbox first, like an ingestion does. The evaluator diffs against the
 * state it stored last time, so only what changed is notified, and a sweep run twice on the same
 * day writes nothing the second time.
 */
export class SweepService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluator: Evaluator,
  ) {}

  /** How many persons a sweep would evaluate now. */
  countCandidates(): Promise<number> {
    return countCandidates(this.dataSource.manager);
  }

  async run(options: SweepOptions): Promise<SweepResult> {
    const batchSize = options.batchSize ?? DEFAULT_SWEEP_BATCH;
    const started = Date.now();
    const progress: SweepProgress = { persons: 0, batches: 0, notifications: 0, failed: 0, elapsedMs: 0 };
    let after = '';
    let complete = false;
    for (;;) {
      const ids = await candidatesAfter(this.dataSource.manager, after, batchSize);
      if (ids.length === 0) {
        complete = true;
        break;
      }
      const { written, failed } = await this.evaluateBatch(ids, options);
      if (failed === ids.length && ids.length > 1) throw new SweepAbortedError({ ...progress, elapsedMs: Date.now() - started }, undefined);
      progress.persons += ids.length;
      progress.batches += 1;
      progress.notifications += written;
      progress.failed += failed;
      progress.elapsedMs = Date.now() - started;
      options.onProgress?.({ ...progress });
      after = ids[ids.length - 1];
      await options.afterBatch?.();
      if (ids.length < batchSize) {
        complete = true;
        break;
      }
      if (options.shouldStop?.()) break;
    }
    return { ...progress, elapsedMs: Date.now() - started, asOf: options.asOf, complete };
  }

  /**
   * One batch in one transaction. When it fails, each person is tried alone, so that one person's
   * unexpected records hold up only that person's notifications, not their batch's.
   */
  private async evaluateBatch(ids: string[], options: SweepOptions): Promise<{ written: number; failed: number }> {
    try {
      return { written: await this.evaluateInTransaction(ids, options.asOf), failed: 0 };
    } catch (error) {
      if (ids.length === 1) {
        options.onFailure?.(error);
        return { written: 0, failed: 1 };
      }
    }
    let written = 0;
    let failed = 0;
    for (const id of ids) {
      try {
        written += await this.evaluateInTransaction([id], options.asOf);
      } catch (error) {
        options.onFailure?.(error);
        failed += 1;
      }
    }
    return { written, failed };
  }

  private evaluateInTransaction(ids: string[], asOf: LocalDate): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const outbox = await Outbox.open(manager);
      const written = await this.evaluator.evaluate(manager, outbox, ids, asOf, NotificationTrigger.TIME_PASSED);
      return written.length;
    });
  }
}
