import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';
import type { Logger } from '../logger';
import { unreachableCode } from '../db/database-unreachable';

/**
 * Unexpected errors (anything without a code of the hub's or GraphQL's own) are logged with the
 * request id; in production the caller gets only that id, never a message from inside the hub.
 * An unreachable database is not unexpected: it answers DATABASE_UNAVAILABLE.
 */
export function errorMaskingPlugin(log: Logger, mask: boolean): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            // A stable code the caller can act on (retry), where it would otherwise be an internal error.
            if ((error.extensions?.code === undefined || error.extensions.code === 'INTERNAL_SERVER_ERROR') && unreachableCode(error.originalError) !== null) {
              (error.extensions as Record<string, unknown>).code = ErrorCode.DATABASE_UNAVAILABLE;
              log.warn({ requestId: contextValue.requestId, path: error.path }, 'the database cannot be reached');
              continue;
            }
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
