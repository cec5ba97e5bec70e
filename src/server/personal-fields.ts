import { AUDIT_FIELDS } from '../audit/audit.personal-fields';
import { connectionFields, type PersonalFields } from '../auth/privacy/personal-fields';
import { CIVIL_AFFAIRS_FIELDS } from '../departments/civil-affairs/civil-affairs.personal-fields';
import { DISABILITY_FIELDS } from '../departments/disability/disability.personal-fields';
import { HUMAN_RESOURCES_FIELDS } from '../departments/human-resources/human-resources.personal-fields';
import { ELIGIBILITY_FIELDS } from '../eligibility/eligibility.personal-fields';
import { INGESTION_FIELDS } from '../ingestion/ingestion.personal-fields';
import { POLICY_FIELDS } from '../policy/policy.personal-fields';

/** Every field of the API with what it carries of persons; each domain declares its own. */
export const PERSONAL_FIELDS: PersonalFields = {
  ...CIVIL_AFFAIRS_FIELDS,
  ...HUMAN_RESOURCES_FIELDS,
  ...DISABILITY_FIELDS,
  ...ELIGIBILITY_FIELDS,
  ...POLICY_FIELDS,
  ...AUDIT_FIELDS,
  ...INGESTION_FIELDS,
  ...connectionFields('Person'),
  'PageInfo.hasNextPage': 'none',
  'PageInfo.hasPreviousPage': 'none',
  'PageInfo.startCursor': 'none',
  'PageInfo.endCursor': 'none',
};
