import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, districtColumn, idNumberColumn, keyColumn } from '../common/columns';
import type { LocalDate } from '../common/local-date';
import { moneyColumn } from '../common/money';
import { bigintColumn, instantColumn, nullableInstantColumn, subjectColumn } from './notification-columns';
import { NotificationKind, NotificationStatus, NotificationTrigger } from './push.enums';
import type { NotificationDetail } from './notification-detail';

/**
 * One district's copy of one match (docs/push.md). Written in the transaction of the change that
 * caused it; `sequence` is taken under a lock held to that commit, so sequences follow commit order
 * and a reader that resumes after the last sequence it saw misses nothing and sees nothing twice.
 */
@ObjectType('Notification', { description: "One district's copy of a match about a person living away from registration (clause 4, docs/push.md)." })
@Entity('push_notification')
@Index('UQ_push_notification_change', ['districtCode', 'changeKey'], { unique: true })
@Index('IDX_push_notification_inbox', ['districtCode', 'status', 'sequence'])
@Index('IDX_push_notification_district', ['districtCode', 'sequence'])
@Index('IDX_push_notification_person', ['idNumber', 'sequence'])
@Index('IDX_push_notification_change', ['changeKey'])
export class PushNotification {
  @PrimaryColumn(bigintColumn)
  sequence!: number;

  /** The district this copy is for: the registered or the residence district. */
  @Field({ description: 'The district this copy is for.' })
  @Column(districtColumn)
  districtCode!: string;

  @Field({ description: 'The person\'s registered (户籍) district when the match was found.' })
  @Column(districtColumn)
  registeredDistrict!: string;

  @Field({ description: 'The person\'s residence district when the match was found.' })
  @Column(districtColumn)
  residenceDistrict!: string;

  @Field({ description: 'The person\'s ID number.' })
  @Column(idNumberColumn)
  idNumber!: string;

  @Field(() => NotificationKind)
  @Column({ type: 'varchar', length: 24 })
  kind!: NotificationKind;

  @Field(() => NotificationTrigger)
  @Column({ type: 'varchar', length: 24 })
  trigger!: NotificationTrigger;

  /** The rule whose decision changed (eligibility matches). */
  @Field(() => String, { nullable: true, description: 'The rule whose decision changed (eligibility matches).' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ruleId!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 24, nullable: true })
  program!: string | null;

  /** The enrollment number (enrollment matches) or the finding's code and key (findings). */
  @Column({ ...keyColumn, length: 96, nullable: true })
  recordKey!: string | null;

  @Field(() => String, { nullable: true, description: 'The rule\'s outcome at the previous evaluation (null: none, or not evaluated living away before).' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  previousOutcome!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  newOutcome!: string | null;

  @Column({ ...moneyColumn, nullable: true })
  amount!: number | null;

  @Field(() => LocalDateResolver, { description: 'The date the person was evaluated on.' })
  @Column(dateColumn)
  asOf!: LocalDate;

  /** SHA-256 of person, kind, rule or record, new state and asOf: one notification per change per district. */
  @Column({ type: 'varchar', length: 64 })
  changeKey!: string;

  /** The decision or finding behind the match, unrendered, for each reader's language and scope. */
  @Column({ type: 'text', transformer: { to: (v: NotificationDetail) => JSON.stringify(v), from: (v: string) => JSON.parse(v) as NotificationDetail } })
  detail!: NotificationDetail;

  @Field(() => DateTimeISOResolver)
  @Column(instantColumn)
  createdAt!: Date;

  @Field(() => NotificationStatus)
  @Column({ type: 'varchar', length: 24 })
  status!: NotificationStatus;

  @Field(() => DateTimeISOResolver, { nullable: true })
  @Column(nullableInstantColumn)
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Token subject of the officer who acknowledged it.' })
  @Column(subjectColumn)
  acknowledgedBy!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  @Column(nullableInstantColumn)
  actedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Token subject of the officer who recorded the outcome.' })
  @Column(subjectColumn)
  actedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why no assistance was needed (NOT_NEEDED).' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  outcomeReason!: string | null;
}
