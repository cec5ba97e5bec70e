import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { districtColumn, idNumberColumn } from '../../common/columns';
import { bigintColumn, instantColumn } from '../notification-columns';

/**
 * A notification its district acted on long ago (HUB_ARCHIVE_AFTER_DAYS, docs/push-operations.md),
 * moved out of push_notification so that the inbox, the subscription and the sweep's outbox work
 * on what is still alive. The whole row is kept as it was, as JSON, so nothing is lost: the
 * columns beside it are only what finding an archived case needs (whose, which district, which
 * change, when).
 */
@Entity('push_notification_archive')
@Index('IDX_push_notification_archive_district', ['districtCode', 'sequence'])
@Index('IDX_push_notification_archive_person', ['idNumber', 'sequence'])
@Index('IDX_push_notification_archive_change', ['changeKey'])
export class ArchivedNotification {
  /** The notification's own sequence: unique for ever, since sequences are never reused. */
  @PrimaryColumn(bigintColumn)
  sequence!: number;

  @Column(districtColumn)
  districtCode!: string;

  @Column(idNumberColumn)
  idNumber!: string;

  /** The change both districts' copies share: the other district's open copy still shows what this one did. */
  @Column({ type: 'varchar', length: 64 })
  changeKey!: string;

  @Column(instantColumn)
  createdAt!: Date;

  @Column(instantColumn)
  actedAt!: Date;

  @Column(instantColumn)
  archivedAt!: Date;

  /** The push_notification row as JSON (instants as ISO strings, `detail` as an object). */
  @Column({ type: 'text' })
  row!: string;
}
