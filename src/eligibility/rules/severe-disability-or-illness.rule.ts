import { AssistanceUnit, Program } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import { condition, type PersonRule } from '../condition';
import { evidenceOf } from '../definitions/evidence';
import { severeDisability, seriousIllness } from '../definitions/health';
import { validEnrollmentsIn } from '../definitions/validity';
import { msg } from '../messages/message';
import { singlePersonDibaoAmount } from './own-income';

const ON_LOW_INCOME = 'household-on-low-income-assistance';
const SEVERE = 'severely-disabled-or-seriously-ill';

/**
 * `dibao.single-person.severe-disability-or-illness` — clause 1.1: on their application, a
 * severely disabled (grade 1–2) or seriously ill (tier 1000/1500) member of a low-income household
 * joins dibao as a single-person unit, without categorical assistance; the other members leave
 * low-income assistance, and the household's children are checked for de facto unsupported status.
 */
export const severeDisabilityOrIllnessRule: PersonRule = {
  id: 'dibao.single-person.severe-disability-or-illness',
  title: 'Single-person dibao for a severely disabled or seriously ill member of a low-income household',
  program: Program.DIBAO,
  clause: '1.1',
  unit: AssistanceUnit.SINGLE_PERSON,
  subject: 'person',
  conditions: [
    { code: ON_LOW_INCOME, meaning: "The person's household has a LOW_INCOME enrollment valid on asOf." },
    {
      code: SEVERE,
      meaning: 'The person holds a valid disability certificate of grade 1–2 (any category) or a valid serious-illness certification in the 1000 or 1500 tier.',
    },
  ],
  parameters: [P.dibaoStandard],
  evaluate(facts, params) {
    const { asOf, household, person } = facts;
    const lowIncome = household ? validEnrollmentsIn(household.enrollments, [Program.LOW_INCOME], asOf) : [];
    const onLowIncome = household
      ? condition(
          ON_LOW_INCOME,
          lowIncome.length ? 'MET' : 'NOT_MET',
          lowIncome.length
            ? msg('low-income-enrollment.valid', { household: household.householdNumber, enrollment: lowIncome[0].enrollmentNumber })
            : msg('low-income-enrollment.none', { household: household.householdNumber, asOf }),
          // The household record itself too: "no enrollment" is a fact about the household.
          { evidence: [evidenceOf.household(household), ...(lowIncome.length ? lowIncome : household.enrollments).map(evidenceOf.enrollment)] },
        )
      : condition(ON_LOW_INCOME, 'NOT_MET', msg('low-income-enrollment.no-household'));

    const certificate = severeDisability(person, asOf);
    const illness = seriousIllness(person, asOf);
    const severe = certificate
      ? condition(SEVERE, 'MET', msg('severe.certificate', { grade: certificate.grade, category: certificate.category }), {
          evidence: [evidenceOf.certificate(certificate)],
        })
      : illness
        ? condition(SEVERE, 'MET', msg('severe.illness', { tier: illness.tier }), { evidence: [evidenceOf.illness(illness)] })
        : condition(SEVERE, 'NOT_MET', msg('severe.none', { asOf }), {
            evidence: [...person.certificates.map(evidenceOf.certificate), ...person.seriousIllnessCertifications.map(evidenceOf.illness)],
          });

    return {
      conditions: [onLowIncome, severe],
      amountFen: singlePersonDibaoAmount(facts, params),
      effects: [
        'REQUIRES_APPLICATION',
        'EXCLUDES_CATEGORICAL_ASSISTANCE',
        'ENDS_LOW_INCOME_FOR_OTHER_MEMBERS',
        'CHECK_CHILDREN_FOR_UNSUPPORTED_CHILD',
      ],
    };
  },
};
