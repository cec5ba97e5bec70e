import path from 'node:path';
import type { Rule } from '../../../src/eligibility/condition';
import type { EligibilityDecision } from '../../../src/eligibility/eligibility.types';
import { decide } from '../../../src/eligibility/engine';
import { RULES } from '../../../src/eligibility/rules';
import { ParameterStore } from '../../../src/policy/parameter-store';
import { caseFacts, loadCaseSuites } from './case-facts';
import { endToEndCases, namesUnsentPerson } from './case-selection';

/*
 * Every rule case (test/cases/) against the pure rules, in memory, with everything the end-to-end
 * runner asserts of a decision. The end-to-end runner sends only a sample through the databases
 * (case-selection.ts); this suite is where the full set is decided.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
const suites = loadCaseSuites();
const ruleOf = (id: string): Rule => {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`test/cases names ${id}, which is not a rule of the registry`);
  return rule;
};

describe('the cases and the registry', () => {
  test('every rule of the registry has a case file of at least eight cases, and every case file names a rule', () => {
    const sizes = Object.fromEntries(RULES.map((r) => [r.id, suites.find((s) => s.rule === r.id)?.cases.length ?? 0]));
    for (const [id, size] of Object.entries(sizes)) expect(`${id}: ${size >= 8}`).toBe(`${id}: true`);
    expect(suites.map((s) => s.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test("every case expects each of its rule's conditions, in the rule's order, and nothing else", () => {
    for (const suite of suites) {
      const codes = ruleOf(suite.rule).conditions.map((c) => c.code);
      for (const c of suite.cases) expect([suite.rule, c.name, Object.keys(c.expect.conditions)]).toEqual([suite.rule, c.name, codes]);
    }
  });

  test('every condition of every rule is MET in some case and NOT_MET in another', () => {
    for (const rule of RULES) {
      const cases = suites.find((s) => s.rule === rule.id)?.cases ?? [];
      for (const declared of rule.conditions) {
        const seen = new Set(cases.map((c) => c.expect.conditions[declared.code]));
        // A condition whose declared meaning is never NOT_MET ("otherwise UNKNOWN") must show that instead.
        const failing = /otherwise UNKNOWN/.test(declared.meaning) ? 'UNKNOWN' : 'NOT_MET';
        expect(`${rule.id} ${declared.code}: ${['MET', failing].filter((o) => !seen.has(o)).join(', ') || 'covered'}`).toBe(`${rule.id} ${declared.code}: covered`);
      }
    }
  });
});

describe('the end-to-end sample (test/cases/README.md)', () => {
  const samples = suites.map((suite) => ({ suite, sample: endToEndCases(suite) }));

  test.each(samples.map(({ suite, sample }) => [suite.rule, suite, sample] as const))('%s: every outcome its cases reach, in fewer than half its cases', (_rule, suite, sample) => {
    const outcomes = (list: typeof sample) => [...new Set(list.map((c) => c.expect.outcome))].sort();
    expect(outcomes(sample)).toEqual(outcomes(suite.cases));
    expect(sample.length).toBeLessThan(suite.cases.length / 2);
    for (const c of suite.cases.filter(namesUnsentPerson)) expect(sample).toContain(c);
    // The first case of each outcome, in file order: the sample moves only when the file does.
    expect(sample[0]).toBe(suite.cases[0]);
  });

  test("the sample sends every department's records, a household, identified parents and a person civil affairs never sent", () => {
    const sample = samples.flatMap((s) => s.sample);
    const some = (has: (c: (typeof sample)[number]) => unknown) => sample.some((c) => Boolean(has(c)));
    expect({
      household: some((c) => c.household),
      parents: some((c) => Object.values(c.persons).some((p) => p.father || p.mother)),
      unsent: some(namesUnsentPerson),
      disability: some((c) => c.disabilityCertificates?.length),
      humanResources: some((c) => c.unemploymentRegistrations?.length || c.insuranceEnrollments?.length || c.incomeMonths?.length),
      illness: some((c) => c.seriousIllnessCertifications?.length),
      enrollments: some((c) => c.enrollments?.length),
      situations: some((c) => Object.values(c.persons).some((p) => p.situations?.length)),
    }).toEqual({ household: true, parents: true, unsent: true, disability: true, humanResources: true, illness: true, enrollments: true, situations: true });
  });
});

const cases = suites.flatMap((suite) => suite.cases.map((c) => [suite.rule, c.name, c] as const));

describe.each(cases)('%s: %s', (ruleId, _name, c) => {
  const rule = ruleOf(ruleId);
  const { facts } = caseFacts(c);
  const decision: EligibilityDecision = decide(rule, { kind: 'person', facts }, store, c.asOf);

  test('outcome, every condition and the amount are as the case expects', () => {
    const explanations = decision.conditions.map((x) => `${x.code}: ${x.explanation}`).join('\n');
    expect({
      ruleId: decision.ruleId,
      outcome: decision.outcome,
      conditions: Object.fromEntries(decision.conditions.map((x) => [x.code, x.outcome])),
      amount: decision.amount,
      explanations,
    }).toEqual({ ruleId, outcome: c.expect.outcome, conditions: c.expect.conditions, amount: c.expect.amount, explanations });
    for (const condition of decision.conditions) expect(`${condition.code}: ${condition.explanation.length > 10}`).toBe(`${condition.code}: true`);
  });

  test('effects are exactly those expected, and what is missing is named only when UNDETERMINED', () => {
    if (c.expect.effects) expect(decision.effects).toEqual(c.expect.effects);
    const missing = decision.missing.join(' | ').toLowerCase();
    for (const expected of c.expect.missing ?? []) expect(missing).toContain(expected.toLowerCase());
    if (decision.outcome !== 'UNDETERMINED') expect(decision.missing).toEqual([]);
  });

  test('only declared parameters are read, and an amount lists the parameters it came from', () => {
    for (const p of decision.parameters) expect(rule.parameters).toContain(p.name);
    if (decision.amount != null) expect(decision.parameters.length).toBeGreaterThan(0);
  });

  if (rule.subject === 'household') {
    test('the household rule decides the same through the household itself', () => {
      const same = decide(rule, { kind: 'household', household: facts.household }, store, c.asOf);
      expect({ outcome: same.outcome, amount: same.amount, conditions: same.conditions.map((x) => x.outcome) }).toEqual({
        outcome: decision.outcome,
        amount: decision.amount,
        conditions: decision.conditions.map((x) => x.outcome),
      });
    });
  }
});
