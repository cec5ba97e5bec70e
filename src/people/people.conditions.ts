import type { SelectQueryBuilder } from 'typeorm';
import type { Person } from '../departments/civil-affairs/person.entity';
import type { LocalDate } from '../common/local-date';
import type { PersonFilter } from './person-filter.input';

/** The fields of PersonFilter that narrow `persons`; `asOf` only dates the others. */
export type PersonFilterField = Exclude<keyof PersonFilter, 'asOf'>;

/**
 * Narrows a query over persons (alias `person`) by one filter field's value, or throws
 * BAD_USER_INPUT with `extensions.field` for a value that cannot mean anything. The module that
 * owns the data a field reads declares its condition; it sees the whole filter (fields that only
 * mean something together) and may read before it narrows.
 */
export type PersonFilterCondition<F extends PersonFilterField> = (
  qb: SelectQueryBuilder<Person>,
  value: NonNullable<PersonFilter[F]>,
  asOf: LocalDate,
  filter: PersonFilter,
) => void | Promise<void>;

export type PersonFilterConditions = { [F in PersonFilterField]?: PersonFilterCondition<F> };

/** One registry of every module's conditions; a field claimed by two modules is a wiring mistake. */
export function mergePersonFilterConditions(declared: ReadonlyArray<{ name: string; personFilters?: PersonFilterConditions }>): PersonFilterConditions {
  const merged: Record<string, unknown> = {};
  const owner: Record<string, string> = {};
  for (const module of declared) {
    for (const [field, condition] of Object.entries(module.personFilters ?? {})) {
      if (field in owner) throw new Error(`the persons filter field ${field} is declared by both ${owner[field]} and ${module.name}`);
      owner[field] = module.name;
      merged[field] = condition;
    }
  }
  return merged as PersonFilterConditions;
}

/** The given filter fields narrowed onto the query, each by its condition, in registry order. */
export async function applyPersonFilter(qb: SelectQueryBuilder<Person>, filter: PersonFilter, conditions: PersonFilterConditions, asOf: LocalDate): Promise<void> {
  for (const [field, condition] of Object.entries(conditions) as Array<[PersonFilterField, PersonFilterCondition<PersonFilterField>]>) {
    const value = filter[field];
    if (value != null) await condition(qb, value as never, asOf, filter);
  }
}
