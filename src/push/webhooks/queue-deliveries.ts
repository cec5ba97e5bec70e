import { In, type EntityManager } from 'typeorm';
import type { PushNotification } from '../notification.entity';
import { DeliveryStatus } from '../push.enums';
import { PushDelivery } from '../webhook-delivery.entity';
import { PushWebhook } from '../webhook.entity';

/**
 * A delivery for each new notification whose district has a webhook, in the notification's own
 * transaction: a notification that commits is delivered, one that rolls back never is.
 */
export async function queueDeliveries(manager: EntityManager, notifications: PushNotification[]): Promise<void> {
  const districts = [...new Set(notifications.map((n) => n.districtCode))];
  if (districts.length === 0) return;
  const hooked = new Set((await manager.findBy(PushWebhook, { districtCode: In(districts) })).map((w) => w.districtCode));
  const rows = notifications
    .filter((n) => hooked.has(n.districtCode))
    .map(
      (n): PushDelivery => ({
        sequence: n.sequence,
        districtCode: n.districtCode,
        idNumber: n.idNumber,
        status: DeliveryStatus.PENDING,
        attempts: 0,
        nextAttemptAt: n.createdAt,
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        deliveredAt: null,
      }),
    );
  for (let i = 0; i < rows.length; i += 100) await manager.insert(PushDelivery, rows.slice(i, i + 100));
}
