import type { LocalDate } from '../common/local-date';
import type { AssistanceUnit, Program } from '../departments/civil-affairs/civil-affairs.enums';
import type { ParameterName } from '../policy/parameter-names';
import type { ParameterReader } from '../policy/parameter-reader';
import type { ConditionOutcome, ConditionResult, Evidence } from './eligibility.types';
import type { HouseholdFacts, SubjectFacts } from './facts';
import type { Message } from './messages/message';

/**
 * A condition as a rule states it: what the API serves before redaction decides `withheld`, with
 * its explanation and missing items as catalogue messages, rendered in the caller's language.
 */
export type Condition = Omit<ConditionResult, 'withheld' | 'explanation' | 'missing'> & { explanation: Message; missing: Message[] };

export interface RuleResult {
  conditions: Condition[];
  /** Computed only when every condition is MET; fen. */
  amountFen?: () => number;
  effects?: string[];
}

/** A condition a rule states, with what it means: the source of docs/rules.md and of the API. */
export interface DeclaredCondition {
  code: string;
  /** One English sentence: what must hold for the condition to be MET. */
  meaning: string;
}

interface RuleBase {
  /** Stable API value (docs/rules.md). */
  id: string;
  title: string;
  program: Program;
  /** Clause id of the notice (docs/readings.md, "Clause ids"). */
  clause: string;
  unit: AssistanceUnit;
  /** Every condition the rule decides, in the order its decisions list them. */
  conditions: readonly DeclaredCondition[];
  /**
   * Every parameter the rule may read. A rule exists on a date only when all of them are in force,
   * whatever the facts; a test proves a rule never reads one it does not declare.
   */
  parameters: readonly ParameterName[];
}

/** A rule about a household as a whole; asked for a person, it is evaluated on their household. */
export interface HouseholdRule extends RuleBase {
  subject: 'household';
  evaluate(household: HouseholdFacts | null, asOf: LocalDate, params: ParameterReader): RuleResult;
}

export interface PersonRule extends RuleBase {
  subject: 'person';
  evaluate(facts: SubjectFacts, params: ParameterReader): RuleResult;
}

export type Rule = HouseholdRule | PersonRule;

/** Builds a condition; `missing` only matters when the outcome is UNKNOWN. */
export function condition(
  code: string,
  outcome: ConditionOutcome,
  explanation: Message,
  details: { values?: Record<string, unknown>; evidence?: Evidence[]; missing?: Message[] } = {},
): Condition {
  return {
    code,
    outcome,
    explanation,
    values: details.values ?? {},
    evidence: details.evidence ?? [],
    missing: outcome === 'UNKNOWN' ? (details.missing ?? []) : [],
  };
}

/** Kleene conjunction: NOT_MET wins, then UNKNOWN. */
export function allOf(...outcomes: ConditionOutcome[]): ConditionOutcome {
  if (outcomes.includes('NOT_MET')) return 'NOT_MET';
  return outcomes.includes('UNKNOWN') ? 'UNKNOWN' : 'MET';
}

/** Kleene disjunction: MET wins, then UNKNOWN. */
export function anyOf(...outcomes: ConditionOutcome[]): ConditionOutcome {
  if (outcomes.includes('MET')) return 'MET';
  return outcomes.includes('UNKNOWN') ? 'UNKNOWN' : 'NOT_MET';
}

export function met(yes: boolean): ConditionOutcome {
  return yes ? 'MET' : 'NOT_MET';
}
