import { connectionFields, type PersonalFields } from '../auth/privacy/personal-fields';

/**
 * What reading findings adds to the API. The fields of CrossCheckFinding itself are classified
 * with the push, which served them first (src/push/push.personal-fields.ts). Analysts cannot
 * reach any of these (FINDING_READERS); the kinds still hold if a path to them appears.
 */
export const FINDINGS_LIST_FIELDS: PersonalFields = {
  'Person.crossCheckFindings': 'none',
  ...connectionFields('Finding'),
  'FindingItem.person': 'none',
  'FindingItem.finding': 'none',
};
