import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from '../logger';

/**
 * Counts the SQL statements each request sends. The count is what proves that loaders batch:
 * a page of 100 persons must cost as many statements as a page of 10.
 */
export interface StatementTally {
  statements: number;
}

const current = new AsyncLocalStorage<StatementTally>();

export function countStatements<T>(tally: StatementTally, work: () => T): T {
  return current.run(tally, work);
}

/** TypeORM hands every statement to its logger, whatever the driver: the one place to count them. */
export class CountingLogger implements TypeOrmLogger {
  constructor(private readonly out: Logger) {}

  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    const tally = current.getStore();
    if (tally) tally.statements += 1;
    if (this.out.isLevelEnabled('trace')) this.out.trace({ query, parameters }, 'sql');
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.out.error({ err: error, query, parameters }, 'sql statement failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn({ time, query }, 'slow sql statement');
  }

  logSchemaBuild(message: string): void {
    this.out.debug(message);
  }

  logMigration(message: string): void {
    this.out.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn({ message }, 'typeorm');
    else this.out.debug({ message }, 'typeorm');
  }
}
