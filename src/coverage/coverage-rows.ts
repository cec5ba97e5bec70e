import type { LocalDate } from '../common/local-date';
import type { SubjectFindings } from '../cross-check/finding-facts';
import { validEnrollmentsIn } from '../eligibility/definitions/validity';
import type { Rule } from '../eligibility/condition';
import { Outcome } from '../eligibility/eligibility.types';
import { evaluate } from '../eligibility/engine';
import { householdReview, tekunReview } from '../eligibility/review-cadence';
import { RULES } from '../eligibility/rules';
import { ParameterReader } from '../policy/parameter-reader';
import { NoValueInForceError, type ParameterStore } from '../policy/parameter-store';
import { CoverageGap, CoverageReviewKind, type CoverageFinding, type CoveragePersonRule, type CoverageReview } from './coverage.entities';

/*
 * The pass's work on one batch, pure: from the facts and findings of its persons to the rows the
 * run stores. Only what matters for coverage becomes a row (docs/coverage.md).
 */

/** The rules that exist on `asOf`: every parameter they declare is in force then. */
export function rulesInForce(store: ParameterStore, asOf: LocalDate, rules: readonly Rule[] = RULES): Rule[] {
  return rules.filter((rule) => {
    try {
      for (const name of rule.parameters) store.valueOn(name, asOf);
      return true;
    } catch (error) {
      if (error instanceof NoValueInForceError) return false;
      throw error;
    }
  });
}

export interface CoverageRows {
  personRules: CoveragePersonRule[];
  findings: CoverageFinding[];
  reviews: CoverageReview[];
}

/**
 * The rows of one batch. `householdsSeen` carries the households already judged for their review
 * across the batches of a run: a household is reached through each of its members, and judged once.
 */
export function coverageRowsOf(
  runId: string,
  asOf: LocalDate,
  store: ParameterStore,
  rules: readonly Rule[],
  subjects: ReadonlyMap<string, SubjectFindings>,
  householdsSeen: Set<string>,
): CoverageRows {
  const params = new ParameterReader(store, asOf);
  const out: CoverageRows = { personRules: [], findings: [], reviews: [] };
  for (const [idNumber, { facts, findings }] of subjects) {
    const person = facts.person;
    // The pass reads persons civil affairs holds: they always have a registered district.
    if (!person.known || person.registeredDistrict == null) continue;
    const where = { registeredDistrict: person.registeredDistrict, residenceDistrict: person.residenceDistrict };
    const household = facts.household;
    const enrollments = [...person.personalEnrollments, ...(household?.enrollments ?? [])];
    const subject = { ...facts, asOf };
    for (const rule of rules) {
      let outcome: Outcome;
      try {
        outcome = evaluate(rule, { kind: 'person', facts: subject }, store, asOf).outcome;
      } catch (error) {
        if (error instanceof NoValueInForceError) continue;
        throw error;
      }
      const enrolled = validEnrollmentsIn(enrollments, [rule.program], asOf).length > 0;
      const eligible = outcome === Outcome.ELIGIBLE;
      if (eligible === enrolled) continue;
      out.personRules.push({
        runId,
        ruleId: rule.id,
        idNumber,
        gap: eligible ? CoverageGap.ELIGIBLE_NOT_ENROLLED : CoverageGap.ENROLLED_NOT_ELIGIBLE,
        program: rule.program,
        outcome,
        ...where,
        householdNumber: household?.householdNumber ?? null,
      });
    }
    const keys = new Set<string>();
    for (const f of findings) {
      const recordKey = f.recordKey.slice(0, 96);
      const key = `${f.code}\u0000${recordKey}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.findings.push({ runId, idNumber, code: f.code, recordKey, ...where });
    }
    const tekun = tekunReview(person, household, asOf, params);
    if (tekun?.overdue) out.reviews.push({ runId, kind: CoverageReviewKind.TEKUN, subjectKey: idNumber, ...where, dueOn: tekun.nextReviewDue });
    if (household && !householdsSeen.has(household.householdNumber)) {
      householdsSeen.add(household.householdNumber);
      const review = householdReview(household, asOf, params);
      if (review?.overdue) {
        out.reviews.push({
          runId,
          kind: CoverageReviewKind.HOUSEHOLD,
          subjectKey: household.householdNumber,
          registeredDistrict: household.registeredDistrict,
          residenceDistrict: household.residenceDistrict,
          dueOn: review.nextReviewDue,
        });
      }
    }
  }
  return out;
}
