import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idNumberColumn } from '../../common/columns';

/**
 * When a department last sent records naming a person: one row per person and department,
 * overwritten by every batch that names them, in that batch's transaction. It answers crossCheck's
 * "data last received" with one indexed read per thousand persons, where the audit log (which
 * keeps every call and only grows) would be scanned.
 */
@Entity('person_receipt')
@Index('IDX_person_receipt_department', ['department', 'receivedAt'])
export class PersonReceipt {
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  department!: string;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;
}
