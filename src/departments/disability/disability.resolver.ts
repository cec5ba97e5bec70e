import { Arg, Mutation, Resolver } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { Services } from '../../server/services';
import { DisabilityBatch } from './disability.inputs';

@Resolver()
export class DisabilityResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => IngestReport, {
    description: 'Upserts disability records on their natural keys; bad records are reported, good ones stored.',
  })
  ingestDisability(@Arg('input', () => DisabilityBatch) input: DisabilityBatch) {
    return this.services.disability.ingest(input);
  }
}
