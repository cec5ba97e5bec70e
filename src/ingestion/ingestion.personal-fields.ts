import type { PersonalFields } from '../auth/privacy/personal-fields';

/** An ingestion report names only the sender's own records (analysts cannot send any). */
export const INGESTION_FIELDS: PersonalFields = {
  'IngestReport.accepted': 'none',
  'IngestReport.rejected': 'none',
  'IngestReport.errors': 'none',
  'IngestError.list': 'none',
  'IngestError.index': 'none',
  'IngestError.key': 'plain',
  'IngestError.field': 'none',
  'IngestError.code': 'none',
  'IngestError.message': 'plain',
};
