import type { HubModule } from '../context/hub-module';
import { INGESTION_FIELDS } from './ingestion.personal-fields';

/** The batch report every department's ingestion answers with; the mutations are the departments'. */
export const ingestionModule: HubModule = {
  name: 'ingestion',
  personalFields: INGESTION_FIELDS,
};
