import { connectionFields, type PersonalFields } from '../auth/privacy/personal-fields';

/** What the person as a whole carries beyond civil affairs' record (see PersonalKind). */
export const PEOPLE_FIELDS: PersonalFields = {
  ...connectionFields('Person'),
  'Person.birthYear': 'plain',
  'Person.age': 'age',
  'Person.livesAwayFromRegistration': 'plain',
  'Person.household': 'none',
  'HouseholdMember.person': 'none',
};
