import { connectionFields, type PersonalFields } from '../../auth/privacy/personal-fields';

/** Webhooks and dead letters name districts and notifications, never a person. */
export const WEBHOOK_FIELDS: PersonalFields = {
  ...connectionFields('DeadLetter'),
  'Webhook.districtCode': 'none',
  'Webhook.url': 'none',
  'Webhook.registeredAt': 'none',
  'Webhook.registeredBy': 'none',
  'DeadLetter.id': 'none',
  'DeadLetter.districtCode': 'none',
  'DeadLetter.attempts': 'none',
  'DeadLetter.lastError': 'none',
  'DeadLetter.failedAt': 'none',
};
