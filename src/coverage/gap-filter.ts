import { IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ErrorCode, userError } from '../common/errors';
import type { Person } from '../departments/civil-affairs/person.entity';
import type { LocalDate } from '../common/local-date';
import type { Rule } from '../eligibility/condition';
import { RULES } from '../eligibility/rules';
import { CoverageGap, CoveragePersonRule, CoverageRun, CoverageRunStatus } from './coverage.entities';

/*
 * Gap lists (issue 10 point 4, docs/coverage.md "Gap lists and export"): the persons and
 * households of the coverage gap, read from the same `coverage_person_rule` rows of the same run
 * as `districtStats`, so a list and its count agree to the person.
 */

/** No completed evaluation pass for the date: an operator runs `hub evaluate`. */
export const NOT_EVALUATED = ErrorCode.NOT_EVALUATED;

/** The gap fields of the `persons` filter (and of the `households` filter). */
export interface GapFilterFields {
  eligibleFor?: string | null;
  notEnrolled?: boolean | null;
}

/** The rule of `eligibleFor`, or UNKNOWN_RULE. */
export function gapRuleOf(ruleId: string): Rule {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) {
    throw userError(ErrorCode.UNKNOWN_RULE, `unknown rule id: ${ruleId}; known: ${RULES.map((r) => r.id).join(', ')}`, { field: 'filter.eligibleFor' });
  }
  return rule;
}

/** The run gap lists read for `asOf`: the newest DONE one (as districtStats), or NOT_EVALUATED. */
export async function gapRunFor(manager: EntityManager, asOf: LocalDate): Promise<CoverageRun> {
  const run = await manager.findOne(CoverageRun, { where: { asOf, status: CoverageRunStatus.DONE, overrides: IsNull() }, order: { id: 'DESC' } });
  if (!run) {
    throw userError(NOT_EVALUATED, `no completed evaluation pass for ${asOf}: gap lists read its rows (an operator runs \`hub evaluate --as-of ${asOf}\`)`, {
      field: 'filter.notEnrolled',
      asOf,
    });
  }
  return run;
}

/**
 * Which gap the filter asks for: `notEnrolled: true` (false means nothing the pass stores), with
 * `eligibleFor` naming a rule, or alone for any rule. `eligibleFor` alone would mean every
 * eligible person, enrolled or not: the pass stores only the gap, so it is refused.
 */
export function gapRequestOf(filter: GapFilterFields): { ruleId: string | null } | null {
  if (filter.eligibleFor == null && filter.notEnrolled == null) return null;
  const rule = filter.eligibleFor != null ? gapRuleOf(filter.eligibleFor) : null;
  if (filter.notEnrolled !== true) {
    const field = filter.notEnrolled === false ? 'filter.notEnrolled' : 'filter.eligibleFor';
    throw userError(ErrorCode.BAD_USER_INPUT, 'a gap list is asked with `notEnrolled: true` (and `eligibleFor` for one rule): the evaluation pass stores the eligible who are not enrolled, not every eligible person', { field });
  }
  return { ruleId: rule?.id ?? null };
}

/**
 * Narrows a query whose alias `alias` has an `idNumber` to the persons with a gap row of `runId`
 * (for `ruleId`, or any rule): one uncorrelated set along the run/rule/gap index.
 */
export function whereInGap<T extends object>(qb: SelectQueryBuilder<T>, alias: string, runId: string, ruleId: string | null): void {
  const rows = qb.subQuery().select('g.idNumber').from(CoveragePersonRule, 'g').where('g.runId = :gapRunId').andWhere('g.gap = :gapKind');
  if (ruleId != null) rows.andWhere('g.ruleId = :gapRuleId');
  qb.andWhere(`${alias}.idNumber IN ${rows.getQuery()}`, { gapRunId: runId, gapKind: CoverageGap.ELIGIBLE_NOT_ENROLLED, ...(ruleId != null ? { gapRuleId: ruleId } : {}) });
}

type GapCondition<V> = (qb: SelectQueryBuilder<Person>, value: V, asOf: LocalDate, filter: GapFilterFields) => void | Promise<void>;

/**
 * The `persons` filter fields the coverage module answers. `eligibleFor` only checks itself (the
 * rule is known, `notEnrolled: true` is given); `notEnrolled` narrows, with the rule if any, to
 * the gap rows of the newest completed pass for the filter's `asOf`.
 */
export const GAP_PERSON_FILTERS: { eligibleFor: GapCondition<string>; notEnrolled: GapCondition<boolean> } = {
  eligibleFor(_qb, _ruleId, _asOf, filter) {
    gapRequestOf(filter);
  },
  async notEnrolled(qb, _value, asOf, filter) {
    const request = gapRequestOf(filter);
    if (!request) return;
    const run = await gapRunFor(qb.connection.manager, asOf);
    whereInGap(qb, 'person', run.id, request.ruleId);
  },
};
