import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { ageOn } from '../../shared/local-date';
import { allOf, anyOf, condition, met, type Condition, type PersonRule } from '../condition';
import type { ConditionOutcome } from '../eligibility.types';
import type { PersonFacts, SubjectFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { fen, isBelow, times, yuan } from '../definitions/figures';
import { CATEGORY_DIGIT } from '../../departments/disability/disability.enums';
import { validCertificates } from '../definitions/health';
import { householdIncomeFen, latestCheck, memberEvidence } from '../definitions/household';
import { deceasedRecord } from '../definitions/parents';
import { noHouseholdCondition } from './no-household';
import { singlePersonDibaoAmount } from './own-income';

const ADULT = 'adult';
const DISABILITY = 'intellectual-or-mental-grade-1-2';
const PARENTS = 'parents-aged-60';
const INCOME = 'household-income-below-2.5-standard';
const PROPERTY = 'property-below-limit';

function parentsCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const minimum = params.get(P.adultChildParentsMinimumAge);
  const judge = (parent: PersonFacts | null, label: string) => {
    if (!parent) return { oldEnough: 'UNKNOWN' as ConditionOutcome, alive: 'UNKNOWN' as ConditionOutcome, text: `${label}: not identified`, evidence: [] };
    const deceased = deceasedRecord(parent, facts.asOf);
    const age = ageOn(parent.birthDate, facts.asOf);
    return {
      // A deceased parent does not stand in the way (docs/readings.md, an ASSUMPTION for clause 1.2).
      oldEnough: met(deceased != null || age >= minimum),
      alive: met(deceased == null),
      text: `${label} ${parent.idNumber}: ${deceased ? `deceased since ${deceased.since}` : `aged ${age}`}`,
      evidence: deceased ? [evidenceOf.situation(deceased)] : [evidenceOf.person(parent, { age })],
    };
  };
  const f = judge(facts.father, 'Father');
  const m = judge(facts.mother, 'mother');
  const outcome = allOf(f.oldEnough, m.oldEnough, anyOf(f.alive, m.alive));
  return condition(
    PARENTS,
    outcome,
    `${f.text}; ${m.text}. Each parent must be ${minimum} or older or deceased, and at least one alive.`,
    {
      values: { minimumAge: minimum },
      evidence: [...f.evidence, ...m.evidence],
      missing: [!facts.father ? "father's ID number (civil affairs)" : null, !facts.mother ? "mother's ID number (civil affairs)" : null].filter(
        (x): x is string => x != null,
      ),
    },
  );
}

function incomeCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const { household } = facts;
  if (!household) return noHouseholdCondition(INCOME);
  const multiplier = params.get(P.adultChildIncomeMultiplier);
  const standardFen = fen(params.get(P.dibaoStandard));
  const n = household.members.length;
  const incomeFen = householdIncomeFen(household);
  const below = isBelow(incomeFen, multiplier, standardFen, n);
  return condition(
    INCOME,
    met(below),
    `Household income ${yuan(incomeFen)} for ${n} member(s) is ${below ? 'below' : 'not below'} ${multiplier} × S × n = ${yuan(times(multiplier, standardFen, n))} (no deductions).`,
    { values: { householdIncome: incomeFen / 100, members: n, threshold: times(multiplier, standardFen, n) / 100 }, evidence: memberEvidence(household) },
  );
}

function propertyCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const { household, asOf } = facts;
  if (!household) return noHouseholdCondition(PROPERTY);
  const check = latestCheck(household, asOf);
  if (!check) {
    return condition(PROPERTY, 'UNKNOWN', `Household ${household.householdNumber} has no economic check dated on or before ${asOf}.`, {
      evidence: [evidenceOf.household(household)],
      missing: [`economic check of household ${household.householdNumber}`],
    });
  }
  const limitFen = fen(params.get(P.adultChildPropertyLimit));
  const valueFen = fen(check.moneyAssets) + fen(check.otherPropertyValue);
  const below = valueFen < limitFen;
  return condition(
    PROPERTY,
    met(below),
    `Property value ${yuan(valueFen)} (money ${yuan(fen(check.moneyAssets))} + other property ${yuan(fen(check.otherPropertyValue))}, check of ${check.checkedOn}) is ${below ? 'below' : 'not below'} ${yuan(limitFen)}.`,
    { values: { propertyValue: valueFen / 100, limit: limitFen / 100 }, evidence: [evidenceOf.economicCheck(check)] },
  );
}

/**
 * `dibao.single-person.adult-disabled-child` — clause 1.2: an adult child with intellectual or
 * mental disability of grade 1–2, whose parents are both 60 or older, in a household below
 * 2.5 × S per capita with property under 300,000 yuan, joins dibao as a single-person unit.
 */
export const adultDisabledChildRule: PersonRule = {
  id: 'dibao.single-person.adult-disabled-child',
  title: 'Single-person dibao for an adult child with severe intellectual or mental disability of elderly parents',
  program: Program.DIBAO,
  clause: '1.2',
  unit: AssistanceUnit.SINGLE_PERSON,
  subject: 'person',
  conditions: [
    { code: ADULT, meaning: 'The person is `adult-age` or older.' },
    { code: DISABILITY, meaning: 'The person holds a valid intellectual (category 5) or mental (category 6) disability certificate of grade 1–2.' },
    { code: PARENTS, meaning: 'Each parent is `adult-disabled-child-parents-minimum-age` or older or deceased, and at least one parent is alive.' },
    { code: INCOME, meaning: "The household's income, without deductions, is below `adult-disabled-child-income-multiplier` × S × n." },
    {
      code: PROPERTY,
      meaning: "Money assets plus other property value in the household's latest economic check on or before asOf are below `adult-disabled-child-property-limit`.",
    },
  ],
  parameters: [P.adultAge, P.adultChildParentsMinimumAge, P.adultChildIncomeMultiplier, P.adultChildPropertyLimit, P.dibaoStandard],
  evaluate(facts, params) {
    const { person, asOf } = facts;
    const adultAge = params.get(P.adultAge);
    const age = ageOn(person.birthDate, asOf);
    const certificate = validCertificates(person, asOf).find(
      (c) => (c.category === CATEGORY_DIGIT.INTELLECTUAL || c.category === CATEGORY_DIGIT.MENTAL) && c.grade <= 2,
    );
    return {
      conditions: [
        condition(ADULT, met(age >= adultAge), `Age ${age} on ${asOf} is ${age >= adultAge ? '' : 'not '}${adultAge} or over.`, {
          values: { age, adultAge },
          evidence: [evidenceOf.person(person)],
        }),
        certificate
          ? condition(DISABILITY, 'MET', `Valid certificate: ${certificate.category === CATEGORY_DIGIT.INTELLECTUAL ? 'intellectual' : 'mental'} disability grade ${certificate.grade}.`, {
              evidence: [evidenceOf.certificate(certificate)],
            })
          : condition(DISABILITY, 'NOT_MET', `No intellectual or mental disability certificate of grade 1–2 valid on ${asOf}.`, {
              evidence: person.certificates.map(evidenceOf.certificate),
            }),
        parentsCondition(facts, params),
        incomeCondition(facts, params),
        propertyCondition(facts, params),
      ],
      amountFen: singlePersonDibaoAmount(facts, params),
      effects: ['REQUIRES_APPLICATION', 'EXCLUDES_CATEGORICAL_ASSISTANCE'],
    };
  },
};
