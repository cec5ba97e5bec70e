import type { DataSource } from 'typeorm';
import type { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import type { HubContext } from '../context/hub-context';
import { hubToday } from '../common/clock';
import { countWhenSelected, decodeCursor, pageSize, toConnection, type Connection } from '../common/connection';
import { applyPersonFilter, type PersonFilterConditions } from './people.conditions';
import type { PersonFilter } from './person-filter.input';

const DEFAULT_PAGE = 20;

/**
 * The person and household as a whole: lookups, the `persons` list and a person's household, each
 * within the caller's scope. Each department adds its own records to them (its resolvers of
 * Person and Household); reads go through the request's loaders.
 */
export class PeopleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxPage: number,
    /** Every module's conditions, one per filter field (see people.conditions). */
    private readonly filters: PersonFilterConditions,
  ) {}

  /** A person the caller may see; out of scope is the same answer as unknown. The lookup itself is audited. */
  async person(ctx: HubContext, idNumber: string): Promise<Person | null> {
    const id = idNumber.trim().toUpperCase();
    // Nobody can hold an impossible number: no lookup, and nothing of the caller's input in the audit log.
    if (!/^\d{17}[\dX]$/.test(id)) return null;
    ctx.audit.touch(id);
    const person = await ctx.loaders.civilAffairs.person.load(id);
    return person && ctx.scope.covers(person) ? person : null;
  }

  async household(ctx: HubContext, householdNumber: string): Promise<Household | null> {
    const household = await ctx.loaders.civilAffairs.household.load(householdNumber.trim());
    return household && ctx.scope.covers(household) ? household : null;
  }

  async persons(ctx: HubContext, filter: PersonFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<Person>> {
    const size = pageSize(first, DEFAULT_PAGE, this.maxPage);
    const qb = this.dataSource.manager.createQueryBuilder(Person, 'person');
    ctx.scope.limit(qb, 'person');
    const asOf = filter?.asOf ?? hubToday();
    if (filter) await applyPersonFilter(qb, filter, this.filters, asOf);
    const counted = qb.clone();
    if (after != null) qb.andWhere('person.idNumber > :after', { after: decodeCursor(after) });
    const rows = await qb.orderBy('person.idNumber', 'ASC').limit(size + 1).getMany();
    for (const row of rows) ctx.loaders.civilAffairs.person.prime(row.idNumber, row);
    ctx.audit.touch(...rows.slice(0, size).map((p) => p.idNumber));
    return toConnection(rows, size, (p) => p.idNumber, countWhenSelected(() => counted.getCount()), after != null);
  }

  async householdOf(ctx: HubContext, idNumber: string): Promise<Household | null> {
    const membership = await ctx.loaders.civilAffairs.membership.load(idNumber);
    return membership ? this.household(ctx, membership.householdNumber) : null;
  }
}
