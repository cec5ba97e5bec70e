import { connectionFields, type PersonalFields } from '../auth/privacy/personal-fields';

/** The audit log is for admins only; its fields are still classified like any other. */
export const AUDIT_FIELDS: PersonalFields = {
  ...connectionFields('AuditEntry'),
  'AuditEntry.id': 'none',
  'AuditEntry.at': 'plain',
  'AuditEntry.requestId': 'plain',
  'AuditEntry.sub': 'plain',
  'AuditEntry.role': 'plain',
  'AuditEntry.district': 'plain',
  'AuditEntry.dept': 'plain',
  'AuditEntry.operation': 'plain',
  'AuditEntry.fields': 'plain',
  'AuditEntry.purpose': 'plain',
  'AuditEntry.personCount': 'plain',
  'AuditEntry.persons': 'none',
  'AuditedPerson.idNumber': 'id-number',
  'AuditedPerson.usage': 'plain',
};
