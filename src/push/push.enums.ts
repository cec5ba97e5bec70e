import { registerEnumType } from 'type-graphql';

/** What happened to a person living away from registration (docs/push.md, "Matches"). */
export enum NotificationKind {
  /** Eligible for a program neither the person nor their household is enrolled in: someone to find. */
  NEWLY_ELIGIBLE = 'NEWLY_ELIGIBLE',
  /** Enrolled in a program whose decision stopped being ELIGIBLE: a review is due. */
  NO_LONGER_ELIGIBLE = 'NO_LONGER_ELIGIBLE',
  ENROLLMENT_STARTED = 'ENROLLMENT_STARTED',
  ENROLLMENT_ENDED = 'ENROLLMENT_ENDED',
  /** A cross-check finding (clauses 1.3 and 6) appeared. */
  FINDING = 'FINDING',
}

/** What caused the evaluation that found the match. */
export enum NotificationTrigger {
  /** A department sent records. */
  RECORDS_CHANGED = 'RECORDS_CHANGED',
  /**
   * The person is evaluated living away from registration for the first time (a residence change,
   * or a person new to the hub): every match that holds now.
   */
  STARTED_LIVING_AWAY = 'STARTED_LIVING_AWAY',
  /** The person moved to another district while living away: the new district hears every match that holds now. */
  MOVED = 'MOVED',
  /** The periodic re-evaluation: a birthday, a parameter taking effect, a permit expiring. */
  TIME_PASSED = 'TIME_PASSED',
}

/** Where a district's notification stands; each district moves only its own. */
export enum NotificationStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  VISITED = 'VISITED',
  ASSISTANCE_STARTED = 'ASSISTANCE_STARTED',
  NOT_NEEDED = 'NOT_NEEDED',
}

/** What a district did about an acknowledged notification; the case then counts as acted on. */
export enum NotificationOutcome {
  VISITED = 'VISITED',
  ASSISTANCE_STARTED = 'ASSISTANCE_STARTED',
  /** Requires a reason. */
  NOT_NEEDED = 'NOT_NEEDED',
}

/** A webhook delivery's state: PENDING is retried with backoff until DELIVERED, or DEAD after the last attempt. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}

/** Statuses in which a notification still waits for its district. */
export const OPEN_STATUSES: readonly NotificationStatus[] = [NotificationStatus.OPEN, NotificationStatus.ACKNOWLEDGED];

registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'What changed for the person (docs/push.md).' });
registerEnumType(NotificationTrigger, { name: 'NotificationTrigger', description: 'What caused the evaluation that found the change.' });
registerEnumType(NotificationStatus, {
  name: 'NotificationStatus',
  description: 'OPEN until the district acknowledges it, ACKNOWLEDGED until it records an outcome; the outcomes close it.',
});
registerEnumType(NotificationOutcome, { name: 'NotificationOutcome', description: 'What the district did; NOT_NEEDED needs a reason.' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus', description: 'A webhook delivery: retried while PENDING, DEAD after the last attempt (replayable).' });
