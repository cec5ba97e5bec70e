import { Field, ObjectType } from 'type-graphql';
import type { PersonalFields } from '../../auth/privacy/personal-fields';
import { PushNotification } from '../notification.entity';

@ObjectType({ description: "One of a district's notifications as its subscribers receive it, with the cursor to resume after it." })
export class DistrictNotification {
  @Field({ description: 'Pass it as `after` when subscribing again: what came after it is replayed, nothing twice.' })
  cursor!: string;

  @Field(() => PushNotification)
  notification!: PushNotification;
}

/** The event carries nothing personal of its own: the notification's fields are classified with it. */
export const DISTRICT_NOTIFICATION_FIELDS: PersonalFields = {
  // Cursors are encrypted: they name no person to anyone but the hub.
  'DistrictNotification.cursor': 'none',
  'DistrictNotification.notification': 'none',
};
