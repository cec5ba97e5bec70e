import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { AuditEntry } from './audit-entry.entity';
import { AuditEntryConnection, AuditedPerson, AuditFilter } from './audit.types';

const personLoaders = new WeakMap<HubContext, DataLoader<string, AuditedPerson[]>>();

@Resolver(() => AuditEntry)
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

  @FieldResolver(() => [AuditedPerson], { description: 'The persons the operation concerned, and how each figured.' })
  persons(@Root() entry: AuditEntry, @Ctx() ctx: HubContext) {
    let loader = personLoaders.get(ctx);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const byEntry = await this.services.audit.personsOf(ids);
        return ids.map((id) => byEntry.get(id) ?? []);
      });
      personLoaders.set(ctx, loader);
    }
    return loader.load(entry.id);
  }
}
