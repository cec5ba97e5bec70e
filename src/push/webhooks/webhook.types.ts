import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/connection';

@ObjectType({ description: "A district's webhook endpoint (docs/push-webhooks.md). Its secret is never shown: whoever registered it holds it." })
export class Webhook {
  @Field()
  districtCode!: string;

  @Field()
  url!: string;

  @Field(() => DateTimeISOResolver)
  registeredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Token subject of the administrator who registered it.' })
  registeredBy!: string | null;
}

@ObjectType({ description: 'A notification whose webhook delivery failed its last attempt. Replaying it sends it again.' })
export class DeadLetter {
  @Field(() => ID, { description: "The notification's id (its sequence); `replayDeadLetters` takes it." })
  id!: string;

  @Field({ description: 'The district whose endpoint did not accept it.' })
  districtCode!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed: an HTTP status, a timeout or a connection error.' })
  lastError!: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When the last attempt failed.' })
  failedAt!: Date;
}

@ObjectType('DeadLetterConnection', { description: 'Dead letters, oldest notification first.' })
export class DeadLetterConnection extends ConnectionType('DeadLetter', DeadLetter) {}
