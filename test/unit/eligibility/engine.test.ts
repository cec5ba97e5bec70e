import path from 'node:path';
import { allOf, condition, type PersonRule, type HouseholdRule } from '../../../src/eligibility/condition';
import { declaredParameters, decide } from '../../../src/eligibility/engine';
import { msg } from '../../../src/eligibility/messages/message';
import type { SubjectFacts } from '../../../src/eligibility/facts';
import { AssistanceUnit, Program } from '../../../src/departments/civil-affairs/civil-affairs.enums';
import { P } from '../../../src/policy/parameter-names';
import { NoValueInForceError, ParameterStore } from '../../../src/policy/parameter-store';

/*
 * The engine on rules made for the test, so each property is seen alone: the outcome is derived
 * from the conditions, the amount is computed only for an eligible decision, a rule exists only
 * while all its parameters are in force, and a decision lists exactly the parameters read.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
type Outcome = Parameters<typeof allOf>[0];
const o = (value: 'MET' | 'NOT_MET' | 'UNKNOWN') => value as unknown as Outcome;

/** Facts are never read by the rules below; the engine only passes them on. */
const facts = { asOf: '2020-07-01' } as unknown as SubjectFacts;

function ruleStating(outcomes: Outcome[], options: { amountFen?: () => number; effects?: string[]; read?: boolean } = {}): PersonRule {
  return {
    id: 'test.rule',
    title: 'A rule for the test',
    program: Program.DIBAO,
    clause: '0',
    unit: AssistanceUnit.SINGLE_PERSON,
    subject: 'person',
    conditions: outcomes.map((_, i) => ({ code: `c${i}`, meaning: `Condition ${i}.` })),
    parameters: [P.dibaoStandard, P.monthsWithoutIncome],
    evaluate(_facts, params) {
      // Reads only S (not the other declared parameter), to show what "used" means.
      const standard = options.read === false ? 0 : params.get(P.dibaoStandard);
      return {
        conditions: outcomes.map((outcome, i) =>
          condition(`c${i}`, outcome, msg('tekun.income', { own: i, below: String(outcome), standard, property: '-' }), {
            missing: [msg('missing.economic-check', { household: `H${i}` }), msg('missing.household-record')],
          }),
        ),
        amountFen: options.amountFen,
        effects: options.effects,
      };
    },
  };
}

describe('outcome from the conditions', () => {
  test.each([
    [['MET', 'MET'], 'ELIGIBLE'],
    [['MET', 'UNKNOWN'], 'UNDETERMINED'],
    [['UNKNOWN', 'NOT_MET'], 'NOT_ELIGIBLE'],
    [['NOT_MET', 'MET'], 'NOT_ELIGIBLE'],
    [['UNKNOWN', 'UNKNOWN'], 'UNDETERMINED'],
  ] as const)('%j → %s', (outcomes, expected) => {
    const decision = decide(ruleStating(outcomes.map(o)), { kind: 'person', facts }, store, '2020-07-01');
    expect(decision.outcome).toBe(expected);
    expect(decision.conditions.map((c) => [c.code, c.outcome, c.withheld])).toEqual(outcomes.map((x, i) => [`c${i}`, x, false]));
    expect({ ruleId: decision.ruleId, clause: decision.clause, asOf: decision.asOf, withheld: decision.withheld }).toEqual({
      ruleId: 'test.rule',
      clause: '0',
      asOf: '2020-07-01',
      withheld: false,
    });
  });

  test('an UNDETERMINED decision lists what is missing once each; a decided one lists nothing', () => {
    const undetermined = decide(ruleStating([o('UNKNOWN'), o('MET'), o('UNKNOWN')]), { kind: 'person', facts }, store, '2020-07-01');
    expect(undetermined.missing).toEqual(['economic check of household H0', 'household record (civil affairs)', 'economic check of household H2']);
    const notEligible = decide(ruleStating([o('UNKNOWN'), o('NOT_MET')]), { kind: 'person', facts }, store, '2020-07-01');
    expect(notEligible.missing).toEqual([]);
    // A condition's own `missing` is kept only while it is UNKNOWN.
    expect(notEligible.conditions.map((c) => c.missing)).toEqual([['economic check of household H0', 'household record (civil affairs)'], []]);
  });
});

describe('amount', () => {
  test('computed only when ELIGIBLE, in yuan from whole fen', () => {
    const amountFen = jest.fn(() => 101_050);
    const eligible = decide(ruleStating([o('MET'), o('MET')], { amountFen }), { kind: 'person', facts }, store, '2020-07-01');
    expect(eligible.amount).toBe(1010.5);
    expect(amountFen).toHaveBeenCalledTimes(1);
    for (const outcomes of [[o('MET'), o('UNKNOWN')], [o('NOT_MET'), o('MET')]]) {
      const computed = jest.fn(() => 101_050);
      expect(decide(ruleStating(outcomes, { amountFen: computed }), { kind: 'person', facts }, store, '2020-07-01').amount).toBeNull();
      expect(computed).not.toHaveBeenCalled();
    }
  });

  test('an eligible rule without an amount answers null; effects are reported whatever the outcome', () => {
    expect(decide(ruleStating([o('MET')]), { kind: 'person', facts }, store, '2020-07-01')).toMatchObject({ outcome: 'ELIGIBLE', amount: null, effects: [] });
    const effects = ['EMERGENCY_PAYMENT_ONCE'];
    expect(decide(ruleStating([o('NOT_MET')], { effects }), { kind: 'person', facts }, store, '2020-07-01').effects).toEqual(effects);
  });
});

describe('parameters', () => {
  test('a rule with a declared parameter not yet in force did not exist: NoValueInForceError, before it is evaluated', () => {
    const rule = ruleStating([o('MET')]);
    const evaluate = jest.spyOn(rule, 'evaluate');
    // months-without-income takes effect on 2020-07-01.
    const attempt = () => decide(rule, { kind: 'person', facts }, store, '2020-06-30');
    expect(attempt).toThrow(NoValueInForceError);
    expect(attempt).toThrow(/months-without-income.*2020-06-30.*2020-07-01/);
    expect(evaluate).not.toHaveBeenCalled();
  });

  test('a decision lists the parameters the rule read, with the value in force on asOf', () => {
    const before = decide(ruleStating([o('MET')]), { kind: 'person', facts }, store, '2025-08-31');
    const after = decide(ruleStating([o('MET')]), { kind: 'person', facts }, store, '2025-09-01');
    expect(before.parameters.map((p) => [p.name, p.value, p.effectiveFrom])).toEqual([['dibao-standard', 1010, '2020-04-01']]);
    expect(after.parameters.map((p) => [p.name, p.value, p.effectiveFrom])).toEqual([['dibao-standard', 1045, '2025-09-01']]);
    expect(after.conditions[0].explanation).toContain('S = 1045');
    expect(decide(ruleStating([o('MET')], { read: false }), { kind: 'person', facts }, store, '2020-07-01').parameters).toEqual([]);
  });

  test('declaredParameters lists every declared parameter in force, whatever the facts made the rule read', () => {
    const listed = declaredParameters(ruleStating([o('MET')], { read: false }), store, '2020-07-01');
    expect(listed.map((p) => [p.name, p.value])).toEqual([
      ['dibao-standard', 1010],
      ['months-without-income', 3],
    ]);
  });
});

describe('subjects', () => {
  const householdRule: HouseholdRule = {
    ...ruleStating([o('MET')]),
    subject: 'household',
    evaluate: (household) => ({ conditions: [condition('c0', household ? o('MET') : o('UNKNOWN'), msg('household.none'))] }),
  };

  test('a household rule asked for a person is decided on their household', () => {
    const household = { householdNumber: 'H1', members: [] } as unknown as SubjectFacts['household'];
    expect(decide(householdRule, { kind: 'person', facts: { ...facts, household } }, store, '2020-07-01').outcome).toBe('ELIGIBLE');
    expect(decide(householdRule, { kind: 'person', facts: { ...facts, household: null } }, store, '2020-07-01').outcome).toBe('UNDETERMINED');
    expect(decide(householdRule, { kind: 'household', household }, store, '2020-07-01').outcome).toBe('ELIGIBLE');
  });

  test('a person rule cannot be decided for a household', () => {
    expect(() => decide(ruleStating([o('MET')]), { kind: 'household', household: null }, store, '2020-07-01')).toThrow(/about a person/);
  });
});

