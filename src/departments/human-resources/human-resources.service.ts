import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import type { PushService } from '../../push/push.service';
import type { HubContext } from '../../context/hub-context';
import { BatchReport } from '../../ingestion/batch-report';
import { auditBatch, type IngestCaller } from '../../ingestion/ingest-access';
import { recordReceipts } from '../../ingestion/receipts/receipts';
import type { IngestReport } from '../../ingestion/ingest-report';
import { upsertRows } from '../../common/upsert';
import type { HumanResourcesBatch } from './human-resources.inputs';
import { IncomeMonth } from './income-month.entity';
import { InsuranceEnrollment } from './insurance-enrollment.entity';
import { UnemploymentRegistration } from './unemployment-registration.entity';

/**
 * Human resources' records. They are stored whether or not civil affairs knows the person yet:
 * the join on the ID number happens when both are there.
 */
export class HumanResourcesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch: number,
    private readonly audit: AuditService,
    private readonly push: PushService,
  ) {}

  async ingest(batch: HumanResourcesBatch, caller: IngestCaller): Promise<IngestReport> {
    const report = new BatchReport(this.maxBatch, { ...batch });
    const registrations = report.accept('unemploymentRegistrations', batch.unemploymentRegistrations, (r) => r.registrationNumber);
    const insurance = report.accept('insuranceEnrollments', batch.insuranceEnrollments, (e) => `${e.idNumber}@${e.startDate}`);
    const incomes = report.accept('incomeMonths', batch.incomeMonths, (i) => `${i.idNumber}@${i.month}`);

    await this.dataSource.transaction(async (manager) => {
      const push = await this.push.track(manager);
      await upsertRows(
        manager,
        UnemploymentRegistration,
        registrations.map((r) => ({ ...r, endDate: r.endDate ?? null })),
        ['registrationNumber'],
      );
      await upsertRows(
        manager,
        InsuranceEnrollment,
        insurance.map((e) => ({ ...e, endDate: e.endDate ?? null })),
        ['idNumber', 'startDate'],
      );
      await upsertRows(manager, IncomeMonth, incomes.map((i) => ({ ...i })), ['idNumber', 'month']);
      const touched = [...registrations, ...insurance, ...incomes].map((r) => r.idNumber);
      await recordReceipts(manager, 'human-resources', touched);
      await push.finish(touched);
      await auditBatch(this.audit, caller, manager, touched);
    });
    return report.result();
  }

  unemploymentRegistrationsOf(ctx: HubContext, idNumber: string): Promise<UnemploymentRegistration[]> {
    return ctx.loaders.humanResources.unemploymentRegistrations.load(idNumber);
  }

  insuranceEnrollmentsOf(ctx: HubContext, idNumber: string): Promise<InsuranceEnrollment[]> {
    return ctx.loaders.humanResources.insuranceEnrollments.load(idNumber);
  }

  incomeMonthsOf(ctx: HubContext, idNumber: string): Promise<IncomeMonth[]> {
    return ctx.loaders.humanResources.incomeMonths.load(idNumber);
  }
}
