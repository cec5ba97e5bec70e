import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { Person } from '../civil-affairs/person.entity';
import { DisabilityCertificate } from './disability-certificate.entity';
import { DisabilityBatch } from './disability.inputs';

@Resolver()
export class DisabilityResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'department:disability')
  @Mutation(() => IngestReport, {
    description: 'Upserts disability records on their natural keys; bad records are reported, good ones stored.',
  })
  ingestDisability(@Arg('input', () => DisabilityBatch) input: DisabilityBatch, @Ctx() ctx: HubContext) {
    return this.services.disability.ingest(input, ctx);
  }
}

/** What the disabled persons' federation adds to a person, joined on the ID number. */
@Resolver(() => Person)
export class PersonDisabilityResolver {
  constructor(private readonly services: Services) {}

  @FieldResolver(() => [DisabilityCertificate])
  disabilityCertificates(@Root() person: Person, @Ctx() ctx: HubContext) {
    return this.services.disability.certificatesOf(ctx, person.idNumber);
  }
}
