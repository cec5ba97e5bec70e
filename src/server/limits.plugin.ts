import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, validate, type GraphQLSchema } from 'graphql';
import type { Settings } from '../config';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';
import { findLongString } from './limits/long-strings';
import { CostEstimateError, estimateCost } from './limits/query-cost';

export type RequestLimits = Pick<Settings, 'HUB_MAX_DEPTH' | 'HUB_MAX_COMPLEXITY' | 'HUB_MAX_PAGE' | 'HUB_MAX_BATCH' | 'HUB_MAX_STRING'>;

function refused(code: ErrorCode, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 }, ...extensions } });
}

/**
 * Refuses over-long strings, too-deep and too-expensive operations before any resolver runs, so
 * before anything is read, written or audited. See limits/query-cost.ts for what a field costs.
 */
export function limitsPlugin(schema: GraphQLSchema, limits: RequestLimits): ApolloServerPlugin<HubContext> {
  const costLimits = { maxPage: limits.HUB_MAX_PAGE, maxBatch: limits.HUB_MAX_BATCH };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation }) {
          const long = findLongString(document, request.variables, limits.HUB_MAX_STRING);
          if (long) {
            throw refused(
              ErrorCode.STRING_TOO_LONG,
              `${long.path} is ${long.length} characters long; the hub accepts strings of at most ${limits.HUB_MAX_STRING}`,
              { argument: long.path, length: long.length, limit: limits.HUB_MAX_STRING },
            );
          }
          const tooDeep = validate(schema, document, [depthLimit(limits.HUB_MAX_DEPTH)]);
          if (tooDeep.length > 0) {
            throw refused(ErrorCode.QUERY_TOO_DEEP, `${tooDeep[0].message}; nest fewer levels`, { limit: limits.HUB_MAX_DEPTH });
          }
          if (!operation) return;
          let complexity: number | null;
          try {
            complexity = estimateCost(schema, document, operation, request.variables ?? {}, costLimits);
          } catch (error) {
            if (!(error instanceof CostEstimateError)) throw error;
            throw refused(ErrorCode.QUERY_TOO_COMPLEX, `the operation is too large to estimate (${error.message}); send fewer fields`, {
              limit: limits.HUB_MAX_COMPLEXITY,
            });
          }
          if (complexity !== null && complexity > limits.HUB_MAX_COMPLEXITY) {
            throw refused(
              ErrorCode.QUERY_TOO_COMPLEX,
              `the operation's estimated cost ${complexity} exceeds ${limits.HUB_MAX_COMPLEXITY}; ask for fewer counts, smaller pages or fewer nested lists`,
              { complexity, limit: limits.HUB_MAX_COMPLEXITY },
            );
          }
        },
      };
    },
  };
}
