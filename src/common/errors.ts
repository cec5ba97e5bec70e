import { GraphQLError } from 'graphql';

/**
 * Stable `extensions.code` values clients may switch on. "Not eligible" is never one of these:
 * it is a decision, returned as data.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
  PAGE_TOO_LARGE = 'PAGE_TOO_LARGE',
  INVALID_CURSOR = 'INVALID_CURSOR',
  SUBSCRIPTION_OVER_HTTP = 'SUBSCRIPTION_OVER_HTTP',
  UNKNOWN_RULE = 'UNKNOWN_RULE',
  NO_PARAMETER_IN_FORCE = 'NO_PARAMETER_IN_FORCE',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  LIST_TOO_LONG = 'LIST_TOO_LONG',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** Too many requests, or too many at once, for one caller (HTTP 429 with Retry-After). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The request ran past its time budget and was stopped. */
  TIME_BUDGET_EXCEEDED = 'TIME_BUDGET_EXCEEDED',
  /** A string argument longer than the hub accepts, refused before anything is read. */
  STRING_TOO_LONG = 'STRING_TOO_LONG',
  /** A request body that is not JSON, or not a GraphQL request. */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The Host header names no host this hub serves. */
  UNKNOWN_HOST = 'UNKNOWN_HOST',
  /** A webhook address that is not an absolute http(s) URL without credentials. */
  INVALID_WEBHOOK_URL = 'INVALID_WEBHOOK_URL',
  /** A webhook secret shorter than 32 characters (or longer than the hub stores). */
  INVALID_WEBHOOK_SECRET = 'INVALID_WEBHOOK_SECRET',
  /** No notification with that id in the district's inbox (another district's reads the same). */
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** An outcome is recorded only on an acknowledged notification. */
  NOTIFICATION_NOT_ACKNOWLEDGED = 'NOTIFICATION_NOT_ACKNOWLEDGED',
  /** The notification already has its outcome. */
  NOTIFICATION_CLOSED = 'NOTIFICATION_CLOSED',
  /** No completed coverage evaluation pass for the date a gap list asks about (run `hub evaluate`). */
  NOT_EVALUATED = 'NOT_EVALUATED',
  /** An evaluation pass is running already: one at a time, since each reads every person. */
  EVALUATION_RUNNING = 'EVALUATION_RUNNING',
  /** The database cannot be reached (down, restarting, refusing connections): try again shortly. */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
}

export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
