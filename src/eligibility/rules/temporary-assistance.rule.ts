import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { isTianjinDistrict } from '../../identity/districts';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { isValidOn, monthOf } from '../../common/local-date';
import { condition, met, type Condition, type PersonRule } from '../condition';
import type { SubjectFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { fen } from '../definitions/figures';
import { PROPERTY_WITHIN_STANDARD_CONDITION, propertyTest } from '../definitions/household';
import { validEnrollmentsIn } from '../definitions/validity';
import { list, msg } from '../messages/message';

const RESIDENCE = 'tianjin-registration-or-residence-permit';
const NOT_ASSISTED = 'not-on-dibao-or-low-income';
const NO_INCOME = 'no-income-3-months';
const NOT_INSURED = 'not-unemployment-insured';
const REGISTERED = 'registered-unemployed';

function residenceCondition({ person, asOf }: SubjectFacts): Condition {
  if (isTianjinDistrict(person.registeredDistrict)) {
    return condition(RESIDENCE, 'MET', msg('residence.registered', { district: String(person.registeredDistrict) }), { evidence: [evidenceOf.person(person, { registeredDistrict: person.registeredDistrict })] });
  }
  const permit = person.residencePermitValidFrom != null && isValidOn(person.residencePermitValidFrom, person.residencePermitValidUntil, asOf);
  const evidence = [evidenceOf.person(person, { registeredDistrict: person.registeredDistrict, residencePermitValidFrom: person.residencePermitValidFrom, residencePermitValidUntil: person.residencePermitValidUntil })];
  return condition(
    RESIDENCE,
    met(permit),
    msg(permit ? 'residence.permit' : 'residence.no-permit', { district: String(person.registeredDistrict), asOf }),
    { evidence },
  );
}

function notAssistedCondition({ person, household, asOf }: SubjectFacts): Condition {
  const enrollments = [...person.personalEnrollments, ...(household?.enrollments ?? [])];
  const valid = validEnrollmentsIn(enrollments, [Program.DIBAO, Program.LOW_INCOME], asOf);
  return condition(
    NOT_ASSISTED,
    met(valid.length === 0),
    valid.length
      ? msg('assisted.on', {
          enrollments: list(
            valid.map((e) =>
              // Only dibao and low-income enrollments are valid here (validEnrollmentsIn above).
              msg('assisted.enrollment', { program: msg(`program.${e.program as 'DIBAO' | 'LOW_INCOME'}`), unit: msg(`unit.${e.unit}`), enrollment: e.enrollmentNumber }),
            ),
          ),
          asOf,
        })
      : msg('assisted.none', { asOf }),
    // The household record too, when there is one: "none valid" is also a fact about the household.
    { evidence: [...(household ? [evidenceOf.household(household)] : []), ...valid.map(evidenceOf.enrollment)] },
  );
}

function hasAnyHumanResourcesRecord({ humanResources: hr }: SubjectFacts): boolean {
  return hr.unemploymentRegistrations.length + hr.insuranceEnrollments.length + hr.incomeMonths.length > 0;
}

/** The N full calendar months before the month of `asOf`, each without income above 0. */
function noIncomeCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const count = params.get(P.monthsWithoutIncome);
  const months = Array.from({ length: count }, (_, i) => monthOf(facts.asOf, -(count - i)));
  if (!hasAnyHumanResourcesRecord(facts)) {
    return condition(NO_INCOME, 'UNKNOWN', msg('no-income.no-record', { months: list(months) }), {
      values: { months },
      missing: [msg('missing.hr-record')],
    });
  }
  const earning = facts.humanResources.incomeMonths.filter((i) => months.includes(i.month) && fen(i.amount) > 0);
  return condition(
    NO_INCOME,
    met(earning.length === 0),
    earning.length
      ? msg('no-income.earning', { months: list(earning.map((i) => msg('no-income.month', { month: i.month, amount: i.amount }))) })
      : msg('no-income.none', { months: list(months) }),
    {
      values: { months },
      evidence: facts.humanResources.incomeMonths.filter((i) => months.includes(i.month)).map(evidenceOf.incomeMonth),
    },
  );
}

function notInsuredCondition({ humanResources, asOf }: SubjectFacts): Condition {
  const valid = humanResources.insuranceEnrollments.filter((e) => isValidOn(e.startDate, e.endDate, asOf));
  return condition(
    NOT_INSURED,
    met(valid.length === 0),
    valid.length ? msg('insured.since', { since: valid[0].startDate }) : msg('insured.none', { asOf }),
    { evidence: (valid.length ? valid : humanResources.insuranceEnrollments).map(evidenceOf.insurance) },
  );
}

function registeredCondition({ humanResources, asOf }: SubjectFacts): Condition {
  const valid = humanResources.unemploymentRegistrations.filter((r) => isValidOn(r.startDate, r.endDate, asOf));
  return condition(
    REGISTERED,
    met(valid.length > 0),
    valid.length
      ? msg('registered.since', { since: valid[0].startDate, registration: valid[0].registrationNumber })
      : msg('registered.none', { asOf }),
    { evidence: (valid.length ? valid : humanResources.unemploymentRegistrations).map(evidenceOf.registration) },
  );
}

/**
 * `temporary-assistance.uninsured-unemployed` — clause 2: registered unemployed people without
 * unemployment insurance, not on dibao or low-income assistance, with three months without income
 * and property within the standard get 500 yuan at once; more after an economic check, up to 3 S.
 */
export const temporaryAssistanceRule: PersonRule = {
  id: 'temporary-assistance.uninsured-unemployed',
  title: 'Temporary assistance for uninsured registered unemployed people',
  program: Program.TEMPORARY_ASSISTANCE,
  clause: '2',
  unit: AssistanceUnit.SINGLE_PERSON,
  subject: 'person',
  conditions: [
    { code: RESIDENCE, meaning: 'The person is registered (户籍) in a Tianjin district or holds a Tianjin residence permit valid on asOf.' },
    { code: NOT_ASSISTED, meaning: 'Neither the person nor their household has a DIBAO or LOW_INCOME enrollment valid on asOf.' },
    {
      code: NO_INCOME,
      meaning:
        'Human resources record no income above 0 in any of the `months-without-income` full calendar months before the month of asOf; UNKNOWN when they hold no record of the person at all.',
    },
    PROPERTY_WITHIN_STANDARD_CONDITION,
    { code: NOT_INSURED, meaning: 'The person has no unemployment-insurance enrollment valid on asOf.' },
    { code: REGISTERED, meaning: 'The person has an unemployment registration valid on asOf.' },
  ],
  parameters: [P.monthsWithoutIncome, P.emergencyPayment, P.temporaryAssistanceCapMultiplier, P.dibaoStandard, P.moneyAssetLimitMonths],
  evaluate(facts, params) {
    // Read now so that every decision lists the cap it is subject to.
    params.get(P.temporaryAssistanceCapMultiplier);
    return {
      conditions: [
        residenceCondition(facts),
        notAssistedCondition(facts),
        noIncomeCondition(facts, params),
        propertyTest(facts.household, facts.asOf, params),
        notInsuredCondition(facts),
        registeredCondition(facts),
      ],
      amountFen: () => fen(params.get(P.emergencyPayment)),
      effects: ['EMERGENCY_PAYMENT_ONCE', 'FURTHER_ASSISTANCE_AFTER_ECONOMIC_CHECK_UP_TO_CAP', 'APPLY_IN_REGISTERED_OR_RESIDENCE_DISTRICT'],
    };
  },
};
