import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';

/**
 * Apollo 5 would run a subscription sent over HTTP as a one-shot query and answer once; a client
 * doing that has the wrong transport, and should be told so rather than get a silent single event.
 */
export const refuseSubscriptionsOverHttp: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        // The WebSocket transport marks its own passes of a subscription (admission, each event).
        if (operation?.operation === 'subscription' && !contextValue.subscription) {
          throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP', {
            extensions: { code: ErrorCode.SUBSCRIPTION_OVER_HTTP, http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** Puts the request's SQL statement count in `extensions.sqlStatements`, so batching can be seen and tested. */
export const reportStatements: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single') {
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, sqlStatements: contextValue.tally.statements };
        }
      },
    };
  },
};
