import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import { CivilAffairsBatch } from './civil-affairs.inputs';
import { EconomicCheck } from './economic-check.entity';
import { Household } from './household.entity';
import { HouseholdMember } from './household-member.entity';
import { Person } from './person.entity';
import { PersonSituation } from './person-situation.entity';
import { SeriousIllnessCertification } from './serious-illness-certification.entity';
import { TemporaryAssistancePayment } from './temporary-assistance-payment.entity';

@Resolver()
export class CivilAffairsResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'district')
  @Mutation(() => IngestReport, {
    description: 'Upserts civil affairs records on their natural keys; bad records are reported, good ones stored.',
  })
  ingestCivilAffairs(@Arg('input', () => CivilAffairsBatch) input: CivilAffairsBatch, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.ingest(input, ctx);
  }
}

/** Civil affairs' records about a person beyond the person record itself. */
@Resolver(() => Person)
export class PersonCivilAffairsResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [PersonSituation])
  situations(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.situationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [AssistanceEnrollment], { description: 'Own enrollments and those of the household.' })
  enrollments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.enrollmentsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [SeriousIllnessCertification])
  seriousIllnessCertifications(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.seriousIllnessCertificationsOf(ctx, person.idNumber);
  }

  @FieldResolver(() => [TemporaryAssistancePayment])
  temporaryAssistancePayments(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.temporaryAssistancePaymentsOf(ctx, person.idNumber);
  }
}

/** Civil affairs' records about a household: its member list, economic checks and enrollments. */
@Resolver(() => Household)
export class HouseholdCivilAffairsResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [HouseholdMember])
  members(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.membersOf(ctx, household.householdNumber);
  }

  @FieldResolver(() => Int, { description: 'Members listed on the household record.' })
  async size(@Root() household: Household, @Ctx() ctx: HubContext) {
    return (await this.services.civilAffairs.membersOf(ctx, household.householdNumber)).length;
  }

  @FieldResolver(() => [EconomicCheck], { description: 'Economic checks, latest first.' })
  economicChecks(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.economicChecksOf(ctx, household.householdNumber);
  }

  @FieldResolver(() => [AssistanceEnrollment], { description: 'Enrollments of the household as a unit.' })
  enrollments(@Root() household: Household, @Ctx() ctx: HubContext) {
    return this.services.civilAffairs.householdEnrollmentsOf(ctx, household.householdNumber);
  }
}
