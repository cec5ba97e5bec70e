import { AccessScope } from '../../auth/access-scope';
import type { ParameterStore } from '../../policy/parameter-store';
import { notificationAmount, notificationRecordKey } from '../notification-content';
import type { PushNotification } from '../notification.entity';

/**
 * What a district's endpoint receives: the notification's columns, nothing of its detail. Names
 * and explanations stay behind the API, where the reader's scope, language and the audit log
 * apply; the district reads them with `districtInbox` using `id`.
 */
export interface DeliveryPayload {
  id: string;
  sequence: number;
  districtCode: string;
  registeredDistrict: string;
  residenceDistrict: string;
  idNumber: string;
  kind: string;
  trigger: string;
  ruleId: string | null;
  program: string | null;
  recordKey: string | null;
  previousOutcome: string | null;
  newOutcome: string | null;
  amount: number | null;
  asOf: string;
  createdAt: string;
}

/** The district's own reader: the payload holds what an officer of that district would see. */
const readerOf = (districtCode: string) => new AccessScope({ sub: 'webhook', role: 'district', district: districtCode });

export function payloadOf(n: PushNotification, parameters: ParameterStore): DeliveryPayload {
  return {
    // The notification's id in the API is its sequence.
    id: String(n.sequence),
    sequence: n.sequence,
    districtCode: n.districtCode,
    registeredDistrict: n.registeredDistrict,
    residenceDistrict: n.residenceDistrict,
    idNumber: n.idNumber,
    kind: n.kind,
    trigger: n.trigger,
    ruleId: n.ruleId,
    program: n.program,
    recordKey: notificationRecordKey(n, readerOf(n.districtCode)),
    previousOutcome: n.previousOutcome,
    newOutcome: n.newOutcome,
    amount: notificationAmount(n, readerOf(n.districtCode), parameters),
    asOf: n.asOf,
    createdAt: new Date(n.createdAt).toISOString(),
  };
}

/** The same change for the same district always has the same key, whichever attempt or instance sends it. */
export function idempotencyKeyOf(n: Pick<PushNotification, 'districtCode' | 'changeKey'>): string {
  return `${n.districtCode}:${n.changeKey}`;
}
