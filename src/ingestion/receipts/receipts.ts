import type { EntityManager } from 'typeorm';
import { rowsWhereIn } from '../../db/rows-where-in';
import { upsertRows } from '../../common/upsert';
import { PersonReceipt } from './person-receipt.entity';

/** The departments whose records the hub receives. */
export type SourceDepartment = 'civil-affairs' | 'human-resources' | 'disability';
export const SOURCE_DEPARTMENTS: readonly SourceDepartment[] = ['civil-affairs', 'human-resources', 'disability'];

/** When each department last sent records naming one person (absent: never). */
export type ReceivedDates = Partial<Record<SourceDepartment, Date>>;

/**
 * Notes, inside a batch's transaction, that `department` has just sent records naming these
 * persons. Committed or rolled back with the records themselves. One statement for a whole batch
 * (upsertRows splits only past a statement's limits).
 */
export async function recordReceipts(
  manager: EntityManager,
  department: SourceDepartment,
  idNumbers: Iterable<string | null | undefined>,
  at: Date = new Date(),
): Promise<void> {
  // In key order, so that concurrent batches take their row locks in the same order.
  const ids = [...new Set([...idNumbers].filter((id): id is string => id != null))].sort();
  await upsertRows(manager, PersonReceipt, ids.map((idNumber) => ({ idNumber, department, receivedAt: at })), ['idNumber', 'department']);
}

/** Each person's received dates, one statement per thousand persons (rowsWhereIn). */
export async function receivedDatesOf(manager: EntityManager, idNumbers: readonly string[]): Promise<Map<string, ReceivedDates>> {
  const out = new Map<string, ReceivedDates>();
  for (const row of await rowsWhereIn(manager, PersonReceipt, 'idNumber', idNumbers)) {
    const dates = out.get(row.idNumber) ?? {};
    dates[row.department as SourceDepartment] = row.receivedAt;
    out.set(row.idNumber, dates);
  }
  return out;
}

/** When each department last sent records naming anyone (null: never); one index lookup each. */
export async function lastReceipts(manager: EntityManager): Promise<Record<SourceDepartment, Date | null>> {
  const out = {} as Record<SourceDepartment, Date | null>;
  for (const department of SOURCE_DEPARTMENTS) {
    const latest = await manager.findOne(PersonReceipt, { where: { department }, order: { receivedAt: 'DESC' } });
    out[department] = latest?.receivedAt ?? null;
  }
  return out;
}
