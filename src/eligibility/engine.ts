import { ParameterReader } from '../policy/parameter-reader';
import type { ParameterStore } from '../policy/parameter-store';
import type { LocalDate } from '../common/local-date';
import type { Rule } from './condition';
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

/**
 * Applies one rule: the rule states its conditions, the engine derives the outcome, computes the
 * amount only for an eligible decision, lists the parameters that were read and renders the
 * rule's messages in `language`.
 */
export function decide(rule: Rule, input: RuleInput, store: ParameterStore, asOf: LocalDate, language: Language = DEFAULT_LANGUAGE): EligibilityDecision {
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
  const conditions = result.conditions.map((c) => ({
    ...c,
    explanation: render(c.explanation, language),
    missing: c.missing.map((m) => render(m, language)),
    withheld: false,
  }));
  const amountFen = outcome === Outcome.ELIGIBLE && result.amountFen ? result.amountFen() : null;
  return Object.assign(new EligibilityDecision(), {
    ruleId: rule.id,
    title: rule.title,
    program: rule.program,
    clause: rule.clause,
    asOf,
    outcome,
    unit: rule.unit,
    amount: amountFen == null ? null : amountFen / 100,
    conditions,
    effects: result.effects ?? [],
    parameters: params.usedParameters().map((p) => ({ ...p, status: p.status as ParameterStatusEnum })),
    missing: outcome === Outcome.UNDETERMINED ? [...new Set(conditions.flatMap((c) => c.missing))] : [],
    withheld: false,
  });
}
