import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { ageOn } from '../../common/local-date';
import { allOf, anyOf, condition, met, type Condition, type PersonRule } from '../condition';
import type { ConditionOutcome } from '../eligibility.types';
import type { PersonFacts, SubjectFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { fen, isBelow, times, yuan } from '../definitions/figures';
import { CATEGORY_DIGIT } from '../../departments/disability/disability.enums';
import { validCertificates } from '../definitions/health';
import { householdIncomeFen, latestCheck, memberEvidence, noCheckCondition } from '../definitions/household';
import { msg } from '../messages/message';
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
  const judge = (parent: PersonFacts | null, label: 'parent.father' | 'parent.mother') => {
    if (!parent) return { oldEnough: 'UNKNOWN' as ConditionOutcome, alive: 'UNKNOWN' as ConditionOutcome, text: msg('parent.not-identified', { parent: msg(label) }), evidence: [] };
    const deceased = deceasedRecord(parent, facts.asOf);
    const age = ageOn(parent.birthDate, facts.asOf);
    return {
      // A deceased parent does not stand in the way (docs/readings.md, an ASSUMPTION for clause 1.2).
      oldEnough: met(deceased != null || age >= minimum),
      alive: met(deceased == null),
      text: deceased
        ? msg('parent.deceased', { parent: msg(label), idNumber: parent.idNumber, since: deceased.since })
        : msg('parent.aged', { parent: msg(label), idNumber: parent.idNumber, age }),
      evidence: deceased ? [evidenceOf.situation(deceased)] : [evidenceOf.person(parent, { age })],
    };
  };
  const f = judge(facts.father, 'parent.father');
  const m = judge(facts.mother, 'parent.mother');
  const outcome = allOf(f.oldEnough, m.oldEnough, anyOf(f.alive, m.alive));
  return condition(
    PARENTS,
    outcome,
    msg('adult-child.parents', { father: f.text, mother: m.text, minimum }),
    {
      values: { minimumAge: minimum },
      evidence: [...f.evidence, ...m.evidence],
      missing: [...(facts.father ? [] : [msg('missing.father-id')]), ...(facts.mother ? [] : [msg('missing.mother-id')])],
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
    msg('adult-child.income', {
      income: yuan(incomeFen),
      members: n,
      below: msg(below ? 'word.below' : 'word.not-below'),
      multiplier,
      threshold: yuan(times(multiplier, standardFen, n)),
    }),
    { values: { householdIncome: incomeFen / 100, members: n, threshold: times(multiplier, standardFen, n) / 100 }, evidence: memberEvidence(household) },
  );
}

function propertyCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const { household, asOf } = facts;
  if (!household) return noHouseholdCondition(PROPERTY);
  const check = latestCheck(household, asOf);
  if (!check) return noCheckCondition(PROPERTY, household, asOf);
  const limitFen = fen(params.get(P.adultChildPropertyLimit));
  const valueFen = fen(check.moneyAssets) + fen(check.otherPropertyValue);
  const below = valueFen < limitFen;
  return condition(
    PROPERTY,
    met(below),
    msg('adult-child.property', {
      value: yuan(valueFen),
      money: yuan(fen(check.moneyAssets)),
      other: yuan(fen(check.otherPropertyValue)),
      checkedOn: check.checkedOn,
      below: msg(below ? 'word.below' : 'word.not-below'),
      limit: yuan(limitFen),
    }),
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
        condition(ADULT, met(age >= adultAge), msg(age >= adultAge ? 'adult.age.over' : 'adult.age.not-over', { age, asOf, adultAge }), {
          values: { age, adultAge },
          evidence: [evidenceOf.person(person)],
        }),
        certificate
          ? condition(
              DISABILITY,
              'MET',
              msg('adult-child.certificate', {
                kind: msg(certificate.category === CATEGORY_DIGIT.INTELLECTUAL ? 'disability.intellectual' : 'disability.mental'),
                grade: certificate.grade,
              }),
              {
              evidence: [evidenceOf.certificate(certificate)],
            })
          : condition(DISABILITY, 'NOT_MET', msg('adult-child.no-certificate', { asOf }), {
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
