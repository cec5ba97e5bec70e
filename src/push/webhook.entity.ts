import { Column, Entity, PrimaryColumn } from 'typeorm';
import { districtColumn } from '../common/columns';
import { instantColumn, subjectColumn } from './notification-columns';

/** A district's webhook endpoint (one per district), registered by the city bureau. */
@Entity('push_webhook')
export class PushWebhook {
  @PrimaryColumn(districtColumn)
  districtCode!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** The HMAC key deliveries are signed with; the receiver holds the same. Never answered by the API. */
  @Column({ type: 'varchar', length: 255 })
  secret!: string;

  @Column(instantColumn)
  registeredAt!: Date;

  @Column(subjectColumn)
  registeredBy!: string | null;
}
