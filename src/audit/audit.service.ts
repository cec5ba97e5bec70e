import type { DataSource, EntityManager } from 'typeorm';
import { countWhenSelected, decodeCursor, pageSize, toConnection, type Connection } from '../common/connection';
import { AuditEntry, AuditEntryPerson } from './audit-entry.entity';
import { AuditBatch, auditRowsOf, insertAuditRows, type AuditedRequest } from './audit-batch';
import type { AuditFilter } from './audit.types';

/** The append-only record of who read or wrote which persons. */
export class AuditService {
  private readonly batch: AuditBatch;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxPage: number,
  ) {
    this.batch = new AuditBatch(dataSource);
  }

  /**
   * Stores a read's entry, committed together with those of concurrent requests; resolves once it
   * is committed (src/audit/audit-batch.ts).
   */
  async commit(request: AuditedRequest): Promise<void> {
    await this.batch.commit(request);
    request.audit.written = true;
  }

  /**
   * Stores the request's entry, inside `manager`'s transaction when given (ingestion: the data and
   * its audit entry commit together) or in a transaction of its own.
   */
  async record(request: AuditedRequest, manager?: EntityManager): Promise<void> {
    if (!manager) return this.dataSource.transaction((m) => this.record(request, m));
    await insertAuditRows(manager, [auditRowsOf(request)]);
    request.audit.written = true;
  }

  /** The persons of these entries with how each figured, for the entries' `persons` field. */
  async personsOf(entryIds: readonly string[]): Promise<Map<string, AuditEntryPerson[]>> {
    const rows = entryIds.length
      ? await this.dataSource.manager
          .createQueryBuilder(AuditEntryPerson, 'p')
          .where('p.entryId IN (:...ids)', { ids: [...entryIds] })
          .orderBy('p.idNumber', 'ASC')
          .getMany()
      : [];
    const byEntry = new Map<string, AuditEntryPerson[]>(entryIds.map((id) => [id, []]));
    for (const row of rows) byEntry.get(row.entryId)?.push(row);
    return byEntry;
  }

  async list(filter: AuditFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<AuditEntry>> {
    const size = pageSize(first, 50, this.maxPage);
    const qb = this.dataSource.manager.createQueryBuilder(AuditEntry, 'entry');
    if (filter?.sub) qb.andWhere('entry.sub = :sub', { sub: filter.sub });
    if (filter?.role) qb.andWhere('entry.role = :role', { role: filter.role });
    if (filter?.district) qb.andWhere('entry.district = :district', { district: filter.district });
    if (filter?.field) {
      // fields is a comma-separated list; these four shapes match one whole name in it on any database.
      qb.andWhere('(entry.fields = :f OR entry.fields LIKE :fStart OR entry.fields LIKE :fEnd OR entry.fields LIKE :fMiddle)', {
        f: filter.field,
        fStart: `${filter.field},%`,
        fEnd: `%,${filter.field}`,
        fMiddle: `%,${filter.field},%`,
      });
    }
    if (filter?.from) qb.andWhere('entry.at >= :from', { from: filter.from });
    if (filter?.to) qb.andWhere('entry.at < :to', { to: filter.to });
    if (filter?.idNumber) {
      const touched = qb.subQuery().select('p.entryId').from(AuditEntryPerson, 'p').where('p.idNumber = :idNumber');
      if (filter.usage) touched.andWhere('p.usage = :usage');
      qb.andWhere(`entry.id IN ${touched.getQuery()}`, { idNumber: filter.idNumber, usage: filter.usage });
    }
    const counted = qb.clone();
    const totalCount = countWhenSelected(() => counted.getCount());
    if (after != null) qb.andWhere('entry.id < :after', { after: decodeCursor(after) });
    const rows = await qb.orderBy('entry.id', 'DESC').limit(size + 1).getMany();
    return toConnection(rows, size, (e) => e.id, totalCount, after != null);
  }
}
