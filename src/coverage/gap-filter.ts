import { IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ErrorCode, userError } from '../common/errors';
import type { Person } from '../departments/civil-affairs/person.entity';
import type { LocalDate } from '../common/local-date';
import type { Rule } from '../eligibility/condition';
import { RULES } from '../eligibility/rules';
import { CoverageGap, CoveragePersonRule, CoverageRun, CoverageRunStatus } from './coverage.entities';

/*
 * Gap lists (issue 10 point 4, docs/coverage.md "Gap lists and export"): the persons and
 * households of the coverage gap, or of the lapsed (enrolled, no longer eligible), read from the
 * same `coverage_person_rule` rows of the same run as `districtStats`, so a list and its count
 * agree to the person.
 */

/** No completed evaluation pass for the date: an operator runs `hub evaluate`. */
export const NOT_EVALUATED = ErrorCode.NOT_EVALUATED;

/** The gap fields of the `persons` filter (and of the `households` filter). */
export interface GapFilterFields {
  eligibleFor?: string | null;
  notEnrolled?: boolean | null;
  enrolledNotEligibleFor?: string | null;
}

/** The stored rows a list reads: one gap kind, for one rule or (the coverage gap only) any. */
export interface GapRequest {
  gap: CoverageGap;
  ruleId: string | null;
  /** The filter field that asked, named by the errors about the request. */
  field: string;
}

/** The rule of a rule id given in `field`, or UNKNOWN_RULE. */
export function gapRuleOf(ruleId: string, field = 'filter.eligibleFor'): Rule {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) {
    throw userError(ErrorCode.UNKNOWN_RULE, `unknown rule id: ${ruleId}; known: ${RULES.map((r) => r.id).join(', ')}`, { field });
  }
  return rule;
}

/** The run gap lists read for `asOf`: the newest DONE one (as districtStats), or NOT_EVALUATED. */
export async function gapRunFor(manager: EntityManager, asOf: LocalDate, field = 'filter.notEnrolled'): Promise<CoverageRun> {
  const run = await manager.findOne(CoverageRun, { where: { asOf, status: CoverageRunStatus.DONE, overrides: IsNull() }, order: { id: 'DESC' } });
  if (!run) {
    throw userError(NOT_EVALUATED, `no completed evaluation pass for ${asOf}: gap lists read its rows (an operator runs \`hub evaluate --as-of ${asOf}\`)`, {
      field,
      asOf,
    });
  }
  return run;
}

/**
 * Which rows the filter asks for. The coverage gap: `notEnrolled: true` (false means nothing the
 * pass stores), with `eligibleFor` naming a rule, or alone for any rule; `eligibleFor` alone
 * would mean every eligible person, enrolled or not, which the pass does not store. The lapsed:
 * `enrolledNotEligibleFor` naming a rule, never with the gap fields (see below).
 */
export function gapRequestOf(filter: GapFilterFields): GapRequest | null {
  if (filter.enrolledNotEligibleFor != null) {
    if (filter.eligibleFor != null || filter.notEnrolled != null) {
      // For one rule the two sets are disjoint, and across rules the mix would mean neither list.
      throw userError(
        ErrorCode.BAD_USER_INPUT,
        '`enrolledNotEligibleFor` (enrolled, decision not ELIGIBLE: a review is due) is asked without `eligibleFor`/`notEnrolled` (eligible, not enrolled): for one rule nobody is in both lists, so one filter asks for one of them',
        { field: 'filter.enrolledNotEligibleFor' },
      );
    }
    const rule = gapRuleOf(filter.enrolledNotEligibleFor, 'filter.enrolledNotEligibleFor');
    return { gap: CoverageGap.ENROLLED_NOT_ELIGIBLE, ruleId: rule.id, field: 'filter.enrolledNotEligibleFor' };
  }
  if (filter.eligibleFor == null && filter.notEnrolled == null) return null;
  const rule = filter.eligibleFor != null ? gapRuleOf(filter.eligibleFor) : null;
  if (filter.notEnrolled !== true) {
    const field = filter.notEnrolled === false ? 'filter.notEnrolled' : 'filter.eligibleFor';
    throw userError(ErrorCode.BAD_USER_INPUT, 'a gap list is asked with `notEnrolled: true` (and `eligibleFor` for one rule): the evaluation pass stores the eligible who are not enrolled, not every eligible person', { field });
  }
  return { gap: CoverageGap.ELIGIBLE_NOT_ENROLLED, ruleId: rule?.id ?? null, field: 'filter.notEnrolled' };
}

/**
 * Narrows a query whose alias `alias` has the column `key` to the keys (persons, or households)
 * of the rows of `runId` the request names: one uncorrelated set along the run/rule/gap index.
 */
export function whereInGap<T extends object>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  runId: string,
  request: Pick<GapRequest, 'gap' | 'ruleId'>,
  key: 'idNumber' | 'householdNumber' = 'idNumber',
): void {
  const rows = qb.subQuery().select(`g.${key}`).from(CoveragePersonRule, 'g').where('g.runId = :gapRunId').andWhere('g.gap = :gapKind');
  if (key === 'householdNumber') rows.andWhere('g.householdNumber IS NOT NULL');
  if (request.ruleId != null) rows.andWhere('g.ruleId = :gapRuleId');
  qb.andWhere(`${alias}.${key} IN ${rows.getQuery()}`, { gapRunId: runId, gapKind: request.gap, ...(request.ruleId != null ? { gapRuleId: request.ruleId } : {}) });
}

type GapCondition<V> = (qb: SelectQueryBuilder<Person>, value: V, asOf: LocalDate, filter: GapFilterFields) => void | Promise<void>;

/** The persons of the rows the filter asks for, in the newest completed pass for `asOf`. */
async function narrowToGap(qb: SelectQueryBuilder<Person>, asOf: LocalDate, filter: GapFilterFields): Promise<void> {
  const request = gapRequestOf(filter);
  if (!request) return;
  const run = await gapRunFor(qb.connection.manager, asOf, request.field);
  whereInGap(qb, 'person', run.id, request);
}

/**
 * The `persons` filter fields the coverage module answers. `eligibleFor` only checks itself (the
 * rule is known, `notEnrolled: true` is given); `notEnrolled` and `enrolledNotEligibleFor` each
 * narrow, to the rows of their kind in the newest completed pass for the filter's `asOf`.
 */
export const GAP_PERSON_FILTERS: {
  eligibleFor: GapCondition<string>;
  notEnrolled: GapCondition<boolean>;
  enrolledNotEligibleFor: GapCondition<string>;
} = {
  eligibleFor(_qb, _ruleId, _asOf, filter) {
    gapRequestOf(filter);
  },
  notEnrolled: (qb, _value, asOf, filter) => narrowToGap(qb, asOf, filter),
  enrolledNotEligibleFor: (qb, _ruleId, asOf, filter) => narrowToGap(qb, asOf, filter),
};
