import path from 'node:path';
import { AccessScope } from '../../../src/auth/access-scope';
import type { ConditionResult, EligibilityDecision, Subject } from '../../../src/eligibility/eligibility.types';
import { decide, declaredParameters } from '../../../src/eligibility/engine';
import type { HouseholdFacts, PersonFacts, SubjectFacts } from '../../../src/eligibility/facts';
import { redactDecision, SubjectLens, WITHHELD_EXPLANATION } from '../../../src/eligibility/redaction';
import { RULES } from '../../../src/eligibility/rules';
import { ParameterStore } from '../../../src/policy/parameter-store';
import { caseFacts, loadCaseSuites } from './case-facts';

/*
 * Redaction trusts each condition's evidence to name whose records it relied on. These tests hold
 * every rule to that over all the rule cases: a condition names no person or household it has no
 * evidence of, and its outcome, explanation and figures do not change when the records of anyone
 * else change. A future rule that reads a parent or a member without saying so fails here.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
const ID_NUMBER = /(?<![0-9])\d{17}[\dX]/g;

const cases = loadCaseSuites().flatMap((suite) => suite.cases.map((c) => [suite.rule, c.name, c] as const));

function decideCase(ruleId: string, facts: SubjectFacts): EligibilityDecision {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return decide(rule, { kind: 'person', facts }, store, facts.asOf);
}

const subjectsOf = (c: ConditionResult): Subject[] => c.evidence.flatMap((e) => e.subjects);
const personSubjects = (c: ConditionResult) => new Set(subjectsOf(c).flatMap((s) => (s.kind === 'person' ? [s.idNumber] : [])));
const householdSubjects = (c: ConditionResult) => new Set(subjectsOf(c).flatMap((s) => (s.kind === 'household' ? [s.householdNumber] : [])));
const shown = (c: ConditionResult) => JSON.stringify([c.explanation, c.values, c.missing]);

/** A person as if civil affairs and every department held nothing on them (the ID number stays). */
function blank(p: PersonFacts): PersonFacts {
  return { ...p, known: false, name: null, registeredDistrict: null, residenceDistrict: null, residencePermitValidFrom: null, residencePermitValidUntil: null,
    fatherIdNumber: null, motherIdNumber: null, supporterStatus: null, situations: [], certificates: [], seriousIllnessCertifications: [], personalEnrollments: [] };
}

/** The same person holding records that sway most conditions: a grade-1 certificate, an illness, enrollments, a death. */
function loaded(p: PersonFacts): PersonFacts {
  const id = p.idNumber;
  return {
    ...p,
    situations: [{ idNumber: id, kind: 'DECEASED', since: '2000-01-01', until: null }] as any,
    certificates: [{ certificateNumber: `${id}51`, idNumber: id, name: 'x', category: 5, grade: 1, issuedOn: '2000-01-01', validUntil: null, revokedOn: null }] as any,
    seriousIllnessCertifications: [{ certificationNumber: 'ILL-X', idNumber: id, tier: 1500, validFrom: '2000-01-01', validUntil: null }] as any,
    personalEnrollments: ['DIBAO', 'TEKUN'].map((program) => ({ enrollmentNumber: `E-${program}`, program, unit: 'SINGLE_PERSON', householdNumber: null, idNumber: id, startDate: '2000-01-01', endDate: null, monthlyAmount: 1 })) as any,
  };
}

function withPerson(facts: SubjectFacts, id: string, change: (p: PersonFacts) => PersonFacts): SubjectFacts {
  const swap = (p: PersonFacts | null) => (p && p.idNumber === id ? change(p) : p);
  const household = facts.household && { ...facts.household, members: facts.household.members.map((m) => ({ ...m, person: swap(m.person) as PersonFacts })) };
  const membership = household?.members.find((m) => m.person.idNumber === facts.person.idNumber) ?? null;
  return { ...facts, father: swap(facts.father), mother: swap(facts.mother), household, membership };
}

function withHousehold(facts: SubjectFacts, change: (h: HouseholdFacts) => HouseholdFacts): SubjectFacts {
  if (!facts.household) return facts;
  const household = change(facts.household);
  return { ...facts, household, membership: household.members.find((m) => m.person.idNumber === facts.person.idNumber) ?? null };
}

const householdChanges: Array<(h: HouseholdFacts) => HouseholdFacts> = [
  (h) => ({ ...h, economicChecks: [], enrollments: [], members: h.members.map((m) => ({ ...m, monthlyIncome: 0 })) }),
  (h) => ({
    ...h,
    members: h.members.map((m) => ({ ...m, monthlyIncome: m.monthlyIncome + 5000 })),
    economicChecks: [{ householdNumber: h.householdNumber, checkedOn: '2000-01-01', moneyAssets: 10_000_000, otherPropertyValue: 10_000_000, vehicle: 'OTHER_VEHICLE', homes: 3, nonResidentialProperty: true, incomeStable: false } as any],
    enrollments: ['DIBAO', 'LOW_INCOME'].map((program) => ({ enrollmentNumber: `H-${program}`, program, unit: 'HOUSEHOLD', householdNumber: h.householdNumber, idNumber: null, startDate: '2000-01-01', endDate: null, monthlyAmount: 1 })) as any,
  }),
];

describe.each(cases)('%s: %s', (ruleId, _name, c) => {
  const { facts, householdNumber } = caseFacts(c);
  const decision = decideCase(ruleId, facts);
  const isHouseholdRule = RULES.find((r) => r.id === ruleId)?.subject === 'household';

  test('decided in memory as the case expects (the facts are built right)', () => {
    expect({ outcome: decision.outcome, conditions: Object.fromEntries(decision.conditions.map((x) => [x.code, x.outcome])), amount: decision.amount }).toEqual({
      outcome: c.expect.outcome,
      conditions: c.expect.conditions,
      amount: c.expect.amount,
    });
  });

  test('every ID number and household number a condition shows is a subject of its evidence', () => {
    for (const condition of decision.conditions) {
      const persons = personSubjects(condition);
      for (const [id] of shown(condition).matchAll(ID_NUMBER)) expect(`${condition.code} names ${id}: ${persons.has(id)}`).toBe(`${condition.code} names ${id}: true`);
      if (householdNumber && shown(condition).includes(householdNumber)) expect(householdSubjects(condition)).toContain(householdNumber);
    }
  });

  test('a condition does not change when the records of someone who is not its subject change', () => {
    // The person asked about is the subject of a person rule; a household rule's subject is the household.
    const others = [...new Set([facts.father, facts.mother, ...(facts.household?.members.map((m) => m.person) ?? [])].filter((p): p is PersonFacts => p != null).map((p) => p.idNumber))]
      .filter((id) => isHouseholdRule || id !== facts.person.idNumber);
    const variants: Array<{ who: Subject; facts: SubjectFacts }> = others.flatMap((id) =>
      [blank, loaded].map((change) => ({ who: { kind: 'person' as const, idNumber: id }, facts: withPerson(facts, id, change) })),
    );
    if (facts.household && !isHouseholdRule) {
      const who: Subject = { kind: 'household', householdNumber: facts.household.householdNumber };
      variants.push(...householdChanges.map((change) => ({ who, facts: withHousehold(facts, change) })));
    }
    const names = (s: Subject) => (x: Subject) => JSON.stringify(x) === JSON.stringify(s);
    for (const variant of variants) {
      const changed = decideCase(ruleId, variant.facts);
      decision.conditions.forEach((condition, i) => {
        if (subjectsOf(condition).some(names(variant.who))) return;
        const label = `${condition.code} without ${JSON.stringify(variant.who)} as subject`;
        expect([label, changed.conditions[i]]).toEqual([label, condition]);
      });
      if (!decision.conditions.some((condition) => subjectsOf(condition).some(names(variant.who)))) expect(changed.amount).toBe(decision.amount);
    }
  });
});

describe('redaction', () => {
  const suite = loadCaseSuites().find((s) => s.rule === 'unsupported-child');
  const c = suite!.cases.find((x) => x.persons[x.subject].father != null && x.persons[x.subject].mother != null)!;
  const { facts } = caseFacts(c);
  const decision = decideCase('unsupported-child', facts);
  const officer = new AccessScope({ sub: 'o', role: 'district', district: '120101' });
  const everyone = [facts.person, facts.father, facts.mother];
  const params = () => declaredParameters(RULES.find((r) => r.id === 'unsupported-child')!, store, c.asOf);

  test('a decision whose subjects are all in scope is answered whole', () => {
    const lens = SubjectLens.of(officer, everyone, []);
    expect(facts.father?.registeredDistrict).toBe('120101');
    expect(redactDecision(decision, lens, params)).toBe(decision);
  });

  test('a parent outside the scope withholds the condition and the amount, keeping the outcome', () => {
    const away = { ...facts.father!, registeredDistrict: '120116' };
    const redacted = redactDecision(decision, SubjectLens.of(officer, [facts.person, away, facts.mother], []), params);
    const parents = redacted.conditions.find((x) => x.code === 'parents-unable-to-support')!;
    expect(parents).toMatchObject({ outcome: decision.conditions[1].outcome, explanation: WITHHELD_EXPLANATION, values: {}, evidence: [], withheld: true });
    expect(redacted).toMatchObject({ outcome: decision.outcome, withheld: true, amount: null });
    expect(JSON.stringify(redacted)).not.toContain(away.idNumber);
    expect(redacted.conditions[0]).toBe(decision.conditions[0]);
  });

  test('safety net: a condition naming an out-of-scope person without evidence of them is withheld', () => {
    const stranger = '120116198001010015';
    const sloppy = { ...decision, conditions: [{ ...decision.conditions[0], explanation: `Lives with ${stranger}.` }, decision.conditions[1]] } as EligibilityDecision;
    const redacted = redactDecision(sloppy, SubjectLens.of(officer, everyone, []), params);
    expect(redacted.conditions[0]).toMatchObject({ withheld: true, explanation: WITHHELD_EXPLANATION });
    expect(redacted.conditions[1].withheld).toBe(false);
    expect(JSON.stringify(redacted)).not.toContain(stranger);
  });
});
