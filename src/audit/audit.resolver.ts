import { Arg, Authorized, Int, Query, Resolver } from 'type-graphql';
import type { Services } from '../server/services';
import { AuditEntryConnection, AuditFilter } from './audit.types';

@Resolver()
export class AuditResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin')
  @Query(() => AuditEntryConnection, { description: 'Who read or wrote which persons, when and why; newest first. Admin only.' })
  auditLog(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.services.audit.list(filter, first, after);
  }
}
