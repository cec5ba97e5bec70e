import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Logger } from '../logger';
import { ENTITIES } from './entities';
import { CountingLogger } from './statement-counter';

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

export async function dataSourceOptions(url: string, log: Logger): Promise<DataSourceOptions> {
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
    // Dates stay 'YYYY-MM-DD' strings and times UTC, whatever the server's zone.
    dateStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'hub_migrations',
    extra: { connectionLimit: 10 },
  };
}

export async function openDataSource(url: string, log: Logger): Promise<DataSource> {
  const dataSource = new DataSource(await dataSourceOptions(url, log));
  await dataSource.initialize();
  return dataSource;
}

export function databaseKind(dataSource: DataSource): DatabaseKind {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : (dataSource.options.type as 'mysql' | 'mariadb');
}
