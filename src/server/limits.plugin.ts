import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Settings } from '../config';
import type { HubContext } from '../context/hub-context';
import { ErrorCode } from '../common/errors';
import { findLongString } from './limits/long-strings';
import { CostEstimateError, estimateCost } from './limits/query-cost';

export type RequestLimits = Pick<Settings, 'HUB_MAX_DEPTH' | 'HUB_MAX_COMPLEXITY' | 'HUB_MAX_PAGE' | 'HUB_MAX_BATCH' | 'HUB_MAX_STRING'>;

function refused(code: ErrorCode, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 }, ...extensions } });
}

/** A cost depends on the shape of the variables (page sizes, list lengths), never on their text. */
const shapeOf = (variables: Record<string, unknown>) => JSON.stringify(variables, (_key, value) => (typeof value === 'string' ? '' : value));
/** Shapes remembered per document; beyond this (an unusual client), costs are computed each time. */
const SHAPES_PER_DOCUMENT = 64;
/** Variables this long (an ingestion batch) are not worth remembering. */
const LONGEST_SHAPE = 2048;

/**
 * The depth check and the cost of each operation, remembered per parsed document: Apollo hands
 * every request of the same query text the same document, and both walk all of it.
 */
function rememberedChecks(schema: GraphQLSchema, limits: RequestLimits) {
  const costLimits = { maxPage: limits.HUB_MAX_PAGE, maxBatch: limits.HUB_MAX_BATCH };
  const depth = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
  return {
    tooDeep(document: DocumentNode): readonly GraphQLError[] {
      let errors = depth.get(document);
      if (!errors) depth.set(document, (errors = validate(schema, document, [depthLimit(limits.HUB_MAX_DEPTH)])));
      return errors;
    },
    cost(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number | null {
      const shape = shapeOf(variables);
      if (shape.length > LONGEST_SHAPE) return estimateCost(schema, document, operation, variables, costLimits);
      let byShape = costs.get(document);
      if (!byShape) costs.set(document, (byShape = new Map()));
      const key = `${operation.name?.value ?? ''}|${shape}`;
      if (byShape.has(key)) return byShape.get(key) as number | null;
      const cost = estimateCost(schema, document, operation, variables, costLimits);
      if (byShape.size < SHAPES_PER_DOCUMENT) byShape.set(key, cost);
      return cost;
    },
  };
}

/**
 * Refuses over-long strings, too-deep and too-expensive operations before any resolver runs, so
 * before anything is read, written or audited. See limits/query-cost.ts for what a field costs.
 */
export function limitsPlugin(schema: GraphQLSchema, limits: RequestLimits): ApolloServerPlugin<HubContext> {
  const checks = rememberedChecks(schema, limits);
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
          const tooDeep = checks.tooDeep(document);
          if (tooDeep.length > 0) {
            throw refused(ErrorCode.QUERY_TOO_DEEP, `${tooDeep[0].message}; nest fewer levels`, { limit: limits.HUB_MAX_DEPTH });
          }
          if (!operation) return;
          let complexity: number | null;
          try {
            complexity = checks.cost(document, operation, request.variables ?? {});
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
