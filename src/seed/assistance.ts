import { EconomicCheckInput } from '../departments/civil-affairs/civil-affairs.inputs';
import { Program, SituationKind, SupporterStatus, VehicleHolding } from '../departments/civil-affairs/civil-affairs.enums';
import { addDays, addMonths, isValidOn, type LocalDate } from '../common/local-date';
import { isSevere } from './health';
import { dateBetween, members, TARGET_STANDARD, type DraftContext, type DraftHousehold, type DraftPerson } from './model';
import { yuan, type Rng } from './random';
import { householdEnrollment, illnessInputs, personalEnrollment, type EnrollmentTerms, type Population } from './records';
import { unsupported, withoutLabourCapacity } from './support';

/*
 * Civil affairs' assistance records: enrollments, household economic checks and serious-illness
 * certifications. Most eligible households are enrolled; some are not (yet), and some enrollments
 * have ended, so that eligibility decisions and pushes have both kinds of case to show.
 */

const PREFIX: Partial<Record<Program, string>> = {
  [Program.DIBAO]: 'DB',
  [Program.LOW_INCOME]: 'LI',
  [Program.TEKUN]: 'TK',
  [Program.UNSUPPORTED_CHILD]: 'UC',
};

/** Plausible monthly amounts of the programs that define none in the policy, in yuan. */
const TEKUN_ALLOWANCE = yuan(TARGET_STANDARD * 1.5);
const UNSUPPORTED_CHILD_ALLOWANCE = 1980;
const LOW_INCOME_BENEFIT = yuan(TARGET_STANDARD * 0.3);

export function draftAssistance(ctx: DraftContext, household: DraftHousehold, out: Population): void {
  const { rng, asOf, counters } = ctx;
  const listed = members(household);
  const enrollments = out.civilAffairs.enrollments;
  const terms = (program: Program, startDate: LocalDate, endDate: LocalDate | null, monthlyAmount: number): EnrollmentTerms => ({
    enrollmentNumber: counters.key(`${PREFIX[program]}${household.registeredDistrict}`),
    program,
    startDate,
    endDate,
    monthlyAmount: yuan(Math.max(0, monthlyAmount)),
  });
  const before = enrollments.length;

  if (!household.migrant) {
    const tekun = enrollTekun(ctx, household, listed, (p, start) =>
      enrollments.push(personalEnrollment(p, terms(Program.TEKUN, start, null, TEKUN_ALLOWANCE))),
    );
    const income = listed.reduce((sum, p) => sum + p.monthlyIncome, 0);
    const dibao = TARGET_STANDARD * listed.length - income;
    if (household.economicClass === 'DIBAO' && tekun.size < listed.length) {
      const period = enrollmentPeriod(rng, asOf, 0.85, 0.5, 2200);
      if (period) enrollments.push(householdEnrollment(household, terms(Program.DIBAO, period[0], period[1], dibao)));
    } else if (household.economicClass === 'LOW_INCOME') {
      const period = enrollmentPeriod(rng, asOf, 0.8, 0.3, 1800);
      if (period)
        enrollments.push(householdEnrollment(household, terms(Program.LOW_INCOME, period[0], period[1], LOW_INCOME_BENEFIT)));
      if (period && period[1] === null) {
        // Rule 1.1: the severely disabled or seriously ill member becomes a single-person dibao case.
        for (const p of listed.filter((m) => severeOrIll(m, asOf) && !tekun.has(m))) {
          if (!rng.chance(0.55)) continue;
          const start = dateBetween(rng, period[0] > addDays(asOf, -700) ? period[0] : addDays(asOf, -700), asOf);
          enrollments.push(personalEnrollment(p, terms(Program.DIBAO, start, null, TARGET_STANDARD - p.monthlyIncome)));
        }
      }
    } else if (household.economicClass === 'ORDINARY' && rng.chance(0.006)) {
      // Income rose: an enrollment that has ended.
      const program = rng.chance(0.6) ? Program.DIBAO : Program.LOW_INCOME;
      const period = enrollmentPeriod(rng, asOf, 0, 1, 2500) as [LocalDate, LocalDate];
      const amount = program === Program.DIBAO ? rng.int(200, 1500) : LOW_INCOME_BENEFIT;
      enrollments.push(householdEnrollment(household, terms(program, period[0], period[1], amount)));
    }
    enrollUnsupportedChildren(ctx, household, listed, (p, start, end) =>
      enrollments.push(personalEnrollment(p, terms(Program.UNSUPPORTED_CHILD, start, end, UNSUPPORTED_CHILD_ALLOWANCE))),
    );
  }

  const enrolled = enrollments.length > before;
  if (enrolled || rng.chance(household.economicClass === 'ORDINARY' ? 0.2 : 0.7)) {
    out.civilAffairs.economicChecks.push(...economicChecks(rng, asOf, household, listed));
  }
  for (const p of household.persons) {
    out.civilAffairs.seriousIllnessCertifications.push(
      ...illnessInputs(p, () => counters.key(`SI${household.registeredDistrict}`)),
    );
  }
}

/**
 * [start, end] of an enrollment: current with probability `current`, otherwise ended with
 * probability `ended`, otherwise none (eligible but not enrolled).
 */
function enrollmentPeriod(
  rng: Rng,
  asOf: LocalDate,
  current: number,
  ended: number,
  maxDaysAgo: number,
): [LocalDate, LocalDate | null] | null {
  if (rng.chance(current)) return [addDays(asOf, -rng.int(30, maxDaysAgo)), null];
  if (!rng.chance(ended)) return null;
  const start = addDays(asOf, -rng.int(400, maxDaysAgo + 800));
  return [start, dateBetween(rng, addDays(start, 180), addDays(asOf, -1))];
}

function severeOrIll(p: DraftPerson, asOf: LocalDate): boolean {
  return (
    p.certificates.some((c) => isSevere(c, asOf)) ||
    p.illnesses.some((i) => i.tier >= 1000 && isValidOn(i.validFrom, i.validUntil, asOf))
  );
}

/** Enrolls extreme-poverty (特困) persons among the members, and returns them. */
function enrollTekun(
  ctx: DraftContext,
  household: DraftHousehold,
  listed: DraftPerson[],
  enroll: (p: DraftPerson, start: LocalDate) => void,
): Set<DraftPerson> {
  const { rng, asOf } = ctx;
  const enrolled = new Set<DraftPerson>();
  if (household.economicClass === 'ORDINARY') return enrolled;
  for (const p of listed) {
    const noSupporter = p.supporterStatus === SupporterStatus.NONE || p.supporterStatus === SupporterStatus.UNABLE;
    if (noSupporter && withoutLabourCapacity(p, asOf) && p.monthlyIncome < TARGET_STANDARD && rng.chance(0.35)) {
      enroll(p, addDays(asOf, -rng.int(30, 2500)));
      enrolled.add(p);
    }
  }
  return enrolled;
}

function enrollUnsupportedChildren(
  ctx: DraftContext,
  household: DraftHousehold,
  listed: DraftPerson[],
  enroll: (p: DraftPerson, start: LocalDate, end: LocalDate | null) => void,
): void {
  const { rng, asOf } = ctx;
  for (const child of listed.filter((p) => p.age < 18)) {
    if (unsupported(household, child, asOf)) {
      if (rng.chance(0.4)) enroll(child, addDays(asOf, -rng.int(10, 150)), null);
      continue;
    }
    // A parent released from prison supports the child again: the enrollment ended on release.
    const father = household.persons.find((p) => p.idNumber === child.fatherId);
    const released = father?.situations.find((s) => s.kind === SituationKind.IMPRISONED && s.until !== null);
    if (released?.until && rng.chance(0.5)) {
      const start = addMonths(released.since, 6);
      enroll(child, start < released.until ? start : released.until, released.until);
    }
  }
}

function economicChecks(rng: Rng, asOf: LocalDate, household: DraftHousehold, listed: DraftPerson[]): EconomicCheckInput[] {
  const poor = household.economicClass !== 'ORDINARY';
  const n = listed.length;
  const latest = addDays(asOf, -rng.int(1, 540));
  const dates = latest < addDays(asOf, -300) || !rng.chance(0.25) ? [latest] : [addDays(asOf, -rng.int(300, 540)), latest];
  const disabled = listed.some((p) => p.certificates.length > 0);
  return dates.map((checkedOn) => {
    const moneyLimit = TARGET_STANDARD * 24 * n;
    const moneyAssets = poor
      ? yuan(rng.chance(0.88) ? rng.real(0, 0.8) * moneyLimit : rng.real(1.05, 3) * moneyLimit)
      : yuan(20_000 + 800_000 * Math.pow(rng.next(), 3));
    const vehicle = poor
      ? rng.weighted([
          [VehicleHolding.NONE, 90],
          [VehicleHolding.DISABILITY_VEHICLE_ONLY, disabled ? 30 : 3],
          [VehicleHolding.OTHER_VEHICLE, 4],
        ] as const)
      : rng.weighted([
          [VehicleHolding.NONE, 43],
          [VehicleHolding.DISABILITY_VEHICLE_ONLY, disabled ? 8 : 1],
          [VehicleHolding.OTHER_VEHICLE, 55],
        ] as const);
    return Object.assign(new EconomicCheckInput(), {
      householdNumber: household.householdNumber,
      checkedOn,
      moneyAssets,
      otherPropertyValue: poor ? (rng.chance(0.3) ? 0 : yuan(rng.real(0, 60_000))) : yuan(2_000_000 * Math.pow(rng.next(), 2)),
      vehicle,
      homes: poor
        ? rng.weighted([
            [0, 25],
            [1, 72],
            [2, 3],
          ] as const)
        : rng.weighted([
            [0, 12],
            [1, 65],
            [2, 23],
          ] as const),
      nonResidentialProperty: rng.chance(poor ? 0.01 : 0.05),
      incomeStable: rng.chance(poor ? 0.45 : 0.85),
    });
  });
}
