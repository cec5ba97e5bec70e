import type { PersonalFields } from '../auth/privacy/personal-fields';
import type { AnyHubModule } from '../context/hub-module';
import { HUB_MODULES } from './modules';

/** Types of src/common/ that no domain owns. */
const SHARED_FIELDS: PersonalFields = {
  'PageInfo.hasNextPage': 'none',
  'PageInfo.hasPreviousPage': 'none',
  'PageInfo.startCursor': 'none',
  'PageInfo.endCursor': 'none',
};

/** Every field of the given modules' API with what it carries of persons; each module declares its own. */
export function personalFieldsOf(modules: readonly AnyHubModule[]): PersonalFields {
  const fields: PersonalFields = { ...SHARED_FIELDS };
  const owner: Record<string, string> = {};
  for (const module of modules) {
    for (const [field, kind] of Object.entries(module.personalFields ?? {})) {
      // Two kinds for one field: whichever won would be an accident of the list's order.
      if (field in fields) throw new Error(`${field} is classified twice (${owner[field] ?? 'shared'} and ${module.name})`);
      owner[field] = module.name;
      fields[field] = kind;
    }
  }
  return fields;
}

/** Every field of the hub's API with what it carries of persons. */
export const PERSONAL_FIELDS: PersonalFields = personalFieldsOf(HUB_MODULES);
