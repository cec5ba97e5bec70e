import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import type { HubContext } from '../server/context';
import type { Services } from '../server/services';
import { EligibilityDecision, EligibilityRule } from './eligibility.types';

const asOfArg = { nullable: true, description: 'The date to decide on; today by default.' } as const;

@Resolver(() => Person)
export class PersonEligibilityResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [EligibilityDecision], { description: 'Every rule (or those named) decided on `asOf`, explained.' })
  eligibility(
    @Root() person: Person,
    @Ctx() ctx: HubContext,
    @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string,
    @Arg('ruleIds', () => [String], { nullable: true, description: 'Rule ids of POLICY.md; all rules by default.' }) ruleIds?: string[],
  ) {
    return this.services.eligibility.personDecisions(ctx, person.idNumber, asOf, ruleIds);
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'For a 特困 person: latest household economic check + 12 months.' })
  async nextReviewDue(@Root() person: Person, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.personReview(ctx, person.idNumber, asOf))?.nextReviewDue ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether nextReviewDue is before `asOf`; null without a review date.' })
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

  @FieldResolver(() => [EligibilityDecision], { description: 'The household rules (dibao, low income) decided on `asOf`.' })
  eligibility(@Root() household: Household, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return this.services.eligibility.householdDecisions(ctx, household.householdNumber, asOf);
  }

  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: 'Clause 5: latest economic check + 12 months, or + 6 for a dibao household with unstable income and a member able to work.',
  })
  async nextReviewDue(@Root() household: Household, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.householdReview(ctx, household.householdNumber, asOf))?.nextReviewDue ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether nextReviewDue is before `asOf`; null without a review date.' })
  async reviewOverdue(@Root() household: Household, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, asOfArg) asOf?: string) {
    return (await this.services.eligibility.householdReview(ctx, household.householdNumber, asOf))?.overdue ?? null;
  }
}
