import { AssistanceUnit, Program } from '../departments/civil-affairs/civil-affairs.enums';
import { P } from '../policy/parameter-names';
import type { ParameterReader } from '../policy/parameter-reader';
import { NoValueInForceError } from '../policy/parameter-store';
import { addMonths, ageOn, type LocalDate } from '../common/local-date';
import type { HouseholdFacts, PersonFacts } from './facts';
import { severeDisability } from './definitions/health';
import { latestCheck } from './definitions/household';
import { validEnrollmentsIn } from './definitions/validity';

export interface ReviewSchedule {
  nextReviewDue: LocalDate;
  overdue: boolean;
  intervalMonths: number;
}

function isEnrolledMember(person: PersonFacts, asOf: LocalDate): boolean {
  return validEnrollmentsIn(person.personalEnrollments, [Program.DIBAO, Program.TEKUN], asOf).some(
    (e) => e.unit === AssistanceUnit.SINGLE_PERSON,
  );
}

/** Every parameter the cadence may read: like a rule, it exists only on dates when all are in force. */
export const REVIEW_PARAMETERS = [P.reviewIntervalMonths, P.reviewIntervalUnstableMonths, P.adultAge, P.tekunElderlyAge] as const;

/**
 * Before the review intervals take effect (clause 5, 2020-07-01) nobody has a review date, whatever
 * their enrollments and checks: the answer is null, not an error about a missing parameter.
 */
function cadenceInForce(params: ParameterReader): boolean {
  try {
    for (const name of REVIEW_PARAMETERS) params.get(name);
    return true;
  } catch (error) {
    if (error instanceof NoValueInForceError) return false;
    throw error;
  }
}

function schedule(checkedOn: LocalDate, intervalMonths: number, asOf: LocalDate): ReviewSchedule {
  const nextReviewDue = addMonths(checkedOn, intervalMonths);
  return { nextReviewDue, intervalMonths, overdue: nextReviewDue < asOf };
}

/**
 * Clause 5: a dibao or low-income household is reviewed a year after its latest economic check,
 * half a year when it is on dibao with unstable income and a member able to work (18–59, not
 * severely disabled). No enrollment to review, no check to count from, or a date before the
 * intervals are in force: no review date.
 */
export function householdReview(household: HouseholdFacts | null, asOf: LocalDate, params: ParameterReader): ReviewSchedule | null {
  if (!household || !cadenceInForce(params)) return null;
  const householdEnrollments = validEnrollmentsIn(household.enrollments, [Program.DIBAO, Program.LOW_INCOME], asOf);
  const enrolled = householdEnrollments.length > 0 || household.members.some((m) => isEnrolledMember(m.person, asOf));
  const check = latestCheck(household, asOf);
  if (!enrolled || !check) return null;
  const onDibao = householdEnrollments.some((e) => e.program === Program.DIBAO);
  const adult = params.get(P.adultAge);
  const elderly = params.get(P.tekunElderlyAge);
  const ableToWork = household.members.some((m) => {
    const age = ageOn(m.person.birthDate, asOf);
    return age >= adult && age < elderly && !severeDisability(m.person, asOf);
  });
  const shortened = onDibao && !check.incomeStable && ableToWork;
  return schedule(check.checkedOn, params.get(shortened ? P.reviewIntervalUnstableMonths : P.reviewIntervalMonths), asOf);
}

/** A 特困 person is reviewed a year after their household's latest economic check (none before the intervals are in force). */
export function tekunReview(person: PersonFacts, household: HouseholdFacts | null, asOf: LocalDate, params: ParameterReader): ReviewSchedule | null {
  if (validEnrollmentsIn(person.personalEnrollments, [Program.TEKUN], asOf).length === 0 || !household || !cadenceInForce(params)) return null;
  const check = latestCheck(household, asOf);
  return check ? schedule(check.checkedOn, params.get(P.reviewIntervalMonths), asOf) : null;
}
