import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
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
}

@Resolver(() => HouseholdMember)
export class HouseholdMemberResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => Person, { nullable: true, description: 'Null until civil affairs has sent the person.' })
  person(@Root() member: HouseholdMember, @Ctx() ctx: HubContext) {
    return this.services.people.person(ctx, member.idNumber);
  }
}
