import { JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { AssistanceUnit, Program } from '../departments/civil-affairs/civil-affairs.enums';
import { ParameterValue } from '../policy/policy.types';

export enum Outcome {
  ELIGIBLE = 'ELIGIBLE',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  UNDETERMINED = 'UNDETERMINED',
}

/**
 * A condition's three-valued outcome, as rules write it ('MET') and as the API serves it: an object
 * rather than a TypeScript enum so a rule's plain literal is already a value of this type.
 */
export const ConditionOutcome = {
  MET: 'MET',
  NOT_MET: 'NOT_MET',
  UNKNOWN: 'UNKNOWN',
} as const;
export type ConditionOutcome = (typeof ConditionOutcome)[keyof typeof ConditionOutcome];

export type Department = 'civil-affairs' | 'human-resources' | 'disability';

/** Whose records a piece of evidence is: a person by ID number, or a household by its number. */
export type Subject = { kind: 'person'; idNumber: string } | { kind: 'household'; householdNumber: string };

registerEnumType(Outcome, {
  name: 'Outcome',
  description: 'ELIGIBLE when every condition is met, NOT_ELIGIBLE when any is not, otherwise UNDETERMINED.',
});
registerEnumType(ConditionOutcome, {
  name: 'ConditionOutcome',
  description: 'UNKNOWN is for facts no registry answers (e.g. no economic check, a parent not identified).',
});

@ObjectType({ description: 'A record a condition relied on.' })
export class Evidence {
  @Field(() => String, { description: '"civil-affairs", "human-resources" or "disability".' })
  department!: Department;

  @Field({ description: 'Kind of record, e.g. "disability-certificate".' })
  record!: string;

  @Field({ description: 'The record\'s id in its department (number or natural key).' })
  recordId!: string;

  @Field(() => JSONObjectResolver, { description: 'The values read from the record.' })
  values!: Record<string, unknown>;

  /**
   * Whose records these are (never answered): a condition may be shown to a caller only when every
   * subject of its evidence is in the caller's scope. A household-member line is both the
   * household's and the member's.
   */
  subjects!: Subject[];
}

@ObjectType({ description: 'One condition of a rule, with the reasons and records behind its outcome.' })
export class ConditionResult {
  @Field({ description: 'Condition code of the rule (docs/rules.md), e.g. "assessed-income-below-standard".' })
  code!: string;

  @Field(() => ConditionOutcome)
  outcome!: ConditionOutcome;

  @Field({ description: 'Why the condition has its outcome, in the language asked for (`language`, else `Accept-Language`, else English).' })
  explanation!: string;

  @Field(() => JSONObjectResolver, { description: 'Figures computed for the condition (totals, thresholds, ages).' })
  values!: Record<string, unknown>;

  @Field(() => [Evidence])
  evidence!: Evidence[];

  @Field(() => [String], { description: 'For UNKNOWN: what no registry has answered yet, in the language of `explanation`.' })
  missing!: string[];

  @Field({
    description:
      "True when the condition was decided with records held outside the caller's district: the outcome stands, but the explanation is a fixed sentence and the figures, those records and what is missing are left out.",
  })
  withheld!: boolean;
}

@ObjectType({ description: 'A rule applied to a person or household on a date, explained condition by condition.' })
export class EligibilityDecision {
  @Field({ description: 'Rule id (docs/rules.md), e.g. "dibao.household".' })
  ruleId!: string;

  @Field()
  title!: string;

  @Field(() => Program)
  program!: Program;

  @Field({ description: 'Clause id of the notice.' })
  clause!: string;

  @Field(() => LocalDateResolver)
  asOf!: string;

  @Field(() => Outcome)
  outcome!: Outcome;

  @Field(() => AssistanceUnit)
  unit!: AssistanceUnit;

  @Field(() => Float, {
    nullable: true,
    description: 'Yuan: monthly, or one-off for temporary assistance; only when ELIGIBLE and not withheld (it is computed from the same figures).',
  })
  amount!: number | null;

  @Field(() => [ConditionResult])
  conditions!: ConditionResult[];

  @Field(() => [String], { description: 'Consequences the rule attaches, e.g. EXCLUDES_CATEGORICAL_ASSISTANCE.' })
  effects!: string[];

  @Field(() => [ParameterValue], { description: 'The parameter values the decision used, with their references.' })
  parameters!: ParameterValue[];

  @Field(() => [String], { description: 'For UNDETERMINED: what is missing to decide.' })
  missing!: string[];

  @Field({ description: "True when any condition is withheld (records outside the caller's district); the amount is then null." })
  withheld!: boolean;
}

@ObjectType({ description: 'A condition a rule states, with its meaning (as docs/rules.md lists it).' })
export class RuleCondition {
  @Field({ description: 'Condition code, as in ConditionResult.code.' })
  code!: string;

  @Field({ description: 'One sentence: what must hold for the condition to be MET. Parameter names are in backticks; S is the dibao standard, n the household size.' })
  meaning!: string;
}

@ObjectType({ description: 'A rule the hub evaluates (docs/rules.md).' })
export class EligibilityRule {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field(() => Program)
  program!: Program;

  @Field({ description: 'Clause id of the notice (docs/readings.md, "Clause ids").' })
  clause!: string;

  @Field(() => AssistanceUnit)
  unit!: AssistanceUnit;

  @Field({ description: '"household" rules are evaluated on the person\'s household.' })
  subject!: string;

  @Field(() => [String], { description: 'The codes of `conditions`, in the same order.' })
  conditionCodes!: string[];

  @Field(() => [RuleCondition])
  conditions!: RuleCondition[];

  @Field(() => [String], { description: 'Parameters the rule reads; it is decided only on dates when all are in force.' })
  parameters!: string[];
}
