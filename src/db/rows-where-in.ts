import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { sqlNames } from './sql-names';

/*
 * The loaders' reads, without TypeORM's query builder: `find` builds a query, aliases every column
 * and maps the aliases back for each call, which cost more CPU on a page of persons than the hub's
 * own work. Here the statement's text is built once per entity, key and order, and rows become
 * entities through the driver's own conversion of each column (dates, booleans, transformers such
 * as money), so an entity read here equals one read by `find`.
 */

export type RowOrder = Record<string, 'ASC' | 'DESC'>;

interface Reader {
  head: string;
  tail: string;
  columns: ColumnMetadata[];
  metadata: EntityMetadata;
}

const readers = new WeakMap<EntityManager['connection'], Map<string, Reader>>();

function readerFor(manager: EntityManager, target: EntityTarget<ObjectLiteral>, key: string, order: RowOrder): Reader {
  const connection = manager.connection;
  let cache = readers.get(connection);
  if (!cache) readers.set(connection, (cache = new Map()));
  const metadata = connection.getMetadata(target);
  const id = `${metadata.name}|${key}|${JSON.stringify(order)}`;
  const known = cache.get(id);
  if (known) return known;
  if (metadata.relations.length > 0 || metadata.embeddeds.length > 0) throw new Error(`${metadata.name}: rowsWhereIn reads flat entities only`);
  const { quote: q, column: columnOf } = sqlNames(manager);
  const column = (property: string) => columnOf(target, property);
  const ordering = Object.entries(order).map(([property, direction]) => `${column(property)} ${direction}`);
  const reader: Reader = {
    head: `SELECT ${metadata.columns.map((c) => q(c.databaseName)).join(', ')} FROM ${q(metadata.tableName)} WHERE ${column(key)} IN (`,
    tail: `)${ordering.length ? ` ORDER BY ${ordering.join(', ')}` : ''}`,
    columns: metadata.columns,
    metadata,
  };
  cache.set(id, reader);
  return reader;
}

/** Keys per statement: the loaders' batch size, well within every database's limits. */
const KEYS_PER_STATEMENT = 1000;

/**
 * Rows of `target` whose `key` is one of `values`, in `order` within each statement: entities as
 * `find` gives them. Up to a thousand keys make one statement; more are split and sent together.
 */
export async function rowsWhereIn<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  key: keyof T & string,
  values: readonly string[],
  order: RowOrder = {},
): Promise<T[]> {
  if (values.length > KEYS_PER_STATEMENT) {
    const parts: string[][] = [];
    for (let at = 0; at < values.length; at += KEYS_PER_STATEMENT) parts.push(values.slice(at, at + KEYS_PER_STATEMENT));
    return (await Promise.all(parts.map((part) => rowsWhereIn(manager, target, key, part, order)))).flat();
  }
  if (values.length === 0) return [];
  const reader = readerFor(manager, target, key, order);
  const raw = (await manager.query(reader.head + values.map(() => '?').join(', ') + reader.tail, [...values])) as Array<Record<string, unknown>>;
  const driver = manager.connection.driver;
  const make = reader.metadata.target as new () => T;
  return raw.map((row) => {
    const entity = new make() as Record<string, unknown>;
    for (const c of reader.columns) entity[c.propertyName] = driver.prepareHydratedValue(row[c.databaseName], c);
    return entity as T;
  });
}
