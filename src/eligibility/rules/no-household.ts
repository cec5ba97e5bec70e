import { condition, type Condition, type DeclaredCondition } from '../condition';

/** A household test asked of a person listed in no household: it cannot be made. */
export function noHouseholdCondition(code: string): Condition {
  return condition(code, 'UNKNOWN', 'The person is listed in no household record, so the household test cannot be made.', {
    missing: ['household record (civil affairs)'],
  });
}

export function noHousehold(conditions: readonly DeclaredCondition[]): Condition[] {
  return conditions.map((c) => noHouseholdCondition(c.code));
}
