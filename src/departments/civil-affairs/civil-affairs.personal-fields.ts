import type { PersonalFields } from '../../auth/privacy/personal-fields';

/** What civil affairs' types carry of persons (see PersonalKind). */
export const CIVIL_AFFAIRS_FIELDS: PersonalFields = {
  'Person.idNumber': 'id-number',
  'Person.name': 'name',
  'Person.sex': 'plain',
  'Person.birthDate': 'birth-date',
  'Person.registeredDistrict': 'plain',
  'Person.residenceDistrict': 'plain',
  'Person.residencePermitValidFrom': 'plain',
  'Person.residencePermitValidUntil': 'plain',
  'Person.fatherIdNumber': 'person-ref',
  'Person.motherIdNumber': 'person-ref',
  'Person.supporterStatus': 'plain',
  'Person.situations': 'none',
  'Person.enrollments': 'none',
  'Person.seriousIllnessCertifications': 'none',
  'Person.temporaryAssistancePayments': 'none',

  'Household.householdNumber': 'record-number:household',
  'Household.registeredDistrict': 'plain',
  'Household.residenceDistrict': 'plain',
  'Household.members': 'none',
  'Household.size': 'plain',
  'Household.economicChecks': 'none',
  'Household.enrollments': 'none',

  // The member list is the household's own record: who may see the household sees who is on it.
  'HouseholdMember.idNumber': 'id-number',
  'HouseholdMember.relation': 'plain',
  'HouseholdMember.monthlyIncome': 'plain',

  'EconomicCheck.householdNumber': 'record-number:household',
  'EconomicCheck.checkedOn': 'plain',
  'EconomicCheck.moneyAssets': 'plain',
  'EconomicCheck.otherPropertyValue': 'plain',
  'EconomicCheck.vehicle': 'plain',
  'EconomicCheck.homes': 'plain',
  'EconomicCheck.nonResidentialProperty': 'plain',
  'EconomicCheck.incomeStable': 'plain',

  'AssistanceEnrollment.enrollmentNumber': 'record-number:enrollment',
  'AssistanceEnrollment.program': 'plain',
  'AssistanceEnrollment.unit': 'plain',
  'AssistanceEnrollment.householdNumber': 'record-number:household',
  'AssistanceEnrollment.idNumber': 'id-number',
  'AssistanceEnrollment.startDate': 'plain',
  'AssistanceEnrollment.endDate': 'plain',
  'AssistanceEnrollment.monthlyAmount': 'plain',

  'PersonSituation.kind': 'plain',
  'PersonSituation.since': 'plain',
  'PersonSituation.until': 'plain',

  'SeriousIllnessCertification.certificationNumber': 'record-number:certification',
  'SeriousIllnessCertification.idNumber': 'id-number',
  'SeriousIllnessCertification.tier': 'plain',
  'SeriousIllnessCertification.validFrom': 'plain',
  'SeriousIllnessCertification.validUntil': 'plain',

  'TemporaryAssistancePayment.paymentNumber': 'record-number:payment',
  'TemporaryAssistancePayment.idNumber': 'id-number',
  'TemporaryAssistancePayment.paidOn': 'plain',
  'TemporaryAssistancePayment.amount': 'plain',
  'TemporaryAssistancePayment.kind': 'plain',
};
