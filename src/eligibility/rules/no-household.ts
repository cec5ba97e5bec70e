import { condition, type Condition, type DeclaredCondition } from '../condition';
import { msg } from '../messages/message';

/** A household test asked of a person listed in no household: it cannot be made. */
export function noHouseholdCondition(code: string): Condition {
  return condition(code, 'UNKNOWN', msg('household.none'), { missing: [msg('missing.household-record')] });
}

export function noHousehold(conditions: readonly DeclaredCondition[]): Condition[] {
  return conditions.map((c) => noHouseholdCondition(c.code));
}
