import type { PersonalFields } from '../auth/privacy/personal-fields';

/**
 * What a `crossCheck` answer carries of persons (see PersonalKind). Only partner departments and
 * admins may call it; the kinds still hold should another caller ever reach the type.
 */
export const CROSS_CHECK_QUERY_FIELDS: PersonalFields = {
  'CrossCheckResult.idNumber': 'id-number',
  'CrossCheckResult.status': 'plain',
  // Says what is wrong with the string the caller sent, quoting at most parts of it.
  'CrossCheckResult.message': 'plain',
  'CrossCheckResult.registeredUnemployed': 'plain',
  'CrossCheckResult.insured': 'plain',
  'CrossCheckResult.drawingBenefit': 'plain',
  'CrossCheckResult.dibao': 'plain',
  'CrossCheckResult.lowIncome': 'plain',
  'CrossCheckResult.tekun': 'plain',
  'CrossCheckResult.temporaryAssistance': 'plain',
  'CrossCheckResult.severeDisability': 'plain',
  'CrossCheckResult.findings': 'derived',
  'CrossCheckResult.civilAffairsReceivedAt': 'plain',
  'CrossCheckResult.humanResourcesReceivedAt': 'plain',
  'CrossCheckResult.disabilityReceivedAt': 'plain',
};
