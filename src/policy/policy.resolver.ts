import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Query, Resolver } from 'type-graphql';
import type { Services } from '../context/services';
import { PolicyParameter } from './policy.types';

@Resolver()
export class PolicyResolver {
  constructor(private readonly services: Services) {}

  @Authorized()
  @Query(() => [PolicyParameter], { description: 'Every policy parameter in force on `asOf` (today by default), with its reference.' })
  policyParameters(@Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf?: string) {
    return this.services.policy.parameters(asOf);
  }
}
