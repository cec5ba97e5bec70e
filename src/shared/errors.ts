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
}

export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
