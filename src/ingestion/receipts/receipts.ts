import { In, type EntityManager } from 'typeorm';
import { PersonReceipt } from './person-receipt.entity';

/** The departments whose records the hub receives. */
export type SourceDepartment = 'civil-affairs' | 'human-resources' | 'disability';
export const SOURCE_DEPARTMENTS: readonly SourceDepartment[] = ['civil-affairs', 'human-resources', 'disability'];

/** When each department last sent records naming one person (absent: never). */
export type ReceivedDates = Partial<Record<SourceDepartment, Date>>;

/** Persons per statement: within SQLite's bound parameters (3 per row) and MySQL's packet size. */
const PER_STATEMENT = 300;

/**
 * Notes, inside a batch's transaction, that `department` has just sent records naming these
 * persons. Committed or rolled back with the records themselves.
 */
export async function recordReceipts(
  manager: EntityManager,
  department: SourceDepartment,
  idNumbers: Iterable<string | null | undefined>,
  at: Date = new Date(),
): Promise<void> {
  // In key order, so that concurrent batches take their row locks in the same order.
  const ids = [...new Set([...idNumbers].filter((id): id is string => id != null))].sort();
  for (let i = 0; i < ids.length; i += PER_STATEMENT) {
    const rows = ids.slice(i, i + PER_STATEMENT).map((idNumber) => ({ idNumber, department, receivedAt: at }));
    await manager.upsert(PersonReceipt, rows, { conflictPaths: ['idNumber', 'department'] });
  }
}

/** Each person's received dates, one statement per thousand persons. */
export async function receivedDatesOf(manager: EntityManager, idNumbers: readonly string[]): Promise<Map<string, ReceivedDates>> {
  const out = new Map<string, ReceivedDates>();
  for (let i = 0; i < idNumbers.length; i += 1000) {
    const rows = await manager.find(PersonReceipt, { where: { idNumber: In(idNumbers.slice(i, i + 1000)) } });
    for (const row of rows) {
      const dates = out.get(row.idNumber) ?? {};
      dates[row.department as SourceDepartment] = row.receivedAt;
      out.set(row.idNumber, dates);
    }
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
