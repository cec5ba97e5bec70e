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
}

export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
