import { connectionFields, type PersonalFields } from '../auth/privacy/personal-fields';

/** The households gap list: a connection of Household, whose own fields civil affairs classifies. */
export const HOUSEHOLDS_LIST_FIELDS: PersonalFields = {
  ...connectionFields('Household'),
};
