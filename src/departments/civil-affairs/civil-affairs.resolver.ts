import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { IngestReport } from '../../ingestion/ingest-report';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { CivilAffairsBatch } from './civil-affairs.inputs';

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
