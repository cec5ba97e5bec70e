import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context/hub-context';
import type { Services } from '../../context/services';
import { DeadLetterConnection, Webhook } from './webhook.types';

/** District webhooks and their dead letters: the city bureau's alone (docs/push-webhooks.md). */
@Resolver()
export class WebhookResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin')
  @Mutation(() => Webhook, { description: "Registers a district's webhook endpoint, or replaces its address and secret. The secret (32 to 255 characters) signs every delivery." })
  registerWebhook(@Ctx() ctx: HubContext, @Arg('districtCode') districtCode: string, @Arg('url') url: string, @Arg('secret') secret: string) {
    return this.services.webhooks.register(ctx, districtCode, url, secret);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: "Removes a district's webhook; true when it had one. Its pending deliveries become dead letters." })
  removeWebhook(@Arg('districtCode') districtCode: string) {
    return this.services.webhooks.remove(districtCode);
  }

  @Authorized('admin')
  @Query(() => [Webhook], { description: 'Every registered webhook, without its secret.' })
  webhooks() {
    return this.services.webhooks.list();
  }

  @Authorized('admin')
  @Query(() => DeadLetterConnection, { description: 'Notifications whose delivery failed its last attempt, oldest first; of one district, or all.' })
  deadLetters(
    @Arg('districtCode', () => String, { nullable: true }) districtCode?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.services.webhooks.deadLetters(districtCode, first, after);
  }

  @Authorized('admin')
  @Mutation(() => Int, { description: 'Sends these dead letters again, from a first attempt; returns how many were dead letters.' })
  replayDeadLetters(@Arg('ids', () => [ID]) ids: string[]) {
    return this.services.webhooks.replay(ids);
  }
}
