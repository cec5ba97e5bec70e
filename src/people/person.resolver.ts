import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { hubToday } from '../common/clock';
import { ageOn } from '../common/local-date';
import { PersonConnection } from './person-connection';
import { PersonFilter } from './person-filter.input';

/** Who may browse personal records; partner departments ask through cross-checks instead. */
export const PERSONAL_READERS = ['admin', 'district', 'analyst'];
/** Who may look a person or household up by its real number: analysts work with pseudonyms only. */
export const LOOKUP_READERS = ['admin', 'district'];

@ArgsType()
class PersonsArgs {
  @Field(() => PersonFilter, { nullable: true })
  filter?: PersonFilter | null;

  @Field(() => Int, { nullable: true, description: 'Page size; 20 by default.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

@Resolver(() => Person)
export class PersonResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...LOOKUP_READERS)
  @Query(() => Person, {
    nullable: true,
    description: 'A person by ID number; null when civil affairs has not sent them or they are outside the caller\'s district.',
  })
  person(@Ctx() ctx: HubContext, @Arg('idNumber') idNumber: string): Promise<Person | null> {
    return this.services.people.person(ctx, idNumber);
  }

  @Authorized(...PERSONAL_READERS)
  @Query(() => PersonConnection, { description: 'Persons the caller may see, ordered by ID number.' })
  persons(@Ctx() ctx: HubContext, @Args(() => PersonsArgs) { filter, first, after }: PersonsArgs) {
    return this.services.people.persons(ctx, filter, first, after);
  }

  @FieldResolver(() => Int, { description: 'Year of birth (analysts receive this and not the birth date).' })
  birthYear(@Root() person: Person): number {
    return Number(person.birthDate.slice(0, 4));
  }

  @FieldResolver(() => Int, { description: 'Whole years on `asOf` (today by default); for analysts, the age reached during the year of `asOf`.' })
  age(@Root() person: Person, @Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf?: string): number {
    return ageOn(person.birthDate, asOf ?? hubToday());
  }

  @FieldResolver(() => Boolean, { description: 'Residence district known and different from the registered one (人户分离).' })
  livesAwayFromRegistration(@Root() person: Person): boolean {
    return person.residenceDistrict != null && person.residenceDistrict !== person.registeredDistrict;
  }

  @FieldResolver(() => Household, { nullable: true })
  household(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.householdOf(ctx, person.idNumber);
  }
}
