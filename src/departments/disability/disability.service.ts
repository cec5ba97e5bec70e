import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import type { PushService } from '../../push/push.service';
import type { HubContext } from '../../context/hub-context';
import { BatchReport } from '../../ingestion/batch-report';
import { auditBatch, type IngestCaller } from '../../ingestion/ingest-access';
import { recordReceipts } from '../../ingestion/receipts/receipts';
import type { IngestReport } from '../../ingestion/ingest-report';
import { upsertRows } from '../../common/upsert';
import type { DisabilityBatch } from './disability.inputs';
import { DisabilityCertificate } from './disability-certificate.entity';

/** The disabled persons' federation's certificates; kept even before civil affairs knows the holder. */
export class DisabilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch: number,
    private readonly audit: AuditService,
    private readonly push: PushService,
  ) {}

  async ingest(batch: DisabilityBatch, caller: IngestCaller): Promise<IngestReport> {
    const report = new BatchReport(this.maxBatch, { ...batch });
    const certificates = report.accept('certificates', batch.certificates, (c) => c.certificateNumber);
    await this.dataSource.transaction(async (manager) => {
      const push = await this.push.track(manager);
      await upsertRows(
        manager,
        DisabilityCertificate,
        certificates.map((c) => ({ ...c, validUntil: c.validUntil ?? null, revokedOn: c.revokedOn ?? null })),
        ['certificateNumber'],
      );
      const touched = certificates.map((c) => c.idNumber);
      await recordReceipts(manager, 'disability', touched);
      await push.finish(touched);
      await auditBatch(this.audit, caller, manager, touched);
    });
    return report.result();
  }

  certificatesOf(ctx: HubContext, idNumber: string): Promise<DisabilityCertificate[]> {
    return ctx.loaders.disability.certificates.load(idNumber);
  }
}
