import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { EconomicCheck } from '../departments/civil-affairs/economic-check.entity';
import { Household } from '../departments/civil-affairs/household.entity';
import { HouseholdMember } from '../departments/civil-affairs/household-member.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { LOOKUP_READERS } from './person.resolver';

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...LOOKUP_READERS)
  @Query(() => Household, { nullable: true, description: 'A household; null when unknown or outside the caller\'s district.' })
  household(@Ctx() ctx: HubContext, @Arg('householdNumber') householdNumber: string) {
    return this.services.people.household(ctx, householdNumber);
  }

  @FieldResolver(() => [HouseholdMember])
  members(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.people.membersOf(ctx, household.householdNumber);
  }

  @FieldResolver(() => Int, { description: 'Members listed on the household record.' })
  async size(@Root() household: Household, @Ctx() ctx: HubContext) {
    return (await this.services.people.membersOf(ctx, household.householdNumber)).length;
  }

  @FieldResolver(() => [EconomicCheck], { description: 'Economic checks, latest first.' })
  economicChecks(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.people.economicChecksOf(ctx, household.householdNumber);
  }

  @FieldResolver(() => [AssistanceEnrollment], { description: 'Enrollments of the household as a unit.' })
  enrollments(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.people.householdEnrollmentsOf(ctx, household.householdNumber);
  }
}

@Resolver(() => HouseholdMember)
export class HouseholdMemberResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => Person, { nullable: true, description: 'Null until civil affairs has sent the person.' })
  person(@Root() member: HouseholdMember, @Ctx() ctx: HubContext) {
    return this.services.people.person(ctx, member.idNumber);
  }
}
