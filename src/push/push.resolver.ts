import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { CrossCheckFinding } from '../cross-check/cross-check.types';
import { Person } from '../departments/civil-affairs/person.entity';
import { EligibilityDecision } from '../eligibility/eligibility.types';
import { Language } from '../eligibility/messages/language';
import { PushNotification } from './notification.entity';
import { NotificationOutcome, NotificationStatus } from './push.enums';
import { NotificationConnection, NotificationCopyStatus, NotificationResponseTimes } from './push.types';

const languageArg = { nullable: true, description: "Language of the explanation; by default the request's `Accept-Language`, else EN." } as const;

/** District inboxes and the lifecycle of each district's own notifications (clause 4, docs/push.md). */
@Resolver(() => PushNotification)
export class PushResolver {
  constructor(private readonly services: Services) {}

  @Authorized('admin', 'district')
  @Query(() => NotificationConnection, { description: "A district's notifications, oldest first; its own district for an officer, any for the city bureau." })
  districtInbox(
    @Ctx() ctx: HubContext,
    @Arg('districtCode') districtCode: string,
    @Arg('status', () => NotificationStatus, { nullable: true }) status?: NotificationStatus,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.services.push.inbox(ctx, districtCode, status, first, after);
  }

  @Authorized('district')
  @Mutation(() => Int, { description: 'Acknowledges OPEN notifications of your district; returns how many moved. Ids not open in your inbox are left alone.' })
  acknowledgeNotifications(@Ctx() ctx: HubContext, @Arg('districtCode') districtCode: string, @Arg('ids', () => [ID]) ids: string[]) {
    return this.services.push.acknowledge(ctx, districtCode, ids);
  }

  @Authorized('district')
  @Mutation(() => PushNotification, { description: 'Records what your district did about an acknowledged notification; NOT_NEEDED needs a reason.' })
  recordNotificationOutcome(
    @Ctx() ctx: HubContext,
    @Arg('districtCode') districtCode: string,
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => NotificationOutcome) outcome: NotificationOutcome,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return this.services.push.recordOutcome(ctx, districtCode, id, outcome, reason);
  }

  @Authorized('admin', 'district', 'analyst')
  @Query(() => [NotificationResponseTimes], { description: 'Time to acknowledge and to act per district, over notifications created since `since` (default 90 days).' })
  notificationResponseTimes(
    @Ctx() ctx: HubContext,
    @Arg('districtCode', () => String, { nullable: true }) districtCode?: string,
    @Arg('since', () => DateTimeISOResolver, { nullable: true }) since?: Date,
  ) {
    return this.services.push.responseTimes(ctx, districtCode, since);
  }

  @FieldResolver(() => ID, { description: 'Stable; sorts by creation.' })
  id(@Root() n: PushNotification): string {
    return String(n.sequence);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Yuan: the decision's amount, or the enrollment's monthly amount; null when it rests on records outside your scope.",
  })
  amount(@Root() n: PushNotification, @Ctx() ctx: HubContext): number | null {
    return this.services.push.amountOf(ctx, n);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The enrollment number, or the finding's code and key; null when it names a record outside your scope.",
  })
  recordKey(@Root() n: PushNotification, @Ctx() ctx: HubContext): string | null {
    return this.services.push.recordKeyOf(ctx, n);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person as you may see them now (null when they are no longer in your scope).' })
  person(@Root() n: PushNotification, @Ctx() ctx: HubContext) {
    return this.services.people.person(ctx, n.idNumber);
  }

  @FieldResolver(() => EligibilityDecision, { nullable: true, description: 'The decision that changed, as it stood on `asOf`, explained condition by condition.' })
  decision(@Root() n: PushNotification, @Ctx() ctx: HubContext, @Arg('language', () => Language, languageArg) language?: Language) {
    return this.services.push.decisionOf(ctx, n, language);
  }

  @FieldResolver(() => CrossCheckFinding, { nullable: true, description: 'The finding that appeared (FINDING notifications).' })
  finding(@Root() n: PushNotification, @Ctx() ctx: HubContext) {
    return this.services.push.findingOf(ctx, n);
  }

  @FieldResolver(() => NotificationCopyStatus, { nullable: true, description: "The other district's copy (null when only one district is in Tianjin)." })
  otherDistrict(@Root() n: PushNotification, @Ctx() ctx: HubContext) {
    return this.services.push.otherCopy(ctx, n);
  }
}
