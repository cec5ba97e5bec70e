import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate } from '../auth/authenticate';
import type { TokenKeys, VerifiedToken } from '../auth/tokens';
import type { HubContext } from '../context/hub-context';
import type { AnyHubModule } from '../context/hub-module';
import { countStatements, type StatementTally } from '../db/statement-counter';
import type { Logger } from '../logger';
import { createContext } from './context';
import { languageOf } from '../eligibility/messages/language';
import { newRequestId, purposeOf } from './request-headers';

interface Connection {
  token: VerifiedToken;
  purpose: string | null;
  expiry: NodeJS.Timeout;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
};

function param(params: Record<string, unknown> | undefined, name: string): unknown {
  return Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

export interface WebSocketTransportOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  apollo: ApolloServer<HubContext>;
  dataSource: DataSource;
  /** The modules whose loaders each operation's context gets, as for HTTP. */
  modules: readonly AnyHubModule[];
  keys: TokenKeys;
  log: Logger;
  maxMessageBytes: number;
  maxDocumentTokens: number;
  /** Host names served (null: any), as for HTTP. */
  allowedHosts: Set<string> | null;
  /** A fresh statement tally (with the request's time budget) for each operation. */
  newTally: () => StatementTally;
}

const EXPIRED = 'the token has expired: reconnect with a new one';

/**
 * graphql-ws on the HTTP server's port. The connection is authenticated once (the token in the
 * connection parameters) and closed when that token expires; every query or mutation it carries
 * then runs through Apollo's own request pipeline (`executeOperation`), so authentication checks,
 * purpose, limits, audit, masking and error masking are the very plugins that serve HTTP: a
 * transport added later calls the same pipeline and cannot forget a step.
 */
export function startWebSocketTransport(options: WebSocketTransportOptions) {
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxMessageBytes,
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      return options.allowedHosts == null || options.allowedHosts.has(host);
    },
  });
  const connections = new WeakMap<object, Connection>();
  const requests = new WeakMap<HubContext, { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }>();

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        let token: VerifiedToken | null;
        try {
          token = await authenticate(typeof param(ctx.connectionParams, 'authorization') === 'string' ? (param(ctx.connectionParams, 'authorization') as string) : null, options.keys);
        } catch (error) {
          if (error instanceof GraphQLError) return false;
          throw error;
        }
        if (!token) return false;
        const socket = ctx.extra.socket;
        const expiry = setTimeout(() => socket.close(CloseCode.Unauthorized, EXPIRED), Math.max(0, token.expiresAt * 1000 - Date.now()));
        socket.once('close', () => clearTimeout(expiry));
        connections.set(ctx.extra, { token, purpose: purposeOf(param(ctx.connectionParams, 'x-purpose'), true), expiry });
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connections.get(ctx.extra);
        if (!connection || connection.token.expiresAt * 1000 <= Date.now()) {
          ctx.extra.socket.close(CloseCode.Unauthorized, EXPIRED);
          return [new GraphQLError(EXPIRED, { extensions: { code: 'UNAUTHENTICATED', reason: 'expired' } })];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: options.maxDocumentTokens });
        } catch (error) {
          // The same code Apollo gives an unparsable document over HTTP.
          const message = error instanceof GraphQLError ? error.message : 'the operation could not be parsed';
          return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const contextValue = createContext(options.dataSource, {
          requestId: newRequestId(),
          caller: connection.token.caller,
          purpose: connection.purpose,
          language: languageOf(param(ctx.connectionParams, 'accept-language')),
          tally: options.newTally(),
        }, options.modules);
        requests.set(contextValue, { query: payload.query, variables: payload.variables, operationName: payload.operationName });
        return { schema: options.schema, document, contextValue, variableValues: payload.variables, operationName: payload.operationName };
      },
      execute: async (args) => {
        const ctx = args.contextValue as HubContext;
        const request = requests.get(ctx);
        try {
          if (!request) throw new Error('an operation reached execution without passing onSubscribe');
          const response = await countStatements(ctx.tally, () =>
            options.apollo.executeOperation(
              { query: request.query, variables: request.variables ?? undefined, operationName: request.operationName ?? undefined },
              { contextValue: ctx },
            ),
          );
          if (response.body.kind !== 'single') throw new Error('incremental delivery is not served over WebSocket');
          const { errors, ...result } = response.body.singleResult;
          // Apollo hands back errors already formatted (and masked); graphql-ws serialises GraphQLErrors.
          return errors ? { ...result, errors: errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) } : (result as ExecutionResult);
        } catch (error) {
          // Thrown out of here, graphql-ws would print the whole error to the console.
          options.log.error({ err: error, requestId: ctx.requestId }, 'websocket operation failed');
          return { errors: [new GraphQLError(`internal error; quote request id ${ctx.requestId}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId } })] };
        }
      },
      subscribe: () => {
        // No subscription field exists yet; one that is added must pass the same plugins before
        // its stream starts (admission through the Apollo pipeline, audit per event).
        throw new Error('subscriptions are not served yet');
      },
    },
    wsServer,
  );
  return {
    async dispose() {
      await server.dispose();
    },
  };
}
