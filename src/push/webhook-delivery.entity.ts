import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { districtColumn, idNumberColumn } from '../common/columns';
import { bigintColumn, instantColumn, nullableInstantColumn } from './notification-columns';
import type { DeliveryStatus } from './push.enums';

/**
 * One notification to deliver to its district's webhook, written with the notification when the
 * district has one. Instances claim rows (claimedBy/claimedUntil) before delivering, so no two
 * deliver the same notification at once; a person's deliveries go out in sequence order.
 */
@Entity('push_delivery')
@Index('IDX_push_delivery_due', ['status', 'nextAttemptAt'])
@Index('IDX_push_delivery_person', ['districtCode', 'idNumber', 'sequence'])
export class PushDelivery {
  /** The notification's sequence. */
  @PrimaryColumn(bigintColumn)
  sequence!: number;

  @Column(districtColumn)
  districtCode!: string;

  @Column(idNumberColumn)
  idNumber!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column(instantColumn)
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  claimedBy!: string | null;

  @Column(nullableInstantColumn)
  claimedUntil!: Date | null;

  /** Why the last attempt failed (status code or network error), never the response body. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  lastError!: string | null;

  @Column(nullableInstantColumn)
  deliveredAt!: Date | null;
}
