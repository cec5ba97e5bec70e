import { AsyncLocalStorage } from 'node:async_hooks';
import { GraphQLError } from 'graphql';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { errorCodeOf, logSafeError, scrubText, type Logger } from '../logger';
import { ErrorCode } from '../common/errors';

/**
 * Counts the SQL statements each request sends. The count is what proves that loaders batch:
 * a page of 100 persons must cost as many statements as a page of 10.
 */
export interface StatementTally {
  statements: number;
  /**
   * Epoch milliseconds after which the request may send no further statement (HUB_REQUEST_TIME_MS
   * from its start). Absent outside requests: migrations, seeding and CLI commands are not timed.
   */
  deadline?: number;
}

const current = new AsyncLocalStorage<StatementTally>();

export function countStatements<T>(tally: StatementTally, work: () => T): T {
  return current.run(tally, work);
}

export function timeBudgetExceeded(): GraphQLError {
  return new GraphQLError('the request ran past its time budget and was stopped; ask for less (smaller pages, fewer fields) or try again', {
    extensions: { code: ErrorCode.TIME_BUDGET_EXCEEDED, http: { status: 503 } },
  });
}

/**
 * Called before every statement. The end of a transaction always goes through: a refused
 * ROLLBACK would leave it open on a connection that other requests share, and a COMMIT ends work
 * already done (an ingested batch with its audit entry) rather than starting more.
 */
export function checkStatementDeadline(sql: string): void {
  const deadline = current.getStore()?.deadline;
  if (deadline !== undefined && Date.now() > deadline && !/^\s*(COMMIT|ROLLBACK|RELEASE)\b/i.test(sql)) throw timeBudgetExceeded();
}

/**
 * The same budget for work that sends no statement: deciding eligibility for a page of persons is
 * mostly computation, which would otherwise run on to its end once the facts are read.
 */
export function checkRequestDeadline(): void {
  const deadline = current.getStore()?.deadline;
  if (deadline !== undefined && Date.now() > deadline) throw timeBudgetExceeded();
}

/** TypeORM hands every statement to its logger, whatever the driver: the one place to count them. */
export class CountingLogger implements TypeOrmLogger {
  constructor(private readonly out: Logger) {}

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const tally = current.getStore();
    if (tally) tally.statements += 1;
    // Parameters are ID numbers, names and incomes: a statement is logged by its shape only.
    if (this.out.isLevelEnabled('trace')) this.out.trace({ statement: query }, 'sql');
  }

  /**
   * Drivers quote the offending values in their messages ("Duplicate entry '…' for key") and their
   * errors carry the statement with its values: only the driver's code and the shape are logged.
   */
  logQueryError(error: string | Error, query: string): void {
    this.out.error({ code: errorCodeOf(error), statement: query }, 'sql statement failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn({ ms: time, statement: query }, 'slow sql statement');
  }

  logSchemaBuild(message: string): void {
    this.out.debug(message);
  }

  logMigration(message: string): void {
    this.out.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // TypeORM's warnings may embed a driver error's message (a connection error, for one).
    const detail = message instanceof Error ? logSafeError(message).message : scrubText(String(message));
    if (level === 'warn') this.out.warn({ detail }, 'typeorm');
    else this.out.debug({ detail }, 'typeorm');
  }
}
