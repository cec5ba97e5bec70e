import type { DataSource } from 'typeorm';
import { hubToday } from '../common/clock';
import { countWhenSelected, decodeCursor, pageSize, toConnection, type Connection } from '../common/connection';
import { ErrorCode, userError } from '../common/errors';
import type { HubContext } from '../context/hub-context';
import { Household } from '../departments/civil-affairs/household.entity';
import { isValidDistrictCode } from '../identity/districts';
import { CoveragePersonRule } from './coverage.entities';
import { gapRequestOf, gapRunFor, whereInGap } from './gap-filter';
import type { HouseholdGapFilter } from './households-list.types';

const DEFAULT_PAGE = 20;

/**
 * The households gap list (docs/coverage.md, "Gap lists and export"): the distinct households of
 * the gap (or lapsed) rows of the newest completed pass for `asOf`, cut to the caller's scope
 * and the district by the household's own districts (as `household` is scoped), keyset-paged.
 */
export class HouseholdsListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxPage: number,
  ) {}

  async households(ctx: HubContext, filter: HouseholdGapFilter, first?: number | null, after?: string | null): Promise<Connection<Household>> {
    const size = pageSize(first, DEFAULT_PAGE, this.maxPage);
    const request = gapRequestOf(filter);
    if (!request) {
      throw userError(ErrorCode.BAD_USER_INPUT, 'a households list is asked with `notEnrolled: true` (the coverage gap) or `enrolledNotEligibleFor` (the lapsed)', { field: 'filter.notEnrolled' });
    }
    if (filter.district != null && !isValidDistrictCode(filter.district)) {
      throw userError(ErrorCode.BAD_USER_INPUT, `${filter.district} is not a district code`, { field: 'filter.district' });
    }
    const run = await gapRunFor(this.dataSource.manager, filter.asOf ?? hubToday(), request.field);
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(Household, 'h');
    whereInGap(qb, 'h', run.id, request, 'householdNumber');
    ctx.scope.limit(qb, 'h');
    if (filter.district != null) qb.andWhere('(h.registeredDistrict = :district OR h.residenceDistrict = :district)', { district: filter.district });
    const counted = qb.clone();
    const totalCount = countWhenSelected(() => counted.getCount());
    if (after != null) qb.andWhere('h.householdNumber > :after', { after: decodeCursor(after) });
    const rows = await qb.orderBy('h.householdNumber', 'ASC').limit(size + 1).getMany();
    const page = rows.slice(0, size);
    for (const row of page) ctx.loaders.civilAffairs.household.prime(row.householdNumber, row);
    // A listed household says which of its members are in the list's rows: they are read.
    if (page.length > 0) {
      const members = m
        .createQueryBuilder(CoveragePersonRule, 'g')
        .select('DISTINCT g.idNumber', 'idNumber')
        .where('g.runId = :runId', { runId: run.id })
        .andWhere('g.gap = :gap', { gap: request.gap })
        .andWhere('g.householdNumber IN (:...numbers)', { numbers: page.map((h) => h.householdNumber) });
      if (request.ruleId != null) members.andWhere('g.ruleId = :ruleId', { ruleId: request.ruleId });
      ctx.audit.touch(...(await members.getRawMany<{ idNumber: string }>()).map((r) => r.idNumber));
    } else {
      ctx.audit.touch();
    }
    return toConnection(rows, size, (h) => h.householdNumber, totalCount, after != null);
  }
}
