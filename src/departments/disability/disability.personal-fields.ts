import type { PersonalFields } from '../../auth/privacy/personal-fields';

/** What the disability federation's types carry of persons (see PersonalKind). */
export const DISABILITY_FIELDS: PersonalFields = {
  'Person.disabilityCertificates': 'none',

  // The number is the holder's ID number plus category and grade: a pseudonym, never a mask.
  'DisabilityCertificate.certificateNumber': 'record-number:certificate',
  'DisabilityCertificate.idNumber': 'id-number',
  'DisabilityCertificate.name': 'name',
  'DisabilityCertificate.category': 'plain',
  'DisabilityCertificate.categoryName': 'plain',
  'DisabilityCertificate.grade': 'plain',
  'DisabilityCertificate.issuedOn': 'plain',
  'DisabilityCertificate.validUntil': 'plain',
  'DisabilityCertificate.revokedOn': 'plain',
};
