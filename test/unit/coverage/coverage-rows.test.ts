import path from 'node:path';
import { AssistanceUnit } from '../../../src/departments/civil-affairs/civil-affairs.enums';
import type { AssistanceEnrollment } from '../../../src/departments/civil-affairs/assistance-enrollment.entity';
import { coverageRowsOf, rulesInForce } from '../../../src/coverage/coverage-rows';
import { CoverageGap, CoverageReviewKind } from '../../../src/coverage/coverage.entities';
import { validEnrollmentsIn } from '../../../src/eligibility/definitions/validity';
import type { SubjectFacts } from '../../../src/eligibility/facts';
import { RULES } from '../../../src/eligibility/rules';
import { ParameterStore } from '../../../src/policy/parameter-store';
import { caseFacts, loadCaseSuites } from '../eligibility/case-facts';

/*
 * The pass's rows from the rule cases (test/cases/): a gap exactly when a case is ELIGIBLE and
 * nobody holds a valid enrollment in the rule's program; a lapse exactly when one is held and the
 * case is not ELIGIBLE; nothing otherwise. Every case is tried as it is and with an enrollment added.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
const RUN = 'run-1';

const subjectsOf = (facts: SubjectFacts) => new Map([[facts.person.idNumber, { facts, findings: [] }]]);

function withEnrollment(facts: SubjectFacts, program: AssistanceEnrollment['program']): SubjectFacts {
  const enrollment: AssistanceEnrollment = {
    enrollmentNumber: 'E-added', program, unit: AssistanceUnit.SINGLE_PERSON, householdNumber: null, idNumber: facts.person.idNumber,
    startDate: '1990-01-01', endDate: null, monthlyAmount: 100,
  };
  const person = { ...facts.person, personalEnrollments: [...facts.person.personalEnrollments, enrollment] };
  return { ...facts, person };
}

describe('coverage rows of one person', () => {
  const suites = loadCaseSuites();

  test.each(suites.map((s) => [s.rule, s] as const))('every %s case: a row exactly when eligibility and enrollment disagree', (_name, suite) => {
    const rule = RULES.find((r) => r.id === suite.rule);
    expect(rule).toBeDefined();
    let gaps = 0;
    let lapses = 0;
    for (const c of suite.cases) {
      const { facts } = caseFacts(c);
      if (!facts.person.known) continue;
      for (const variant of [facts, withEnrollment(facts, rule!.program)]) {
        const { asOf, ...gathered } = variant;
        const rows = coverageRowsOf(RUN, asOf, store, [rule!], subjectsOf({ ...gathered, asOf } as SubjectFacts) as never, new Set());
        const enrollments = [...variant.person.personalEnrollments, ...(variant.household?.enrollments ?? [])];
        const enrolled = validEnrollmentsIn(enrollments, [rule!.program], asOf).length > 0;
        const eligible = c.expect.outcome === 'ELIGIBLE';
        const expected = eligible === enrolled ? [] : [eligible ? CoverageGap.ELIGIBLE_NOT_ENROLLED : CoverageGap.ENROLLED_NOT_ELIGIBLE];
        expect({ name: c.name, gaps: rows.personRules.map((r) => r.gap) }).toEqual({ name: c.name, gaps: expected });
        for (const row of rows.personRules) {
          expect(row).toMatchObject({ runId: RUN, ruleId: rule!.id, idNumber: variant.person.idNumber, program: rule!.program, outcome: c.expect.outcome });
          expect(row.registeredDistrict).toBe(variant.person.registeredDistrict);
          if (row.gap === CoverageGap.ELIGIBLE_NOT_ENROLLED) gaps++;
          else lapses++;
        }
      }
    }
    // Each suite has eligible cases (gaps as they are) and ineligible ones (lapses once enrolled).
    expect(gaps).toBeGreaterThan(0);
    expect(lapses).toBeGreaterThan(0);
  });

  test('a household is judged for its review once however many batches reach it', () => {
    const suite = loadCaseSuites().find((s) => s.rule === 'dibao.household')!;
    const withHousehold = suite.cases.map((c) => caseFacts(c).facts).filter((f) => f.household && f.household.economicChecks.length > 0);
    expect(withHousehold.length).toBeGreaterThan(0);
    const facts = withHousehold[0];
    // Enrolled as a household, checked long before: overdue by any interval.
    const household = {
      ...facts.household!,
      enrollments: [{ enrollmentNumber: 'E-h', program: 'DIBAO', unit: AssistanceUnit.HOUSEHOLD, householdNumber: facts.household!.householdNumber, idNumber: null, startDate: '2019-01-01', endDate: null, monthlyAmount: 1 } as AssistanceEnrollment],
    };
    const asOf = '2024-06-01';
    const subject = { ...facts, household, asOf };
    const seen = new Set<string>();
    const first = coverageRowsOf(RUN, asOf, store, [], subjectsOf(subject as SubjectFacts) as never, seen);
    const again = coverageRowsOf(RUN, asOf, store, [], subjectsOf(subject as SubjectFacts) as never, seen);
    expect(first.reviews).toEqual([expect.objectContaining({ kind: CoverageReviewKind.HOUSEHOLD, subjectKey: household.householdNumber })]);
    expect(first.reviews[0].dueOn < asOf).toBe(true);
    expect(again.reviews).toEqual([]);
  });

  test('rules exist on a date only when all their parameters are in force', () => {
    expect(rulesInForce(store, '1990-01-01')).toEqual([]);
    expect(rulesInForce(store, '2025-10-15').map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  });
});
