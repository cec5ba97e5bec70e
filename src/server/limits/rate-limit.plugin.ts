import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HubContext } from '../../context/hub-context';
import { ErrorCode } from '../../common/errors';

export interface CallerLimits {
  /** HUB_RATE_LIMIT: operations a caller may start per minute. */
  perMinute: number;
  /** HUB_MAX_CONCURRENT: operations of one caller in flight at once. */
  concurrent: number;
}

function rateLimited(retryAfterSeconds: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/**
 * Per-caller (token subject and role) limits on how many operations start per minute and how
 * many run at once. Every transport runs through this pipeline, so one caller cannot escape the
 * limits by switching from HTTP to WebSocket. Counted in this process: each hub instance allows
 * as much again.
 *
 * A slot is taken synchronously as the operation is admitted and handed back when the response
 * is sent, or when the pipeline fails unexpectedly; handing back twice does nothing. A slot that
 * leaked would lock its caller out for the life of the process.
 */
export function rateLimitPlugin(limits: CallerLimits): ApolloServerPlugin<HubContext> {
  const perMinute = new RateLimiterMemory({ points: limits.perMinute, duration: 60 });
  const inFlight = new Map<string, number>();
  const releases = new WeakMap<GraphQLRequestContext<HubContext>, () => void>();

  const take = (key: string): (() => void) => {
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    let handedBack = false;
    return () => {
      if (handedBack) return;
      handedBack = true;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    };
  };
  const handBack = (requestContext: GraphQLRequestContext<HubContext>) => releases.get(requestContext)?.();

  return {
    async requestDidStart(requestContext) {
      return {
        async didResolveOperation({ contextValue }) {
          const caller = contextValue.caller;
          // No caller: the authentication plugin refuses the operation (or lets development introspect).
          // A subscription's events answer one operation, counted when it was admitted.
          if (!caller || contextValue.subscription?.admission === false) return;
          const key = `${caller.role}\u0000${caller.sub}`;
          // Checked and taken before the first await: the other plugins' checks run alongside this
          // one, and a refusal of theirs sends the response (and hands the slot back) at once.
          if ((inFlight.get(key) ?? 0) >= limits.concurrent) {
            throw rateLimited(1, `at most ${limits.concurrent} operations of one caller run at once; wait for one to finish`);
          }
          const release = take(key);
          releases.set(requestContext, release);
          try {
            await perMinute.consume(key);
          } catch (rejection) {
            release();
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
            throw rateLimited(seconds, `at most ${limits.perMinute} operations a minute per caller; try again in ${seconds} s`);
          }
        },
        async willSendResponse() {
          handBack(requestContext);
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext }) {
      handBack(requestContext as GraphQLRequestContext<HubContext>);
    },
  };
}
