import { AssistanceUnit, Program, SupporterStatus } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { ageOn } from '../../common/local-date';
import { allOf, condition, met, type Condition, type PersonRule } from '../condition';
import type { ConditionOutcome } from '../eligibility.types';
import type { SubjectFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { fen, yuan } from '../definitions/figures';
import { CATEGORY_DIGIT } from '../../departments/disability/disability.enums';
import { validCertificates } from '../definitions/health';
import { propertyTest } from '../definitions/household';
import { clauses, msg, type Message } from '../messages/message';
import { disabilityReason } from '../definitions/health';

const CAPACITY = 'no-labour-capacity';
const INCOME = 'no-income-source';
const SUPPORTER = 'no-able-supporter';

function capacityCondition({ person, asOf }: SubjectFacts, params: ParameterReader): Condition {
  const age = ageOn(person.birthDate, asOf);
  const elderly = params.get(P.tekunElderlyAge);
  // The minors' limit in force on asOf: 16, raised to 18 by clause 3 of the notice.
  const minorLimit = params.get(P.tekunMinorAgeLimit);
  const certificate = validCertificates(person, asOf).find(
    (c) =>
      ((c.category === CATEGORY_DIGIT.INTELLECTUAL || c.category === CATEGORY_DIGIT.MENTAL) && c.grade <= 2) ||
      (c.category === CATEGORY_DIGIT.PHYSICAL && c.grade === 1),
  );
  const reasons = [
    age >= elderly ? msg('capacity.elderly', { age, elderly }) : null,
    age < minorLimit ? msg('capacity.minor', { age, limit: minorLimit, asOf }) : null,
    certificate ? disabilityReason(certificate) : null,
  ].filter((r): r is Message => r != null);
  return condition(
    CAPACITY,
    met(reasons.length > 0),
    reasons.length ? msg('capacity.lacking', { reasons: clauses(reasons) }) : msg('capacity.able', { age, limit: minorLimit, elderly }),
    { values: { age, minorAgeLimit: minorLimit, elderlyAge: elderly }, evidence: [evidenceOf.person(person), ...(certificate ? [evidenceOf.certificate(certificate)] : [])] },
  );
}

function incomeCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const standardFen = fen(params.get(P.dibaoStandard));
  const property = propertyTest(facts.household, facts.asOf, params);
  let income: ConditionOutcome = 'UNKNOWN';
  let explanation = msg('tekun.income.unknown', { property: property.explanation });
  if (facts.membership && facts.household) {
    const ownFen = fen(facts.membership.monthlyIncome);
    income = met(ownFen < standardFen);
    const below = msg(ownFen < standardFen ? 'word.below' : 'word.not-below');
    explanation = msg('tekun.income', { own: yuan(ownFen), below, standard: yuan(standardFen), property: property.explanation });
  }
  return condition(INCOME, allOf(income, property.outcome), explanation, {
    values: { ownIncome: facts.membership?.monthlyIncome ?? null, standard: standardFen / 100, property: property.outcome },
    evidence: [...(facts.membership && facts.household ? [evidenceOf.member(facts.household.householdNumber, facts.membership)] : []), ...property.evidence],
    missing: [...(income === 'UNKNOWN' ? [msg('missing.own-income')] : []), ...property.missing],
  });
}

function supporterCondition({ person }: SubjectFacts): Condition {
  const evidence = [evidenceOf.person(person, { supporterStatus: person.supporterStatus })];
  switch (person.supporterStatus) {
    case SupporterStatus.NONE:
      return condition(SUPPORTER, 'MET', msg('supporter.none'), { evidence });
    case SupporterStatus.UNABLE:
      return condition(SUPPORTER, 'MET', msg('supporter.unable'), { evidence });
    case SupporterStatus.ABLE:
      return condition(SUPPORTER, 'NOT_MET', msg('supporter.able'), { evidence });
    default:
      return condition(SUPPORTER, 'UNKNOWN', msg('supporter.unknown'), { missing: [msg('missing.supporter-status')] });
  }
}

/**
 * `tekun` — clause 3 (conditions from 民发〔2016〕178号): extreme-poverty support for a person
 * without labour capacity, income source or able supporter; the notice raises the minors' age
 * limit from 16 to 18, which the dated parameter carries.
 */
export const tekunRule: PersonRule = {
  id: 'tekun',
  title: 'Extreme-poverty support (特困人员救助供养)',
  program: Program.TEKUN,
  clause: '3',
  unit: AssistanceUnit.SINGLE_PERSON,
  subject: 'person',
  conditions: [
    {
      code: CAPACITY,
      meaning:
        'The person is `tekun-elderly-age` or older, or under `tekun-minor-age-limit`, or holds a valid intellectual or mental disability certificate of grade 1–2 or a physical one of grade 1.',
    },
    { code: INCOME, meaning: "The person's own monthly income on their household is below S and the household passes the property test." },
    {
      code: SUPPORTER,
      meaning: 'Civil affairs record that the person has no legal supporter or one unable to support them; UNKNOWN when nothing is recorded.',
    },
  ],
  parameters: [P.tekunElderlyAge, P.tekunMinorAgeLimit, P.dibaoStandard, P.moneyAssetLimitMonths],
  evaluate(facts, params) {
    return { conditions: [capacityCondition(facts, params), incomeCondition(facts, params), supporterCondition(facts)] };
  },
};
