import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import { DEDUCTIONS } from '../definitions/health';
import { condition, type HouseholdRule } from '../condition';
import { fen, yuan } from '../definitions/figures';
import { assessedIncome, deductionList, PROPERTY_WITHIN_STANDARD_CONDITION, propertyTest } from '../definitions/household';
import { msg } from '../messages/message';
import { noHousehold } from './no-household';

const INCOME = 'assessed-income-below-standard';

/**
 * `dibao.household` — clause 1.3 and the differential principle (差额救助): a household whose
 * assessed per-capita income is below the dibao standard and whose property is within the
 * standard gets the difference between S × n and its assessed income.
 */
export const dibaoHouseholdRule: HouseholdRule = {
  id: 'dibao.household',
  title: 'Minimum living guarantee for a household',
  program: Program.DIBAO,
  clause: '1.3',
  unit: AssistanceUnit.HOUSEHOLD,
  subject: 'household',
  conditions: [
    {
      code: INCOME,
      meaning: "The household's assessed income (the members' monthly incomes minus their categorical deductions, never below 0) is below S × n.",
    },
    PROPERTY_WITHIN_STANDARD_CONDITION,
  ],
  parameters: [P.dibaoStandard, P.moneyAssetLimitMonths, ...DEDUCTIONS],
  evaluate(household, asOf, params) {
    if (!household) return { conditions: noHousehold(this.conditions) };
    const n = household.members.length;
    const standardFen = fen(params.get(P.dibaoStandard));
    const thresholdFen = standardFen * n;
    const income = assessedIncome(household, asOf, params);
    const below = income.assessedFen < thresholdFen;
    const explanation = msg('dibao.income', {
      assessed: yuan(income.assessedFen),
      income: yuan(income.incomeFen),
      deductions: yuan(income.deductionsFen),
      below: msg(below ? 'word.below' : 'word.not-below'),
      standard: yuan(standardFen),
      members: n,
      threshold: yuan(thresholdFen),
      deductionList: deductionList(income),
    });
    return {
      conditions: [
        condition(INCOME, below ? 'MET' : 'NOT_MET', explanation, {
          values: {
            householdIncome: income.incomeFen / 100,
            deductions: income.deductionsFen / 100,
            assessedIncome: income.assessedFen / 100,
            members: n,
            threshold: thresholdFen / 100,
          },
          evidence: income.evidence,
        }),
        propertyTest(household, asOf, params),
      ],
      amountFen: () => Math.max(0, thresholdFen - income.assessedFen),
    };
  },
};
