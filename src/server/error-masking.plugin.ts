import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context/hub-context';
import type { Logger } from '../logger';

/**
 * Unexpected errors (anything without a code of the hub's or GraphQL's own) are logged with the
 * request id; in production the caller gets only that id, never a message from inside the hub.
 */
export function errorMaskingPlugin(log: Logger, mask: boolean): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
              log.error({ err: error.originalError ?? error, requestId: contextValue.requestId, path: error.path }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!mask || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'INTERNAL_SERVER_ERROR'
              ? {
                  message: `internal error; quote request id ${contextValue.requestId}`,
                  path: e.path,
                  extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: contextValue.requestId },
                }
              : e,
          );
        },
      };
    },
  };
}
