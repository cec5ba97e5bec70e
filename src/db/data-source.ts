import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mysql2, { type PoolOptions } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import { DataSource, QueryFailedError, type DataSourceOptions, type EntityManager, type QueryRunner } from 'typeorm';
import type { Logger } from '../logger';
import { ENTITIES } from './entities';
import { checkStatementDeadline, CountingLogger, timeBudgetExceeded } from './statement-counter';

export type DatabaseKind = 'sqlite' | 'mysql' | 'mariadb';

const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`);

/** Where an `sqlite:` URL points; relative paths are relative to the working directory. */
export function sqliteFile(url: string): string {
  return path.resolve(url.slice('sqlite:'.length).replace(/^\/\//, ''));
}

/**
 * `mysql://` may point at MySQL or MariaDB. TypeORM must know which: with the wrong dialect it
 * reads MariaDB's column defaults differently and sees changes that are not there.
 */
export async function detectMysqlFlavour(url: string): Promise<'mysql' | 'mariadb'> {
  if (url.startsWith('mariadb://')) return 'mariadb';
  const connection = await createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return String((rows as Array<{ version: string }>)[0].version).includes('MariaDB') ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export interface StatementLimits {
  /**
   * The request time budget (HUB_REQUEST_TIME_MS). On MySQL and MariaDB no single statement may
   * run longer: the server stops it. Only the serving hub passes it; migrations and seeding do not.
   */
  statementTimeMs?: number;
}

/** MariaDB's and MySQL's errors for a statement the server stopped at its time limit. */
const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024]);

/** mysql2 with every new pooled connection held to the statement time limit before its first use. */
function statementLimitedMysql2(flavour: 'mysql' | 'mariadb', statementTimeMs: number, log: Logger): typeof mysql2 {
  // MariaDB counts seconds (fractions allowed) for every statement; MySQL milliseconds, for reads only.
  const limit =
    flavour === 'mariadb'
      ? `SET SESSION max_statement_time = ${(statementTimeMs / 1000).toFixed(3)}`
      : `SET SESSION max_execution_time = ${Math.round(statementTimeMs)}`;
  return {
    ...mysql2,
    createPool(options: PoolOptions) {
      const pool = mysql2.createPool(options);
      // A connection runs its commands in order: the limit is in force before anything else it runs.
      pool.on('connection', (connection) =>
        connection.query(limit, (error) => {
          if (error) log.error({ err: error }, 'the statement time limit could not be set on a database connection');
        }),
      );
      return pool;
    },
  } as typeof mysql2;
}

export async function dataSourceOptions(url: string, log: Logger, limits: StatementLimits = {}): Promise<DataSourceOptions> {
  const common = { entities: ENTITIES, logger: new CountingLogger(log), maxQueryExecutionTime: 2000 };
  if (url.startsWith('sqlite:')) {
    const database = sqliteFile(url);
    mkdirSync(path.dirname(database), { recursive: true });
    // The embedded default is a demo and a laptop store: its schema follows the entities directly.
    // MySQL, the store of record, changes only through reviewed migrations.
    return { ...common, type: 'better-sqlite3', database, synchronize: true, enableWAL: true };
  }
  const type = await detectMysqlFlavour(url);
  return {
    ...common,
    type,
    url: url.replace(/^mariadb:/, 'mysql:'),
    // Dates stay 'YYYY-MM-DD' strings; DATETIMEs come back as instants read in UTC (a DATETIME
    // string would be parsed in the process's own zone), whatever the server's zone or the hub's.
    dateStrings: ['DATE'],
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'hub_migrations',
    extra: { connectionLimit: 10 },
    ...(limits.statementTimeMs ? { driver: statementLimitedMysql2(type, limits.statementTimeMs, log) } : {}),
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every statement passes here before the driver sees it. Inside a request it must fit the
 * request's time budget (checked in statement-counter). better-sqlite3 runs each statement
 * synchronously on the one thread that also answers /healthz and every other request, so on the
 * embedded database each statement first lets the event loop serve whatever is waiting. Not
 * inside a transaction: the connection is shared, and another request's statements would land
 * in it.
 */
function guardStatements(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const embedded = dataSource.options.type === 'better-sqlite3';
  const guarded = new WeakSet<QueryRunner>();
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (guarded.has(runner)) return runner;
    guarded.add(runner);
    const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      if (embedded && !runner.isTransactionActive) await yieldToEventLoop();
      checkStatementDeadline(sql);
      try {
        return await query(sql, parameters, structured);
      } catch (error) {
        const errno = error instanceof QueryFailedError ? (error.driverError as { errno?: number } | undefined)?.errno : undefined;
        throw errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno) ? timeBudgetExceeded() : error;
      }
    }) as QueryRunner['query'];
    return runner;
  };
}

/**
 * TypeORM drives better-sqlite3 through one query runner: a second transaction started while one
 * is open would become a savepoint inside it, and the two would commit or roll back together.
 * Transactions on the embedded database therefore take turns (reads outside them do not wait).
 */
function serializeEmbeddedTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    const run = tail.then(() => transaction(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as EntityManager['transaction'];
}

export async function openDataSource(url: string, log: Logger, limits: StatementLimits = {}): Promise<DataSource> {
  const dataSource = new DataSource(await dataSourceOptions(url, log, limits));
  await dataSource.initialize();
  guardStatements(dataSource);
  serializeEmbeddedTransactions(dataSource);
  return dataSource;
}

export function databaseKind(dataSource: DataSource): DatabaseKind {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : (dataSource.options.type as 'mysql' | 'mariadb');
}
