import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { PERSONAL_READERS } from '../people/person.resolver';
import type { HouseholdsListService } from './households-list.service';
import { HouseholdConnection, HouseholdsArgs } from './households-list.types';

/** The services this resolver reads, once `householdsList` is one of them. */
type WithHouseholdsList = Services & { householdsList: HouseholdsListService };

@Resolver()
export class HouseholdsListResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...PERSONAL_READERS)
  @Query(() => HouseholdConnection, {
    description:
      'Households with a member in the coverage gap (eligible and not enrolled), or enrolled and no longer eligible, on asOf, per the newest completed evaluation pass (NOT_EVALUATED without one), within the caller\'s scope, ordered by household number.',
  })
  households(@Ctx() ctx: HubContext, @Args(() => HouseholdsArgs) { filter, first, after }: HouseholdsArgs) {
    return (this.services as WithHouseholdsList).householdsList.households(ctx, filter, first, after);
  }
}
