import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import { PersonSituation } from '../departments/civil-affairs/person-situation.entity';
import { SeriousIllnessCertification } from '../departments/civil-affairs/serious-illness-certification.entity';
import { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import { DisabilityCertificate } from '../departments/disability/disability-certificate.entity';
import { IncomeMonth } from '../departments/human-resources/income-month.entity';
import { InsuranceEnrollment } from '../departments/human-resources/insurance-enrollment.entity';
import { UnemploymentRegistration } from '../departments/human-resources/unemployment-registration.entity';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { hubToday } from '../shared/clock';
import { ageOn } from '../shared/local-date';
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

  @FieldResolver(() => [PersonSituation])
  situations(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.situationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [AssistanceEnrollment], { description: 'Own enrollments and those of the household.' })
  enrollments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.enrollmentsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [SeriousIllnessCertification])
  seriousIllnessCertifications(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.seriousIllnessCertificationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [TemporaryAssistancePayment])
  temporaryAssistancePayments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.temporaryAssistancePaymentsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [DisabilityCertificate])
  disabilityCertificates(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.disabilityCertificatesOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [UnemploymentRegistration])
  unemploymentRegistrations(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.unemploymentRegistrationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [InsuranceEnrollment])
  insuranceEnrollments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.insuranceEnrollmentsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [IncomeMonth], { description: 'Months human resources recorded income for, oldest first.' })
  incomeMonths(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.people.incomeMonthsOf(ctx, person.idNumber);
  }
}
