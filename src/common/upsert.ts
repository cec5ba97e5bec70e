import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Rows per statement: well under MySQL's packet limit and SQLite's bound-parameter limit. */
const CHUNK = 200;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Insert-or-update on the natural key: sending the same rows again changes nothing. */
export async function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
  naturalKey: string[],
): Promise<void> {
  for (const part of chunks(rows)) {
    await manager.upsert(entity, part, { conflictPaths: naturalKey, skipUpdateIfNoValuesChanged: true });
  }
}

/** Deletes the rows whose `column` is one of `values` (children about to be replaced as a whole). */
export async function deleteWhereIn<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  column: string,
  values: readonly string[],
): Promise<void> {
  for (const part of chunks(values)) {
    await manager.delete(entity, { [column]: In(part) } as never);
  }
}
