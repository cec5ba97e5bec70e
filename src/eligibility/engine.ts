import { ParameterReader } from '../policy/parameter-reader';
import type { ParameterStore } from '../policy/parameter-store';
import type { LocalDate } from '../common/local-date';
import type { Condition, Rule } from './condition';
import { EligibilityDecision, Outcome, type ConditionOutcome } from './eligibility.types';
import type { HouseholdFacts, SubjectFacts } from './facts';
import type { ParameterStatusEnum, ParameterValue } from '../policy/policy.types';
import { DEFAULT_LANGUAGE, type Language } from './messages/language';
import { render } from './messages/render';

export type RuleInput = { kind: 'person'; facts: SubjectFacts } | { kind: 'household'; household: HouseholdFacts | null };

/** Amounts are yuan with two decimals; rules compute in whole fen already rounded half up. */
function outcomeOf(outcomes: ConditionOutcome[]): Outcome {
  if (outcomes.includes('NOT_MET')) return Outcome.NOT_ELIGIBLE;
  return outcomes.includes('UNKNOWN') ? Outcome.UNDETERMINED : Outcome.ELIGIBLE;
}

/** Every parameter a rule declares, as in force on `asOf`, whatever the facts made it read. */
export function declaredParameters(rule: Rule, store: ParameterStore, asOf: LocalDate): ParameterValue[] {
  const params = new ParameterReader(store, asOf);
  for (const name of rule.parameters) params.get(name);
  return params.usedParameters().map((p) => ({ ...p, status: p.status as ParameterStatusEnum }));
}

/** A rule's decision before rendering: conditions still carry catalogue messages (stored by the push). */
export interface EvaluatedDecision {
  ruleId: string;
  asOf: LocalDate;
  outcome: Outcome;
  conditions: Condition[];
  /** Fen; only for an ELIGIBLE decision. */
  amountFen: number | null;
  effects: string[];
  parameters: ParameterValue[];
}

/**
 * Applies one rule: the rule states its conditions, the engine derives the outcome, computes the
 * amount only for an eligible decision and lists the parameters that were read.
 */
export function evaluate(rule: Rule, input: RuleInput, store: ParameterStore, asOf: LocalDate): EvaluatedDecision {
  // A rule whose parameters are not all in force on asOf did not exist then (NoValueInForceError).
  for (const name of rule.parameters) store.valueOn(name, asOf);
  const params = new ParameterReader(store, asOf);
  let result;
  if (rule.subject === 'household') {
    result = rule.evaluate(input.kind === 'person' ? input.facts.household : input.household, asOf, params);
  } else {
    if (input.kind !== 'person') throw new Error(`rule ${rule.id} is about a person, not a household`);
    result = rule.evaluate(input.facts, params);
  }
  const outcome = outcomeOf(result.conditions.map((c) => c.outcome));
  return {
    ruleId: rule.id,
    asOf,
    outcome,
    conditions: result.conditions,
    amountFen: outcome === Outcome.ELIGIBLE && result.amountFen ? result.amountFen() : null,
    effects: result.effects ?? [],
    parameters: params.usedParameters().map((p) => ({ ...p, status: p.status as ParameterStatusEnum })),
  };
}

/** An evaluated decision as the API serves it, its messages rendered in `language`. */
export function renderDecision(rule: Rule, evaluated: EvaluatedDecision, language: Language = DEFAULT_LANGUAGE): EligibilityDecision {
  // Field by field rather than a spread: a scan renders millions of conditions.
  const conditions = evaluated.conditions.map((c) => ({
    code: c.code,
    outcome: c.outcome,
    values: c.values,
    evidence: c.evidence,
    explanation: render(c.explanation, language),
    missing: c.missing.length === 0 ? [] : c.missing.map((m) => render(m, language)),
    withheld: false,
  }));
  return Object.assign(new EligibilityDecision(), {
    ruleId: rule.id,
    title: rule.title,
    program: rule.program,
    clause: rule.clause,
    asOf: evaluated.asOf,
    outcome: evaluated.outcome,
    unit: rule.unit,
    amount: evaluated.amountFen == null ? null : evaluated.amountFen / 100,
    conditions,
    effects: evaluated.effects,
    parameters: evaluated.parameters,
    missing: evaluated.outcome === Outcome.UNDETERMINED ? [...new Set(conditions.flatMap((c) => c.missing))] : [],
    withheld: false,
  });
}

/** Applies one rule and renders its decision in `language`. */
export function decide(rule: Rule, input: RuleInput, store: ParameterStore, asOf: LocalDate, language: Language = DEFAULT_LANGUAGE): EligibilityDecision {
  return renderDecision(rule, evaluate(rule, input, store, asOf), language);
}
