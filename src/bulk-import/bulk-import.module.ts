import type { HubModule } from '../context/hub-module';
import { ImportCheckpoint } from './import-checkpoint.entity';

/** The operator's bulk import (`hub import`): it writes through the departments' services and keeps only its checkpoints. */
export const bulkImportModule: HubModule = {
  name: 'bulk-import',
  entities: [ImportCheckpoint],
};
