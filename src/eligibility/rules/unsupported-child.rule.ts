import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { ageOn } from '../../common/local-date';
import { allOf, anyOf, condition, met, type Condition, type PersonRule } from '../condition';
import type { ConditionOutcome } from '../eligibility.types';
import type { SubjectFacts } from '../facts';
import { evidenceOf } from '../definitions/evidence';
import { assessParent, type ParentAssessment } from '../definitions/parents';
import { msg, type Message } from '../messages/message';

const MINOR = 'minor';
const PARENTS = 'parents-unable-to-support';

/** Each parent's status as three-valued facts; a parent not identified is unknown in every respect. */
function truths(parent: ParentAssessment | null) {
  if (!parent) return { unable: 'UNKNOWN' as ConditionOutcome, goneOrMissing: 'UNKNOWN' as ConditionOutcome };
  return { unable: met(parent.status === 'UNABLE'), goneOrMissing: met(parent.status === 'DECEASED' || parent.status === 'MISSING') };
}

function describe(label: Message, parent: ParentAssessment | null): Message {
  return parent
    ? msg('parent.assessed', { parent: label, idNumber: parent.idNumber, status: msg(`parent-status.${parent.status}`), reason: parent.reason })
    : msg('parent.not-identified', { parent: label });
}

/**
 * Both parents unable, or one deceased or missing and the other unable (民发〔2019〕62号), read in
 * Kleene logic so that an unidentified parent leaves the answer open only when it matters.
 */
function parentsCondition(facts: SubjectFacts, params: ParameterReader): Condition {
  const father = facts.father ? assessParent(facts.father, facts.asOf, params) : null;
  const mother = facts.mother ? assessParent(facts.mother, facts.asOf, params) : null;
  const f = truths(father);
  const m = truths(mother);
  const outcome = anyOf(allOf(f.unable, m.unable), allOf(f.goneOrMissing, m.unable), allOf(f.unable, m.goneOrMissing));
  const orphan = father?.status === 'DECEASED' && mother?.status === 'DECEASED';
  const explanation = msg('unsupported.parents', {
    father: describe(msg('parent.father'), father),
    mother: describe(msg('parent.mother'), mother),
    verdict: msg(orphan ? 'unsupported.orphan' : outcome === 'MET' ? 'unsupported.met' : outcome === 'NOT_MET' ? 'unsupported.not-met' : 'unsupported.unknown'),
  });
  return condition(PARENTS, outcome, explanation, {
    values: { father: father?.status ?? null, mother: mother?.status ?? null },
    evidence: [...(father?.evidence ?? []), ...(mother?.evidence ?? [])],
    missing: [...(father ? [] : [msg('missing.father-id')]), ...(mother ? [] : [msg('missing.mother-id')])],
  });
}

/**
 * `unsupported-child` — clause 1.1 (definition from 民发〔2019〕62号): a minor whose parents cannot
 * support them is to be taken into de facto unsupported children's protection.
 */
export const unsupportedChildRule: PersonRule = {
  id: 'unsupported-child',
  title: 'De facto unsupported child (事实无人抚养儿童)',
  program: Program.UNSUPPORTED_CHILD,
  clause: '1.1',
  unit: AssistanceUnit.SINGLE_PERSON,
  subject: 'person',
  conditions: [
    { code: MINOR, meaning: 'The person is younger than `minor-age-limit`.' },
    {
      code: PARENTS,
      meaning:
        'Both parents are unable to support the child, or one is deceased or declared missing and the other unable; unable means disability of grade 1–2 (intellectual or mental 1–4), serious illness of the 1000 or 1500 tier, or imprisonment, compulsory rehabilitation or loss of contact lasting `unable-situation-months`.',
    },
  ],
  parameters: [P.minorAgeLimit, P.unableSituationMonths],
  evaluate(facts, params) {
    const limit = params.get(P.minorAgeLimit);
    const age = ageOn(facts.person.birthDate, facts.asOf);
    return {
      conditions: [
        condition(MINOR, met(age < limit), msg(age < limit ? 'minor.age.under' : 'minor.age.not-under', { age, limit, asOf: facts.asOf }), {
          values: { age, limit },
          evidence: [evidenceOf.person(facts.person)],
        }),
        parentsCondition(facts, params),
      ],
    };
  },
};
