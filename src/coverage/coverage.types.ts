import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { LocalDate } from '../common/local-date';
import { Program } from '../departments/civil-affairs/civil-affairs.enums';
import { FindingCode } from '../cross-check/finding-code';

/** Where the eligibility figures of an answer come from. */
export enum CoverageEvaluationStatus {
  /** A completed pass for the date: the figures are its. */
  DONE = 'DONE',
  /** No completed pass yet; one is running for the date. */
  RUNNING = 'RUNNING',
  /** No completed pass; the latest one for the date failed or was stopped. */
  FAILED = 'FAILED',
  /** No pass was ever run for the date. */
  NOT_EVALUATED = 'NOT_EVALUATED',
}

registerEnumType(CoverageEvaluationStatus, {
  name: 'CoverageEvaluationStatus',
  description: 'DONE: the eligibility figures come from a completed evaluation pass for the date; otherwise they are null and this says why.',
});

@ObjectType({ description: "When a department's records last reached the hub, as the evaluation pass saw it." })
export class DataFreshness {
  @Field({ description: 'civil-affairs, human-resources or disability.' })
  department!: string;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When that department last sent records (its newest receipt) before the pass started; null when it never sent any.' })
  lastReceivedAt!: Date | null;
}

@ObjectType({ description: 'The evaluation pass the eligibility figures come from (docs/coverage.md).' })
export class CoverageEvaluation {
  @Field(() => LocalDateResolver, { description: 'The date asked for, and evaluated on.' })
  asOf!: LocalDate;

  @Field(() => CoverageEvaluationStatus)
  status!: CoverageEvaluationStatus;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the pass used started (null: none).' })
  startedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the pass used finished: the figures are as of then (null: no completed pass).' })
  evaluatedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Persons the pass evaluated.' })
  persons!: number | null;

  @Field(() => [String], { description: 'The rules the pass decided: those in force on asOf.' })
  ruleIds!: string[];

  @Field(() => [DataFreshness], { description: 'Per department, when its records last reached the hub before the pass (empty: no completed pass).' })
  dataFreshness!: DataFreshness[];

  @Field({ description: 'What the figures rest on, or why the eligibility figures are null.' })
  note!: string;
}

@ObjectType({ description: 'Valid enrollments in one program on asOf.' })
export class ProgramCount {
  @Field(() => Program)
  program!: Program;

  @Field(() => Int, { description: "Persons with a valid enrollment, their own or their household's." })
  persons!: number;

  @Field(() => Int, { description: 'Households enrolled as a unit.' })
  households!: number;
}

@ObjectType({ description: 'The coverage of one rule, from the evaluation pass.' })
export class RuleCoverage {
  @Field()
  ruleId!: string;

  @Field(() => Program)
  program!: Program;

  @Field(() => Int, { description: "ELIGIBLE, and no valid enrollment in the program, own or household's: the coverage gap." })
  eligibleNotEnrolled!: number;

  @Field(() => Int, { description: 'A valid enrollment in the program, and the decision is not ELIGIBLE (NOT_ELIGIBLE or UNDETERMINED).' })
  enrolledNotEligible!: number;
}

@ObjectType({ description: 'Cross-check findings of one code, from the evaluation pass.' })
export class FindingCount {
  @Field(() => FindingCode)
  code!: FindingCode;

  @Field(() => Int, { description: 'Findings (one person may have several, e.g. one per payment).' })
  findings!: number;

  @Field(() => Int, { description: 'Persons with at least one.' })
  persons!: number;
}

@ObjectType({ description: 'Reviews overdue on asOf (clause 5), from the evaluation pass.' })
export class OverdueReviews {
  @Field(() => Int, { description: 'Dibao and low-income households past their review date.' })
  households!: number;

  @Field(() => Int, { description: '特困 persons past their review date.' })
  tekunPersons!: number;
}

@ObjectType({ description: "The push's notifications of the area now (clause 4): each district's own copies." })
export class PushFigures {
  @Field(() => Int, { description: 'Notifications OPEN (not acknowledged) now.' })
  open!: number;

  @Field(() => Int, { description: 'Notifications acknowledged and still waiting for an outcome now.' })
  acknowledged!: number;

  @Field(() => Int, { description: 'Notifications acted on, of those created in the window.' })
  acted!: number;

  @Field(() => Float, { nullable: true, description: 'Median seconds from creation to the outcome, over those acted on (null: none).' })
  medianSecondsToAct!: number | null;

  @Field(() => Int, { description: 'The window: notifications created in the last this many days.' })
  windowDays!: number;
}

@InputType({ description: 'A policy parameter value for a what-if (docs/coverage.md, "What-if").' })
export class ParameterOverrideInput {
  @Field({ description: 'A policy parameter name, as policyParameters lists them (e.g. dibao-standard).' })
  name!: string;

  @Field(() => Float, { description: "The value in the parameter's unit: finite, not negative, whole for years and months." })
  value!: number;
}

@ObjectType({ description: 'A parameter value of a what-if, beside the value in force on asOf.' })
export class ParameterOverride {
  @Field({ description: 'The policy parameter (its name, as policyParameters lists it).' })
  parameter!: string;

  @Field(() => Float, { description: 'The what-if value.' })
  value!: number;

  @Field(() => Float, { nullable: true, description: 'The value in force on asOf (null: the parameter has none yet).' })
  valueInForce!: number | null;
}

@ObjectType({ description: 'The figures that depend on policy parameters, from the evaluation pass run with the what-if values (docs/coverage.md, "What-if").' })
export class WhatIfStats {
  @Field(() => [ParameterOverride], { description: 'The what-if values, sorted by name.' })
  parameters!: ParameterOverride[];

  @Field(() => [RuleCoverage], { nullable: true, description: 'As DistrictStats.eligibility, with the what-if values; null when no completed what-if pass (see evaluation).' })
  eligibility!: RuleCoverage[] | null;

  @Field(() => [FindingCount], { nullable: true, description: 'As DistrictStats.findings, with the what-if values.' })
  findings!: FindingCount[] | null;

  @Field(() => OverdueReviews, { nullable: true, description: 'As DistrictStats.reviewsOverdue, with the what-if values.' })
  reviewsOverdue!: OverdueReviews | null;

  @Field(() => CoverageEvaluation, { description: 'The what-if pass these figures come from, or why there is none and the command that runs it.' })
  evaluation!: CoverageEvaluation;
}

@ObjectType({ description: 'Figures of one Tianjin district, or of the city (districtCode CITY), on asOf (docs/coverage.md).' })
export class DistrictStats {
  @Field({ description: 'A current Tianjin district code, or CITY for the whole city.' })
  districtCode!: string;

  @Field({ description: 'The district\'s name, or 天津市.' })
  districtName!: string;

  @Field(() => Int, { description: 'Persons civil affairs holds registered or living here (the city: all of them).' })
  persons!: number;

  @Field(() => Int, { description: 'Households registered or living here.' })
  households!: number;

  @Field(() => [ProgramCount], { description: 'Per program, valid enrollments on asOf.' })
  programs!: ProgramCount[];

  @Field(() => Int, { description: 'Persons here living away from registration (in or out).' })
  livingAway!: number;

  @Field(() => Int, { description: 'Living here, registered elsewhere (the city: registered outside Tianjin).' })
  livingAwayIn!: number;

  @Field(() => Int, { description: 'Registered here, living elsewhere (the city: living outside Tianjin).' })
  livingAwayOut!: number;

  @Field(() => [RuleCoverage], { nullable: true, description: 'Per rule, from the evaluation pass; null when none completed for asOf (see evaluation).' })
  eligibility!: RuleCoverage[] | null;

  @Field(() => [FindingCount], { nullable: true, description: 'Per finding code, from the evaluation pass; null when none completed for asOf.' })
  findings!: FindingCount[] | null;

  @Field(() => OverdueReviews, { nullable: true, description: 'From the evaluation pass; null when none completed for asOf.' })
  reviewsOverdue!: OverdueReviews | null;

  @Field(() => PushFigures)
  push!: PushFigures;

  @Field(() => CoverageEvaluation)
  evaluation!: CoverageEvaluation;

  @Field(() => WhatIfStats, { nullable: true, description: 'With `parameters`: the same eligibility, findings and review figures with those values, beside the ones in force above; null without.' })
  whatIf!: WhatIfStats | null;
}
