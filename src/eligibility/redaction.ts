import type { AccessScope } from '../auth/access-scope';
import type { ParameterValue } from '../policy/policy.types';
import { Outcome, type ConditionResult, type EligibilityDecision, type Subject } from './eligibility.types';
import type { HouseholdFacts, PersonFacts } from './facts';
import { DEFAULT_LANGUAGE, type Language } from './messages/language';
import { render } from './messages/render';

/*
 * A decision about a person in the caller's scope may rest on records of persons or households
 * outside it (a parent registered elsewhere, the household's other members). The rules decide with
 * everything; this step then withholds every condition that relied on such records, so the answer
 * names none of those persons and carries none of their figures. A withheld condition is a
 * function of its code and outcome alone: it cannot tell a known person of another district from
 * an ID number civil affairs has never seen.
 */

export const withheldExplanation = (language: Language) => render({ message: 'withheld.explanation' }, language);
export const withheldMissing = (language: Language) => render({ message: 'missing.withheld' }, language);
/** The fixed sentence in the API's default language. */
export const WITHHELD_EXPLANATION = withheldExplanation(DEFAULT_LANGUAGE);

/** 18-character resident ID numbers anywhere in a text, also inside longer record numbers. */
const ID_NUMBER = /(?<![0-9])\d{17}[\dX]/g;

type LensPerson = Pick<PersonFacts, 'idNumber' | 'registeredDistrict' | 'residenceDistrict'>;
type LensHousehold = Pick<HouseholdFacts, 'householdNumber' | 'residenceDistrict'> & { registeredDistrict: string | null };

/** Which persons and households of one decision's facts the caller may see. */
export class SubjectLens {
  private constructor(
    private readonly persons: ReadonlySet<string>,
    private readonly households: ReadonlySet<string>,
  ) {}

  /**
   * Persons by their civil-affairs districts, households by their own. A person civil affairs
   * does not know has no district, so is outside every district: the same as any other district's.
   */
  static of(scope: AccessScope, persons: Array<LensPerson | null | undefined>, households: Array<LensHousehold | null | undefined>): SubjectLens {
    const seen = (record: { registeredDistrict: string | null; residenceDistrict: string | null }) => scope.covers(record);
    return new SubjectLens(
      new Set(persons.filter((p): p is LensPerson => p != null && seen(p)).map((p) => p.idNumber)),
      new Set(households.filter((h): h is LensHousehold => h != null && seen(h)).map((h) => h.householdNumber)),
    );
  }

  sees(subject: Subject): boolean {
    return subject.kind === 'person' ? this.persons.has(subject.idNumber) : this.households.has(subject.householdNumber);
  }

  seesAll(subjects: Subject[]): boolean {
    return subjects.every((s) => this.sees(s));
  }

  /** Whether a string anywhere in `value` names a person the caller may not see. */
  mentionsHidden(value: unknown): boolean {
    if (typeof value === 'string') return [...value.matchAll(ID_NUMBER)].some(([id]) => !this.persons.has(id));
    if (Array.isArray(value)) return value.some((v) => this.mentionsHidden(v));
    if (value != null && typeof value === 'object') return Object.values(value).some((v) => this.mentionsHidden(v));
    return false;
  }
}

function withhold(condition: ConditionResult, language: Language): ConditionResult {
  return {
    code: condition.code,
    outcome: condition.outcome,
    explanation: withheldExplanation(language),
    values: {},
    evidence: [],
    missing: condition.outcome === 'UNKNOWN' ? [withheldMissing(language)] : [],
    withheld: true,
  };
}

/**
 * Withholds each condition that relied on a record of someone outside the caller's scope, and —
 * as a safety net for a rule that names a person without evidence — each condition still naming
 * such a person anywhere. A decision with a withheld condition loses its amount (computed from the
 * same figures) and lists every parameter its rule declares, since which ones were read depends
 * on the hidden records (a deduction is read only for a member holding a certificate).
 */
export function redactDecision(
  decision: EligibilityDecision,
  lens: SubjectLens,
  declaredParameters: () => ParameterValue[],
  language: Language = DEFAULT_LANGUAGE,
): EligibilityDecision {
  const conditions = decision.conditions.map((c) =>
    c.evidence.every((e) => lens.seesAll(e.subjects)) && !lens.mentionsHidden([c.explanation, c.values, c.evidence, c.missing]) ? c : withhold(c, language),
  );
  if (!conditions.some((c) => c.withheld)) return decision;
  return Object.assign(Object.create(Object.getPrototypeOf(decision)) as EligibilityDecision, {
    ...decision,
    amount: null,
    conditions,
    parameters: declaredParameters(),
    missing: decision.outcome === Outcome.UNDETERMINED ? [...new Set(conditions.flatMap((c) => c.missing))] : [],
    withheld: true,
  });
}
