import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { LocalDate } from '../common/local-date';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { CrossCheckResult } from './cross-check-result.types';
import { MAX_CROSS_CHECK_IDS } from './cross-check-query.service';

/** Partner departments (purpose required) and admins; district officers browse persons instead, analysts see no one. */
export const CROSS_CHECKERS = ['admin', 'department'];

@Resolver()
export class CrossCheckQueryResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...CROSS_CHECKERS)
  @Query(() => [CrossCheckResult], {
    description:
      `Clause 6: the compact status of each listed person on asOf (today by default), one result per entry in the order given, at most ${MAX_CROSS_CHECK_IDS} entries. ` +
      'An invalid or unknown ID number is a result of its own, never an error. A department receives only the fields its purpose needs (docs/findings.md, "crossCheck").',
  })
  crossCheck(
    @Ctx() ctx: HubContext,
    @Arg('idNumbers', () => [String]) idNumbers: string[],
    @Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf?: LocalDate | null,
  ): Promise<CrossCheckResult[]> {
    return this.services.crossCheckQuery.crossCheck(ctx, idNumbers, asOf);
  }
}
