import type { HubModule } from '../context/hub-module';
import { INGESTION_FIELDS } from './ingestion.personal-fields';
import { PersonReceipt } from './receipts/person-receipt.entity';

/**
 * The batch report every department's ingestion answers with, and when each department last sent
 * records naming each person; the mutations are the departments'.
 */
export const ingestionModule: HubModule = {
  name: 'ingestion',
  entities: [PersonReceipt],
  personalFields: INGESTION_FIELDS,
};
