import type { PersonalFields } from '../auth/privacy/personal-fields';

const PARAMETER = ['name', 'value', 'unit', 'effectiveFrom', 'reference', 'status', 'note'];

/** Policy parameters are public law: nothing personal. */
export const POLICY_FIELDS: PersonalFields = Object.fromEntries([
  ...PARAMETER.map((f) => [`ParameterValue.${f}`, 'none']),
  ...[...PARAMETER, 'title', 'clause'].map((f) => [`PolicyParameter.${f}`, 'none']),
]);
