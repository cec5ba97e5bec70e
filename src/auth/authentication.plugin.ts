import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';
import { unauthenticated } from './authenticate';

/**
 * Every operation needs a caller, except introspection in development (so that tools can read the
 * schema). Partner departments must also say why they ask (X-Purpose), for the audit log.
 */
export function authenticationPlugin(options: { anonymousIntrospection: boolean }): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return;
          const { caller, purpose } = contextValue;
          if (!caller) {
            const introspectionOnly = operation.selectionSet.selections.every(
              (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
            );
            if (!(options.anonymousIntrospection && introspectionOnly)) {
              throw unauthenticated('missing', 'send "Authorization: Bearer <token>"');
            }
            return;
          }
          if (caller.role === 'department' && !purpose) {
            throw new GraphQLError('partner departments state the purpose of each request in the X-Purpose header', {
              extensions: { code: ErrorCode.PURPOSE_REQUIRED, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
