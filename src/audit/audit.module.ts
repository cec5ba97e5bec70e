import type { HubModule } from '../context/hub-module';
import { AuditEntry, AuditEntryPerson } from './audit-entry.entity';
import { AUDIT_FIELDS } from './audit.personal-fields';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The append-only audit log; listed first, since every department's ingestion writes to it. */
export const auditModule: HubModule<'audit'> = {
  name: 'audit',
  entities: [AuditEntry, AuditEntryPerson],
  resolvers: [AuditResolver],
  personalFields: AUDIT_FIELDS,
  // Reading the log reveals who was looked up: that is itself audited.
  auditedRootFields: ['auditLog'],
  createServices: ({ dataSource, settings }) => ({ audit: new AuditService(dataSource, settings.HUB_MAX_PAGE) }),
};
