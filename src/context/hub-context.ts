/*
 * Types only, so that every domain can name the request context without loading the server, and
 * the server can build it without the domains depending back on it. Building it is the server's
 * (`createContext`).
 */
import type { AuditTrail } from '../audit/audit-trail';
import type { AccessScope } from '../auth/access-scope';
import type { Caller } from '../auth/caller';
import type { StatementTally } from '../db/statement-counter';
import type { EligibilityLoaders } from '../eligibility/eligibility.loaders';
import type { Language } from '../eligibility/messages/language';
import type { PushLoaders } from '../push/push.loaders';
import type { DepartmentLoaders } from './department-loaders';

export interface HubLoaders extends DepartmentLoaders {
  eligibility: EligibilityLoaders;
  push: PushLoaders;
}

/** What every resolver and service sees of the request: who asks, why, and loaders fresh for it. */
export interface HubContext {
  requestId: string;
  /** Null only for an unauthenticated request, which may at most introspect (in development). */
  caller: Caller | null;
  scope: AccessScope;
  /** The X-Purpose header: why the caller asks. */
  purpose: string | null;
  /** The language explanations are written in unless a field names one (the Accept-Language header). */
  language: Language;
  loaders: HubLoaders;
  tally: StatementTally;
  audit: AuditTrail;
  /**
   * Set by the WebSocket transport on a subscription's passes through the pipeline: its admission
   * (the plugins run, no resolver does) or one event it answers. Absent on every other operation.
   */
  subscription?: { admission: true } | { admission: false; event: unknown };
}
