import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import { DEDUCTIONS } from '../definitions/health';
import { ageOn } from '../../common/local-date';
import { condition, type Condition, type HouseholdRule } from '../condition';
import type { HouseholdFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { fen, isBelow, times, yuan } from '../definitions/figures';
import { validCertificates, validIllnesses } from '../definitions/health';
import { assessedIncome, deductionList, PROPERTY_WITHIN_STANDARD_CONDITION, propertyTest } from '../definitions/household';
import { list, msg } from '../messages/message';
import type { LocalDate } from '../../common/local-date';
import type { ParameterReader } from '../../policy/parameter-reader';
import { noHousehold } from './no-household';

const BAND = 'income-in-low-income-band';
const SPECIAL = 'special-circumstance';

/** Tianjin's special circumstances the hub can see: disability, serious illness, or all members 60+. */
function specialCircumstance(household: HouseholdFacts, asOf: LocalDate, params: ParameterReader): Condition {
  // Every member's records are searched (and which member is named depends on the others'), so
  // every member is evidence, whichever path decides.
  const members = household.members.map((m) => evidenceOf.person(m.person));
  for (const m of household.members) {
    const certificate = validCertificates(m.person, asOf)[0];
    if (certificate) {
      return condition(SPECIAL, 'MET', msg('special.certificate', { person: m.person.idNumber, category: certificate.category, grade: certificate.grade }), {
        evidence: [evidenceOf.certificate(certificate), ...members],
      });
    }
    const illness = validIllnesses(m.person, asOf)[0];
    if (illness) {
      return condition(SPECIAL, 'MET', msg('special.illness', { person: m.person.idNumber, tier: illness.tier }), {
        evidence: [evidenceOf.illness(illness), ...members],
      });
    }
  }
  const elderly = params.get(P.tekunElderlyAge);
  const ages = household.members.map((m) => ageOn(m.person.birthDate, asOf));
  if (ages.length > 0 && ages.every((age) => age >= elderly)) {
    return condition(SPECIAL, 'MET', msg('special.elderly', { count: ages.length, elderly, ages: list(ages) }), {
      values: { ages },
      evidence: members,
    });
  }
  return condition(SPECIAL, 'UNKNOWN', msg('special.unknown', { elderly }), {
    values: { ages },
    evidence: members,
    missing: [msg('missing.special-circumstance')],
  });
}

/**
 * `low-income.household` — the low-income household (低收入家庭) that clause 1.1 builds on: assessed
 * per-capita income from S up to (not including) 1.5 S, property within the standard, and a
 * special circumstance. Benefit: 0.30 × S per household per month.
 */
export const lowIncomeHouseholdRule: HouseholdRule = {
  id: 'low-income.household',
  title: 'Low-income household assistance',
  program: Program.LOW_INCOME,
  clause: '1.1',
  unit: AssistanceUnit.HOUSEHOLD,
  subject: 'household',
  conditions: [
    { code: BAND, meaning: "The household's assessed income is at least S × n and below `low-income-ceiling-multiplier` × S × n." },
    PROPERTY_WITHIN_STANDARD_CONDITION,
    {
      code: SPECIAL,
      meaning:
        'A member holds a valid disability certificate or serious-illness certification, or every member is `tekun-elderly-age` or older; otherwise UNKNOWN, as the hub holds no other qualifying circumstance.',
    },
  ],
  parameters: [P.dibaoStandard, P.lowIncomeCeilingMultiplier, P.lowIncomeBenefitShare, P.moneyAssetLimitMonths, P.tekunElderlyAge, ...DEDUCTIONS],
  evaluate(household, asOf, params) {
    if (!household) return { conditions: noHousehold(this.conditions) };
    const n = household.members.length;
    const standardFen = fen(params.get(P.dibaoStandard));
    const multiplier = params.get(P.lowIncomeCeilingMultiplier);
    const income = assessedIncome(household, asOf, params);
    const lowerFen = standardFen * n;
    const upperFen = times(multiplier, standardFen, n);
    const inBand = income.assessedFen >= lowerFen && isBelow(income.assessedFen, multiplier, standardFen, n);
    return {
      conditions: [
        condition(
          BAND,
          inBand ? 'MET' : 'NOT_MET',
          msg('low-income.band', {
            assessed: yuan(income.assessedFen),
            within: msg(inBand ? 'word.within' : 'word.outside'),
            lower: yuan(lowerFen),
            multiplier,
            upper: yuan(upperFen),
            deductionList: deductionList(income),
          }),
          {
            values: { assessedIncome: income.assessedFen / 100, members: n, lower: lowerFen / 100, upper: upperFen / 100 },
            evidence: income.evidence,
          },
        ),
        propertyTest(household, asOf, params),
        specialCircumstance(household, asOf, params),
      ],
      amountFen: () => times(params.get(P.lowIncomeBenefitShare), standardFen),
    };
  },
};
