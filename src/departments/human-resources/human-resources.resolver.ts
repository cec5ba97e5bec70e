import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { HumanResourcesBatch } from './human-resources.inputs';

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
