import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { PushNotification } from './notification.entity';
import { NotificationStatus } from './push.enums';

@ObjectType()
export class NotificationConnection extends ConnectionType('Notification', PushNotification) {}

@ObjectType({ description: "Where the other district's copy of the same match stands: neither closes the other's." })
export class NotificationCopyStatus {
  @Field()
  districtCode!: string;

  @Field(() => NotificationStatus)
  status!: NotificationStatus;

  @Field(() => DateTimeISOResolver, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  actedAt!: Date | null;
}

@ObjectType({ description: 'How fast a district acknowledges and acts on its notifications, over the notifications created in the window.' })
export class NotificationResponseTimes {
  @Field()
  districtCode!: string;

  @Field(() => Int, { description: 'Notifications created in the window.' })
  created!: number;

  @Field(() => Int, { description: 'Of those, still OPEN (not acknowledged).' })
  open!: number;

  @Field(() => Int, { description: 'Of those, acknowledged but without an outcome.' })
  acknowledged!: number;

  @Field(() => Int, { description: 'Of those, with an outcome.' })
  acted!: number;

  @Field(() => Float, { nullable: true, description: 'Median seconds from creation to acknowledgement (null: none acknowledged).' })
  medianSecondsToAcknowledge!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median seconds from creation to the outcome (null: none acted on).' })
  medianSecondsToAct!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of seconds from creation to the outcome.' })
  p90SecondsToAct!: number | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the oldest notification still open was created.' })
  oldestOpenSince!: Date | null;
}
