import { ErrorCode, userError } from '../common/errors';
import type { LocalDate } from '../common/local-date';
import type { ParameterOverride } from '../policy/parameter-overrides';
import type { CoveragePass } from './coverage-pass';
import type { CoverageRun } from './coverage.entities';

/**
 * Passes started through the API (`requestEvaluation`) rather than by an operator's
 * `hub evaluate`: run in this process, in the background, one at a time. A pass reads every
 * person, so a second one while any pass runs (here or in another instance, as the run table
 * shows) is refused rather than queued: the caller sees the first one's progress in
 * districtStats and asks again when it is done.
 */
export class RequestedPasses {
  private current: { stopping: boolean; done: Promise<void> } | null = null;

  constructor(private readonly pass: CoveragePass) {}

  /** Starts a pass and resolves once its run row is written (RUNNING). */
  async start(asOf: LocalDate, overrides: readonly ParameterOverride[]): Promise<CoverageRun> {
    const running = this.current ? null : await this.pass.runningPass();
    if (this.current || running) {
      const which = running ? `the pass for ${running.asOf}, started at ${running.startedAt.toISOString()},` : 'a pass started from this hub';
      throw userError(ErrorCode.EVALUATION_RUNNING, `${which} is still running: one pass at a time; districtStats shows when it is done`, { field: 'requestEvaluation' });
    }
    const job = { stopping: false, done: Promise.resolve() };
    this.current = job;
    return new Promise<CoverageRun>((resolve, reject) => {
      let started = false;
      job.done = this.pass
        .evaluate(asOf, {
          overrides,
          shouldStop: () => job.stopping,
          onStarted: (run) => {
            started = true;
            resolve(run);
          },
        })
        .then(
          () => undefined,
          // A failure after the start is the run's status (FAILED, its rows removed): districtStats
          // reports it. Its message is not logged: it may quote records.
          (error: unknown) => {
            if (!started) reject(error);
          },
        )
        .finally(() => {
          if (this.current === job) this.current = null;
        });
    });
  }

  /** Stops the running pass after its current batch (it ends FAILED) and waits for it. */
  async stop(): Promise<void> {
    const job = this.current;
    if (!job) return;
    job.stopping = true;
    await job.done;
  }
}
