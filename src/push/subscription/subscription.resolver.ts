import { Arg, Authorized, Ctx, Resolver, Subscription } from 'type-graphql';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { DistrictNotification } from './district-notification';
import { eventFor } from './subscription.service';

/**
 * Never called: the WebSocket transport (src/server/websocket.ts) serves the stream itself, so
 * that its admission and every event pass the request pipeline; over HTTP a subscription is refused.
 */
function servedByTheWebSocketTransport(): never {
  throw new Error('districtNotifications is served by the WebSocket transport');
}

/** The live half of the district inbox (clause 4, docs/push.md). */
@Resolver()
export class DistrictNotificationResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'district')
  @Subscription(() => DistrictNotification, {
    subscribe: servedByTheWebSocketTransport,
    description:
      "A district's notifications as they are written, over graphql-ws: its own district for an officer, any for the city bureau. " +
      'With `after` (a cursor of this subscription or of `districtInbox`) what came since is sent first, in order, nothing twice.',
  })
  districtNotifications(
    @Ctx() ctx: HubContext,
    @Arg('districtCode') districtCode: string,
    // Read by the transport when it admits the subscriber; each event has its own cursor.
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): DistrictNotification {
    this.services.push.assertMayFollow(ctx, districtCode);
    return eventFor(ctx, districtCode);
  }
}
