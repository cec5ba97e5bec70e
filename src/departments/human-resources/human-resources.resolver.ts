import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { Person } from '../civil-affairs/person.entity';
import { HumanResourcesBatch } from './human-resources.inputs';
import { IncomeMonth } from './income-month.entity';
import { InsuranceEnrollment } from './insurance-enrollment.entity';
import { UnemploymentRegistration } from './unemployment-registration.entity';

@Resolver()
export class HumanResourcesResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'department:human-resources')
  @Mutation(() => IngestReport, {
    description: 'Upserts human resources records on their natural keys; bad records are reported, good ones stored.',
  })
  ingestHumanResources(@Arg('input', () => HumanResourcesBatch) input: HumanResourcesBatch, @Ctx() ctx: HubContext) {
    return this.services.humanResources.ingest(input, ctx);
  }
}

/** What human resources adds to a person, joined on the ID number. */
@Resolver(() => Person)
export class PersonHumanResourcesResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [UnemploymentRegistration])
  unemploymentRegistrations(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.humanResources.unemploymentRegistrationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [InsuranceEnrollment])
  insuranceEnrollments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.humanResources.insuranceEnrollmentsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [IncomeMonth], { description: 'Months human resources recorded income for, oldest first.' })
  incomeMonths(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.humanResources.incomeMonthsOf(ctx, person.idNumber);
  }
}
