import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
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
