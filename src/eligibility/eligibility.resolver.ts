import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { EligibilityDecision, EligibilityRule } from './eligibility.types';
import { Language } from './messages/language';

const asOfArg = { nullable: true, description: 'The date to decide on; today by default.' } as const;
const languageArg = {
  nullable: true,
  description: 'Language of explanations and missing items; by default the request\'s `Accept-Language` (zh or en), else EN.',
} as const;

/**
 * Who may ask for decisions about a person or household. Not analysts: a decision asked on chosen
 * dates gives away a birth date (age thresholds flip on birthdays), masking or not.
 */
const DECISION_READERS = ['admin', 'district'];
const WITHHELD_REVIEW = " Null (withheld) for a district officer when it is derived from records outside their district";

@Resolver(() => Person)
export class PersonEligibilityResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => [EligibilityDecision], {
    description: "Every rule (or those named) decided on `asOf`, explained; conditions resting on records outside the caller's district are `withheld`.",
  })
  eligibility(
    @Root() person: Person,
    @Ctx() ctx: HubContext,
    @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string,
    @Arg('ruleIds', () => [String], { nullable: true, description: 'Rule ids (docs/rules.md); all rules by default.' }) ruleIds?: string[],
    @Arg('language', () => Language, languageArg) language?: Language,
  ) {
    return this.services.eligibility.personDecisions(ctx, person.idNumber, asOf, ruleIds, language);
  }

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: `For a 特困 person: latest household economic check + 12 months.${WITHHELD_REVIEW} (the household's).`,
  })
  async nextReviewDue(@Root() person: Person, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.personReview(ctx, person.idNumber, asOf))?.nextReviewDue ?? null;
  }

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether nextReviewDue is before `asOf`; null without a review date (or when it is withheld).' })
  async reviewOverdue(@Root() person: Person, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.personReview(ctx, person.idNumber, asOf))?.overdue ?? null;
  }

  @Authorized()
  @Query(() => [EligibilityRule], { description: 'The rules the hub decides, with their clauses and condition codes.' })
  eligibilityRules() {
    return this.services.eligibility.rules();
  }
}

@Resolver(() => Household)
export class HouseholdEligibilityResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => [EligibilityDecision], {
    description: "The household rules (dibao, low income) decided on `asOf`; conditions resting on records outside the caller's district are `withheld`.",
  })
  eligibility(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string,
    @Arg('language', () => Language, languageArg) language?: Language,
  ) {
    return this.services.eligibility.householdDecisions(ctx, household.householdNumber, asOf, language);
  }

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: `Clause 5: latest economic check + 12 months, or + 6 for a dibao household with unstable income and a member able to work.${WITHHELD_REVIEW} (the household or any member).`,
  })
  async nextReviewDue(@Root() household: Household, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.householdReview(ctx, household.householdNumber, asOf))?.nextReviewDue ?? null;
  }

  @Authorized(...DECISION_READERS)
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether nextReviewDue is before `asOf`; null without a review date (or when it is withheld).' })
  async reviewOverdue(@Root() household: Household, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.householdReview(ctx, household.householdNumber, asOf))?.overdue ?? null;
  }
}
