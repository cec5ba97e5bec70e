import { In, type EntityManager } from 'typeorm';
import { loaderOfMany } from '../common/batch-loader';
import { PushNotification } from './notification.entity';
import type { NotificationStatus } from './push.enums';
import { ArchivedNotification } from './retention/archived-notification.entity';

export type PushLoaders = ReturnType<typeof createPushLoaders>;

/** A copy's status as the other district sees it. */
export interface CopyStatus {
  changeKey: string;
  districtCode: string;
  status: NotificationStatus;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
}

/**
 * The copies of each change (one per district), for a page of notifications in two statements:
 * a copy acted on and archived still tells the other district what was done.
 */
export function createPushLoaders(manager: EntityManager) {
  return {
    copies: loaderOfMany(async (keys: string[]): Promise<CopyStatus[]> => {
      const [live, archived] = await Promise.all([
        manager.find(PushNotification, {
          select: { changeKey: true, districtCode: true, status: true, acknowledgedAt: true, actedAt: true },
          where: { changeKey: In(keys) },
        }),
        manager.find(ArchivedNotification, { select: { changeKey: true, districtCode: true, row: true }, where: { changeKey: In(keys) } }),
      ]);
      return [
        ...live,
        ...archived.map((a) => {
          const row = JSON.parse(a.row) as { status: NotificationStatus; acknowledgedAt: string | null; actedAt: string | null };
          return {
            changeKey: a.changeKey,
            districtCode: a.districtCode,
            status: row.status,
            acknowledgedAt: row.acknowledgedAt ? new Date(row.acknowledgedAt) : null,
            actedAt: row.actedAt ? new Date(row.actedAt) : null,
          };
        }),
      ];
    }, (n) => n.changeKey),
  };
}
