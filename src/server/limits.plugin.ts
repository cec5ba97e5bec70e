import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, getNullableType, GraphQLError, isListType, validate, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../shared/errors';
import type { HubContext } from './context';

/** Items assumed in a plain list (members, certificates, decisions) when estimating cost. */
const ASSUMED_LIST_LENGTH = 5;
const DEFAULT_PAGE = 20;

/**
 * A field costs 1 plus its selection, multiplied by how many items it may return: `first` for a
 * connection, a few for other lists. Cheap queries stay cheap; a deep fan-out grows fast.
 */
const fanOutEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  const isConnection = getNamedType(type).name.endsWith('Connection');
  const items = isConnection ? Number(args.first ?? DEFAULT_PAGE) : isListType(type) ? ASSUMED_LIST_LENGTH : 1;
  return 1 + childComplexity * Math.max(1, items);
};

function refused(code: ErrorCode, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 }, ...extensions } });
}

/** Refuses too-deep and too-expensive operations before any resolver runs. */
export function limitsPlugin(schema: GraphQLSchema, limits: { maxDepth: number; maxComplexity: number }): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const tooDeep = validate(schema, document, [depthLimit(limits.maxDepth)]);
          if (tooDeep.length > 0) {
            throw refused(ErrorCode.QUERY_TOO_DEEP, `${tooDeep[0].message}; nest fewer levels`, { limit: limits.maxDepth });
          }
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [fanOutEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit the schema: execution refuses them with BAD_USER_INPUT.
            return;
          }
          if (complexity > limits.maxComplexity) {
            throw refused(
              ErrorCode.QUERY_TOO_COMPLEX,
              `the operation's estimated cost ${complexity} exceeds ${limits.maxComplexity}; ask for smaller pages or fewer nested lists`,
              { complexity, limit: limits.maxComplexity },
            );
          }
        },
      };
    },
  };
}
