import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from './notification-columns';

/**
 * The last notification sequence handed out. A transaction that writes notifications increments it
 * first and holds its row lock until it commits, so sequences are granted in commit order: the
 * inbox, the subscription and the webhooks can all resume after a sequence without gaps. Only
 * transactions that write notifications wait on it, and only for each other.
 */
@Entity('push_sequence')
export class PushSequence {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column(bigintColumn)
  value!: number;
}
