import { SettingsError } from '../config';
import { ErrorCode } from '../common/errors';
import { unreachableCode } from '../db/database-unreachable';

/*
 * A database restart (an upgrade, a failover, a crash) must not cost an operator a multi-hour
 * import, nor leave it in a state that needs a person to look. A chunk is one transaction and its
 * upserts are idempotent, so the step that met the outage can simply run again once the database
 * answers: within a bounded wait the import goes on by itself; past it, it stops with its
 * checkpoint in place, and running the same command again resumes.
 */

/** The setting that bounds the wait, in milliseconds; 0 stops at the first unreachable error. */
export const DATABASE_WAIT_SETTING = 'HUB_IMPORT_DATABASE_WAIT_MS';
/** About what a database server needs to restart, with room for a slow recovery. */
export const DEFAULT_DATABASE_WAIT_MS = 60_000;
/** An hour: longer than that, an operator should know rather than wait unseen. */
const LONGEST_DATABASE_WAIT_MS = 3_600_000;
/** The first pause before a retry, doubled each time up to the longest: a restart is over in seconds, a refused connection is cheap. */
const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 2_000;
/** How often a long wait says it is still waiting. */
const STILL_WAITING_EVERY_MS = 10_000;

export interface DatabaseWait {
  /** How long one outage may last before the import stops. */
  budgetMs: number;
  /** Where the waiting is said: a line without personal data (codes, line numbers, seconds). */
  say: (line: string) => void;
  /** Asked between retries: true (Ctrl-C) stops the wait at once. */
  shouldStop?: () => boolean;
}

/** The wait from the environment, checked: a bad value stops the import before its first row, naming the setting. */
export function databaseWaitOf(env: NodeJS.ProcessEnv, shouldStop?: () => boolean, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): DatabaseWait {
  const raw = env[DATABASE_WAIT_SETTING];
  if (raw === undefined || raw === '') return { budgetMs: DEFAULT_DATABASE_WAIT_MS, say, shouldStop };
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > LONGEST_DATABASE_WAIT_MS) {
    throw new SettingsError(`${DATABASE_WAIT_SETTING} takes milliseconds from 0 to ${LONGEST_DATABASE_WAIT_MS}, not "${raw}"`);
  }
  return { budgetMs: value, say, shouldStop };
}

/** The import stopped because the database stayed away: exit 1, the checkpoint where a re-run resumes. */
export class DatabaseUnavailableError extends Error {
  readonly code = ErrorCode.DATABASE_UNAVAILABLE;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * Runs `step` (a chunk's transaction, or its checkpoint write) and, while it fails because the
 * database cannot be reached, runs it again until it succeeds or the wait is spent. Any other
 * error is the step's own and goes up at once. `committedLine` is the checkpoint already stored:
 * where a re-run resumes if this gives up.
 */
export async function retryWhileUnavailable<T>(wait: DatabaseWait, committedLine: number, step: () => Promise<T>): Promise<T> {
  let since: number | null = null;
  let pause = FIRST_PAUSE_MS;
  let saidAt = 0;
  for (;;) {
    try {
      const result = await step();
      if (since !== null) wait.say(`import: the database answers again after ${seconds(Date.now() - since)} s; the chunk after line ${committedLine} went through, going on`);
      return result;
    } catch (error) {
      const code = unreachableCode(error);
      if (!code) throw error;
      const now = Date.now();
      if (since === null) {
        since = saidAt = now;
        wait.say(`import: the database cannot be reached (${code}); retrying the chunk after line ${committedLine} for up to ${seconds(wait.budgetMs)} s (${DATABASE_WAIT_SETTING})`);
      } else if (now - saidAt >= STILL_WAITING_EVERY_MS) {
        saidAt = now;
        wait.say(`import: still waiting for the database (${code}), ${seconds(now - since)} s of ${seconds(wait.budgetMs)} s`);
      }
      const stop = wait.shouldStop?.() === true;
      const left = wait.budgetMs - (now - since);
      if (stop || left <= 0) {
        const why = stop ? 'stopped while waiting for the database' : `the database could not be reached for ${seconds(now - since)} s`;
        throw new DatabaseUnavailableError(
          `${why} (${code}): every chunk through line ${committedLine} is committed; run the same command again to resume from there`,
          { cause: error },
        );
      }
      // The last retry comes at the end of the wait, not a pause before it.
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}
