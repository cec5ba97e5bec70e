import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { sqlNames } from '../db/sql-names';

/*
 * Multi-row writes as one raw statement each, built once per table and shape: TypeORM's query
 * builder costs more CPU and garbage per row than the database spends storing it, and capped
 * statements at 200 rows. The statements are those TypeORM's upsert writes (ON DUPLICATE KEY
 * UPDATE of every sent column on MySQL/MariaDB, ON CONFLICT … DO UPDATE on SQLite), with values
 * prepared by the driver as TypeORM prepares them (transformers, booleans, dates), and they go
 * through the data source's query runner like any other statement.
 */

/** SQLite's limit of bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const SQLITE_MAX_PARAMETERS = 32_766;
/**
 * Bytes of values per MySQL statement: well under the smallest default max_allowed_packet in use
 * (4 MiB on MySQL 5.7; MariaDB has 16 MiB, MySQL 8 64 MiB), escaping and SQL text included.
 */
const MYSQL_MAX_VALUE_BYTES = 1_048_576;
/** What one value adds beyond its text: quotes, escapes, the comma and the placeholder's share. */
const BYTES_PER_VALUE = 8;
/** UTF-8 bytes of one UTF-16 code unit at most: names in Chinese are three bytes a character. */
const BYTES_PER_CHAR = 3;

interface Shape {
  columns: ColumnMetadata[];
  prefix: string;
  placeholders: string;
  suffix: string;
}

const shapes = new WeakMap<EntityMetadata, Map<string, Shape>>();

function isSqlite(manager: EntityManager): boolean {
  return manager.connection.options.type === 'better-sqlite3';
}

/**
 * The statement of one table and shape: the columns some row sends (the others keep their
 * default, as TypeORM leaves them out). `naturalKey` null: a plain INSERT; otherwise, as TypeORM's
 * upsert, the key's columns and every sent column are overwritten.
 */
function shapeOf(manager: EntityManager, metadata: EntityMetadata, naturalKey: readonly string[] | null, columns: ColumnMetadata[]): Shape {
  const cacheKey = `${naturalKey?.join(',') ?? ''}|${columns.map((c) => c.databaseName).join(',')}`;
  let byKey = shapes.get(metadata);
  if (!byKey) shapes.set(metadata, (byKey = new Map()));
  const cached = byKey.get(cacheKey);
  if (cached) return cached;
  const q = sqlNames(manager).quote;
  const prefix = `INSERT INTO ${q(metadata.tableName)} (${columns.map((c) => q(c.databaseName)).join(', ')}) VALUES `;
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  let suffix = '';
  if (naturalKey) {
    const conflict = metadata.mapPropertyPathsToColumns([...naturalKey]);
    const overwrite = [...conflict, ...columns.filter((c) => !conflict.includes(c) && c.isUpdate !== false)].map((c) => q(c.databaseName));
    suffix = isSqlite(manager)
      ? ` ON CONFLICT (${conflict.map((c) => q(c.databaseName)).join(', ')}) DO UPDATE SET ${overwrite.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
      : ` ON DUPLICATE KEY UPDATE ${overwrite.map((c) => `${c} = VALUES(${c})`).join(', ')}`;
  }
  const shape = { columns, prefix, placeholders, suffix };
  byKey.set(cacheKey, shape);
  return shape;
}

/** Rows of at most one statement each: within SQLite's parameters, or MySQL's packet size. */
function* statements<T>(manager: EntityManager, rows: readonly T[], values: (row: T) => unknown[], width: number): Generator<unknown[][]> {
  const sqlite = isSqlite(manager);
  const maxRows = Math.max(1, Math.floor(SQLITE_MAX_PARAMETERS / Math.max(1, width)));
  let part: unknown[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const prepared = values(row);
    const size = sqlite ? 0 : prepared.reduce((sum: number, v) => sum + BYTES_PER_VALUE + (v == null ? 4 : String(v).length * BYTES_PER_CHAR), 0);
    if (part.length > 0 && (part.length >= maxRows || bytes + size > MYSQL_MAX_VALUE_BYTES)) {
      yield part;
      part = [];
      bytes = 0;
    }
    part.push(prepared);
    bytes += size;
  }
  if (part.length > 0) yield part;
}

async function writeRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
  naturalKey: readonly string[] | null,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual && !c.generatedType && rows.some((r) => c.getEntityValue(r) !== undefined));
  const shape = shapeOf(manager, metadata, naturalKey, columns);
  const values = (row: QueryDeepPartialEntity<T>) => shape.columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row) ?? null, c) ?? null);
  for (const part of statements(manager, rows, values, shape.columns.length)) {
    const sql = `${shape.prefix}${Array(part.length).fill(shape.placeholders).join(', ')}${shape.suffix}`;
    await manager.query(sql, part.flat());
  }
}

/** Insert-or-update on the natural key: sending the same rows again changes nothing. */
export function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
  naturalKey: string[],
): Promise<void> {
  return writeRows(manager, entity, rows, naturalKey);
}

/** Plain multi-row INSERT (append-only tables: a key already there is an error, not an update). */
export function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: readonly QueryDeepPartialEntity<T>[]): Promise<void> {
  return writeRows(manager, entity, rows, null);
}

/** Deletes the rows whose `column` is one of `values` (children about to be replaced as a whole). */
export async function deleteWhereIn<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  column: string,
  values: readonly string[],
): Promise<void> {
  if (values.length === 0) return;
  const names = sqlNames(manager);
  const [table, key] = [names.table(entity), names.column(entity, column)];
  for (const part of statements(manager, values, (v) => [v], 1)) {
    await manager.query(`DELETE FROM ${table} WHERE ${key} IN (${part.map(() => '?').join(', ')})`, part.flat());
  }
}
