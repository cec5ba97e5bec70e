import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { LocalDate } from '../common/local-date';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { CoverageEvaluation, DistrictStats, ParameterOverrideInput } from './coverage.types';

/** Figures per district and for the city (issue point 3, docs/coverage.md). */
@Resolver()
export class CoverageResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'analyst', 'district')
  @Query(() => [DistrictStats], {
    description:
      'Per current Tianjin district and for the city (districtCode CITY): persons and households by program, people living away from registration, the coverage gap per rule, findings, overdue reviews and the push, on asOf (default today). A district officer receives their district and the city. Every figure except the push figures comes from the latest completed evaluation pass for asOf (see `evaluation`): the records held when it started, never recounted per request. Without a pass the eligibility, findings and review figures are null and the others are counted now. With `parameters`, `whatIf` gives those figures with the parameter values overridden, from the completed what-if pass of exactly those values (`hub evaluate --parameter NAME=VALUE`).',
  })
  districtStats(
    @Ctx() ctx: HubContext,
    @Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf?: LocalDate | null,
    @Arg('parameters', () => [ParameterOverrideInput], { nullable: true, description: 'What-if parameter values (docs/coverage.md, "What-if"); each name at most once.' })
    parameters?: ParameterOverrideInput[] | null,
  ): Promise<DistrictStats[]> {
    return this.services.coverage.districtStats(ctx, asOf, parameters);
  }

  @Authorized('admin', 'analyst')
  @Mutation(() => CoverageEvaluation, {
    description:
      'Starts an evaluation pass for asOf (default today) in the background, with the what-if `parameters` or the values in force, and answers its evaluation (RUNNING). districtStats shows its figures once it is DONE (docs/coverage.md, "Requesting a pass"). One pass at a time: EVALUATION_RUNNING while any runs.',
  })
  requestEvaluation(
    @Ctx() ctx: HubContext,
    @Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf?: LocalDate | null,
    @Arg('parameters', () => [ParameterOverrideInput], { nullable: true, description: 'What-if parameter values; none for the values in force.' })
    parameters?: ParameterOverrideInput[] | null,
  ): Promise<CoverageEvaluation> {
    return this.services.coverage.requestEvaluation(ctx, asOf, parameters);
  }
}
