import { Arg, Mutation, Resolver } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { Services } from '../../server/services';
import { CivilAffairsBatch } from './civil-affairs.inputs';

@Resolver()
export class CivilAffairsResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => IngestReport, {
    description: 'Upserts civil affairs records on their natural keys; bad records are reported, good ones stored.',
  })
  ingestCivilAffairs(@Arg('input', () => CivilAffairsBatch) input: CivilAffairsBatch) {
    return this.services.civilAffairs.ingest(input);
  }
}
