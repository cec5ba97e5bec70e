import type { PersonalFields } from '../../auth/privacy/personal-fields';

/** What human resources' types carry of persons (see PersonalKind). */
export const HUMAN_RESOURCES_FIELDS: PersonalFields = {
  'Person.unemploymentRegistrations': 'none',
  'Person.insuranceEnrollments': 'none',
  'Person.incomeMonths': 'none',

  'UnemploymentRegistration.registrationNumber': 'record-number:registration',
  'UnemploymentRegistration.idNumber': 'id-number',
  'UnemploymentRegistration.name': 'name',
  'UnemploymentRegistration.district': 'plain',
  'UnemploymentRegistration.startDate': 'plain',
  'UnemploymentRegistration.endDate': 'plain',

  'InsuranceEnrollment.idNumber': 'id-number',
  'InsuranceEnrollment.name': 'name',
  'InsuranceEnrollment.startDate': 'plain',
  'InsuranceEnrollment.endDate': 'plain',
  'InsuranceEnrollment.drawingBenefit': 'plain',

  'IncomeMonth.idNumber': 'id-number',
  'IncomeMonth.month': 'plain',
  'IncomeMonth.amount': 'plain',
};
