import type { EntityManager } from 'typeorm';
import { sqlNames } from '../../db/sql-names';
import { HouseholdMember } from '../../departments/civil-affairs/household-member.entity';
import { Person } from '../../departments/civil-affairs/person.entity';
import { PushEvaluation } from '../push-evaluation.entity';

/*
 * The set questions the push asks of a batch, each one statement per few thousand keys and
 * answering only the keys it needs: who belongs to these households, whose children are these,
 * who among these lives away from registration, what the push last stored of them. A bulk
 * import asks them for thousands of persons per chunk; entity reads of whole rows in lists of
 * 500 cost it more than the answers.
 */

/** Keys per IN (…) list: a UNION of two lists stays within SQLite's 32,766 bound parameters. */
const KEYS_PER_STATEMENT = 5000;

/** Runs `statement(placeholders)` over `keys` in parts, each key bound `uses` times. */
async function over<R>(manager: EntityManager, keys: Iterable<string>, statement: (list: string) => string, uses = 1): Promise<R[]> {
  const all = [...new Set(keys)];
  const out: R[] = [];
  for (let i = 0; i < all.length; i += KEYS_PER_STATEMENT) {
    const part = all.slice(i, i + KEYS_PER_STATEMENT);
    const list = `(${part.map(() => '?').join(', ')})`;
    const params = Array.from({ length: uses }, () => part).flat();
    out.push(...((await manager.query(statement(list), params)) as R[]));
  }
  return out;
}

/** The ID numbers of the members of these households. */
export async function membersOf(manager: EntityManager, householdNumbers: Iterable<string>): Promise<string[]> {
  const { table, column } = sqlNames(manager);
  const id = column(HouseholdMember, 'idNumber');
  const rows = await over<{ idNumber: string }>(manager, householdNumbers, (list) => `SELECT ${id} AS idNumber FROM ${table(HouseholdMember)} WHERE ${column(HouseholdMember, 'householdNumber')} IN ${list}`);
  return rows.map((r) => r.idNumber);
}

/** The households these persons are members of. */
export async function householdsOf(manager: EntityManager, idNumbers: Iterable<string>): Promise<string[]> {
  const { table, column } = sqlNames(manager);
  const household = column(HouseholdMember, 'householdNumber');
  const rows = await over<{ householdNumber: string }>(manager, idNumbers, (list) => `SELECT ${household} AS householdNumber FROM ${table(HouseholdMember)} WHERE ${column(HouseholdMember, 'idNumber')} IN ${list}`);
  return rows.map((r) => r.householdNumber);
}

/** The persons whose father or mother is one of these. */
export async function childrenOf(manager: EntityManager, idNumbers: Iterable<string>): Promise<string[]> {
  const { table, column } = sqlNames(manager);
  const id = column(Person, 'idNumber');
  // A UNION, where an OR of the two columns would keep MariaDB from using either index.
  const rows = await over<{ idNumber: string }>(
    manager,
    idNumbers,
    (list) =>
      `SELECT ${id} AS idNumber FROM ${table(Person)} WHERE ${column(Person, 'fatherIdNumber')} IN ${list} ` +
      `UNION SELECT ${id} AS idNumber FROM ${table(Person)} WHERE ${column(Person, 'motherIdNumber')} IN ${list}`,
    2,
  );
  return rows.map((r) => r.idNumber);
}

/** Those of these persons civil affairs has living away from their registered district. */
export async function livingAwayAmong(manager: EntityManager, idNumbers: Iterable<string>): Promise<string[]> {
  const { table, column } = sqlNames(manager);
  const [id, registered, residence] = [column(Person, 'idNumber'), column(Person, 'registeredDistrict'), column(Person, 'residenceDistrict')];
  const rows = await over<{ idNumber: string }>(
    manager,
    idNumbers,
    (list) => `SELECT ${id} AS idNumber FROM ${table(Person)} WHERE ${id} IN ${list} AND ${residence} IS NOT NULL AND ${residence} <> ${registered}`,
  );
  return rows.map((r) => r.idNumber);
}

/** What the push stored of these persons at their last evaluation. */
export function storedStateOf(manager: EntityManager, idNumbers: Iterable<string>): Promise<Array<Pick<PushEvaluation, 'idNumber' | 'item' | 'state' | 'asOf'>>> {
  const { table, column } = sqlNames(manager);
  const cols = (['idNumber', 'item', 'state', 'asOf'] as const).map((p) => `${column(PushEvaluation, p)} AS ${p}`).join(', ');
  return over(manager, idNumbers, (list) => `SELECT ${cols} FROM ${table(PushEvaluation)} WHERE ${column(PushEvaluation, 'idNumber')} IN ${list}`);
}
