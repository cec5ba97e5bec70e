import type { AssistanceEnrollment } from '../../departments/civil-affairs/assistance-enrollment.entity';
import type { EconomicCheck } from '../../departments/civil-affairs/economic-check.entity';
import { AssistanceUnit, Program, VehicleHolding } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import type { LocalDate } from '../../common/local-date';
import { condition, type Condition, type DeclaredCondition } from '../condition';
import type { Evidence } from '../eligibility.types';
import type { HouseholdFacts, PersonFacts } from '../facts';
import { clauses, msg, type Message } from '../messages/message';
import { categoricalDeduction } from './health';
import { evidenceOf } from './evidence';
import { fen, times, yuan } from './figures';
import { validEnrollmentsIn } from './validity';

const PROPERTY_WITHIN_STANDARD = 'property-within-standard';

/** The property test as a condition of the rules that state it (dibao, low income, temporary assistance). */
export const PROPERTY_WITHIN_STANDARD_CONDITION: DeclaredCondition = {
  code: PROPERTY_WITHIN_STANDARD,
  meaning:
    "The household's latest economic check on or before asOf shows money assets of at most `money-asset-limit-months` × S × n, no vehicle but a disability vehicle, fewer than 2 homes and no non-residential property.",
};

/** The sum of the members' monthly incomes as recorded on the household, in fen. */
export function householdIncomeFen(household: HouseholdFacts): number {
  return household.members.reduce((sum, m) => sum + fen(m.monthlyIncome), 0);
}

export function memberEvidence(household: HouseholdFacts): Evidence[] {
  return household.members.map((m) => evidenceOf.member(household.householdNumber, m));
}

function singlePersonDibao(person: PersonFacts, asOf: LocalDate): AssistanceEnrollment | undefined {
  return validEnrollmentsIn(person.personalEnrollments, [Program.DIBAO], asOf).find((e) => e.unit === AssistanceUnit.SINGLE_PERSON);
}

export interface AssessedIncome {
  incomeFen: number;
  deductionsFen: number;
  assessedFen: number;
  lines: Message[];
  evidence: Evidence[];
}

/**
 * Household income minus the categorical deductions of members who are not themselves
 * single-person dibao cases, never below 0 (docs/readings.md, "Assessed income").
 */
export function assessedIncome(household: HouseholdFacts, asOf: LocalDate, params: ParameterReader): AssessedIncome {
  const incomeFen = householdIncomeFen(household);
  let deductionsFen = 0;
  const lines: Message[] = [];
  const evidence = memberEvidence(household);
  for (const member of household.members) {
    const deduction = categoricalDeduction(member.person, asOf, params);
    if (!deduction) continue;
    const ownDibao = singlePersonDibao(member.person, asOf);
    if (ownDibao) {
      lines.push(msg('deduction.own-dibao', { person: member.person.idNumber, reason: deduction.reason }));
      evidence.push(deduction.evidence, evidenceOf.enrollment(ownDibao));
      continue;
    }
    deductionsFen += deduction.fen;
    lines.push(msg('deduction.applied', { person: member.person.idNumber, amount: yuan(deduction.fen), reason: deduction.reason }));
    evidence.push(deduction.evidence);
  }
  return { incomeFen, deductionsFen, assessedFen: Math.max(0, incomeFen - deductionsFen), lines, evidence };
}

/** The members' deductions as the tail of an income explanation. */
export function deductionList(income: AssessedIncome): Message {
  return income.lines.length ? msg('deductions.listed', { lines: clauses(income.lines) }) : msg('deductions.none');
}

/** A household without an economic check on or before `asOf`: the property cannot be judged. */
export function noCheckCondition(code: string, household: HouseholdFacts, asOf: LocalDate): Condition {
  return condition(code, 'UNKNOWN', msg('check.none', { household: household.householdNumber, asOf }), {
    evidence: [evidenceOf.household(household)],
    missing: [msg('missing.economic-check', { household: household.householdNumber })],
  });
}

/** The latest economic check on or before `asOf`: a later one did not exist yet on that date. */
export function latestCheck(household: HouseholdFacts, asOf: LocalDate): EconomicCheck | undefined {
  return household.economicChecks
    .filter((c) => c.checkedOn <= asOf)
    .reduce<EconomicCheck | undefined>((latest, c) => (latest == null || c.checkedOn > latest.checkedOn ? c : latest), undefined);
}

/**
 * The property test (财产标准): money assets ≤ 24 × S × n, no vehicle but a disability vehicle,
 * fewer than 2 homes, no non-residential property.
 */
export function propertyTest(household: HouseholdFacts | null, asOf: LocalDate, params: ParameterReader): Condition {
  if (!household) {
    return condition(PROPERTY_WITHIN_STANDARD, 'UNKNOWN', msg('property.no-household'), { missing: [msg('missing.household-record')] });
  }
  const check = latestCheck(household, asOf);
  if (!check) return noCheckCondition(PROPERTY_WITHIN_STANDARD, household, asOf);
  const n = household.members.length;
  const standardFen = fen(params.get(P.dibaoStandard));
  const limitFen = times(params.get(P.moneyAssetLimitMonths), standardFen, n);
  const money = yuan(fen(check.moneyAssets));
  const failures: Message[] = [];
  if (fen(check.moneyAssets) > limitFen) failures.push(msg('property.money-exceeds', { money, limit: yuan(limitFen) }));
  if (check.vehicle === VehicleHolding.OTHER_VEHICLE) failures.push(msg('property.other-vehicle'));
  if (check.homes >= 2) failures.push(msg('property.homes', { homes: check.homes }));
  if (check.nonResidentialProperty) failures.push(msg('property.non-residential'));
  const explanation = failures.length
    ? msg('property.failed', { checkedOn: check.checkedOn, failures: clauses(failures) })
    : msg('property.within', {
        checkedOn: check.checkedOn,
        money,
        limit: yuan(limitFen),
        months: params.get(P.moneyAssetLimitMonths),
        standard: yuan(standardFen),
        members: n,
        homes: check.homes,
      });
  return condition(PROPERTY_WITHIN_STANDARD, failures.length ? 'NOT_MET' : 'MET', explanation, {
    values: { moneyAssets: check.moneyAssets, moneyAssetLimit: limitFen / 100, members: n, homes: check.homes, vehicle: check.vehicle },
    evidence: [evidenceOf.economicCheck(check)],
  });
}
