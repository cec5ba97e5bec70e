import type { IncomingMessage, Server } from 'node:http';
import { HeaderMap, type ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';
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
import { originAllowed } from './cors';
import { languageOf } from '../eligibility/messages/language';
import { newRequestId, purposeOf } from './request-headers';

interface Connection {
  token: VerifiedToken;
  purpose: string | null;
  expiry: NodeJS.Timeout;
}

/** One operation received on a connection, as its executions (and a subscription's events) need it. */
interface Operation {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  connection: Connection;
  socket: WebSocket;
  language: ReturnType<typeof languageOf>;
}

/** A subscription's answers, as graphql-ws iterates them and ends them (`return`). */
type Stream = AsyncIterableIterator<ExecutionResult> & { return(): Promise<IteratorResult<ExecutionResult>> };

/** What serves one subscription root field once its subscriber is admitted. */
export interface SubscriptionSource {
  /**
   * Checks that the caller may follow with these arguments (a GraphQLError with a code when not)
   * and returns the events; the transport executes the operation once per event. The events end
   * when `signal` aborts.
   */
  open(ctx: HubContext, args: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<unknown>>;
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
  /** HUB_CORS_ORIGINS: when set, a browser's upgrade from a page of another origin is refused. */
  corsOrigins?: readonly string[];
  /** A fresh statement tally (with the request's time budget) for each operation. */
  newTally: () => StatementTally;
  /** The subscription root fields served, by name; any other is refused. */
  subscriptions?: Readonly<Record<string, SubscriptionSource>>;
}

/**
 * Answers the admission pass of a subscription with an empty result, after every plugin's
 * `didResolveOperation` (authentication, purpose, limits, rate limit, audit) has admitted it, so
 * that no resolver runs: the transport then opens the stream and executes each event.
 */
export const subscriptionAdmissionPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async responseForOperation({ contextValue }) {
        if (!contextValue.subscription?.admission) return null;
        return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: {} } };
      },
    };
  },
};

/** The root field a subscription follows, with its arguments (validation allows exactly one). */
function rootFieldOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, rawVariables: Record<string, unknown>) {
  const operation = getOperationAST(document, operationName);
  const type = schema.getSubscriptionType();
  if (!operation || !type) throw new Error('a subscription reached its stream without an operation to follow');
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (variables.errors) return { errors: variables.errors.map((e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } })) };
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const node = [...collectFields(schema, fragments, variables.coerced, type, operation.selectionSet).values()][0]?.[0];
  // Validation allows one root field; `@skip` can still leave none.
  if (!node) return { errors: [new GraphQLError('a subscription follows exactly one field', { extensions: { code: 'BAD_USER_INPUT' } })] };
  const field = type.getFields()[node.name.value];
  return { name: node.name.value, args: getArgumentValues(field, node, variables.coerced) };
}

const EXPIRED = 'the token has expired: reconnect with a new one';

const expired = (connection: Connection) => connection.token.expiresAt * 1000 <= Date.now();

/**
 * graphql-ws on the HTTP server's port. The connection is authenticated once (the token in the
 * connection parameters) and closed when that token expires; every query or mutation it carries
 * then runs through Apollo's own request pipeline (`executeOperation`), so authentication checks,
 * purpose, limits, audit, masking and error masking are the very plugins that serve HTTP: a
 * transport added later calls the same pipeline and cannot forget a step.
 *
 * A subscription passes that pipeline once to be admitted (no resolver runs), is then checked by
 * its source (may this caller follow this?), and each event is executed through the pipeline
 * again with the event in a fresh context: scoping, masking, audit and error masking apply to
 * every event as to any answer.
 */
export function startWebSocketTransport(options: WebSocketTransportOptions) {
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxMessageBytes,
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      return (options.allowedHosts == null || options.allowedHosts.has(host)) && originAllowed(options.corsOrigins, req.headers.origin);
    },
  });
  const connections = new WeakMap<object, Connection>();
  const operations = new WeakMap<HubContext, Operation>();
  const streams = new Set<Stream>();

  const contextFor = (operation: Operation, requestId: string): HubContext =>
    createContext(options.dataSource, {
      requestId,
      caller: operation.connection.token.caller,
      purpose: operation.connection.purpose,
      language: operation.language,
      tally: options.newTally(),
    }, options.modules);

  /** Runs the operation through Apollo's pipeline in `ctx`; never throws. */
  const run = async (ctx: HubContext, operation: Operation): Promise<ExecutionResult> => {
    try {
      const response = await countStatements(ctx.tally, () =>
        options.apollo.executeOperation(
          { query: operation.query, variables: operation.variables ?? undefined, operationName: operation.operationName ?? undefined },
          { contextValue: ctx },
        ),
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not served over WebSocket');
      const { errors, ...result } = response.body.singleResult;
      // Apollo hands back errors already formatted (and masked); graphql-ws serialises GraphQLErrors.
      return errors ? { ...result, errors: errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) } : (result as ExecutionResult);
    } catch (error) {
      return failure(error, ctx);
    }
  };

  /** An error outside Apollo's pipeline: a coded one as it is; anything else logged, and masked. */
  const failure = (error: unknown, ctx: HubContext): ExecutionResult => {
    const code = error instanceof GraphQLError ? error.extensions.code : undefined;
    if (error instanceof GraphQLError && code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return { errors: [error] };
    // Thrown out of here, graphql-ws would print the whole error to the console.
    options.log.error({ err: error, requestId: ctx.requestId }, 'websocket operation failed');
    return { errors: [new GraphQLError(`internal error; quote request id ${ctx.requestId}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId } })] };
  };

  /** Each event executed in a context of its own, under the admitted subscription's request id. */
  async function* answers(events: AsyncIterable<unknown>, operation: Operation, admitted: HubContext, stop: AbortSignal): AsyncGenerator<ExecutionResult> {
    const iterator = events[Symbol.asyncIterator]();
    try {
      while (!stop.aborted) {
        let next: IteratorResult<unknown>;
        try {
          next = await iterator.next();
        } catch (error) {
          yield failure(error, admitted);
          return;
        }
        if (next.done || stop.aborted) return;
        if (expired(operation.connection)) {
          operation.socket.close(CloseCode.Unauthorized, EXPIRED);
          return;
        }
        const ctx = contextFor(operation, admitted.requestId);
        ctx.subscription = { admission: false, event: next.value };
        const result = await run(ctx, operation);
        yield result;
        // An event that could not be answered (the audit log unavailable, say) ends the stream:
        // the subscriber resumes after the last cursor it received and gets that event again.
        if (result.errors && result.data == null) return;
      }
    } finally {
      await iterator.return?.();
    }
  }

  /**
   * A stream that `return()` (the subscriber's complete, its disconnect, the hub's stop) ends at
   * once, even while it waits for the next event: an async generator alone would wait for it.
   */
  const stoppable = (inner: AsyncGenerator<ExecutionResult>, stop: AbortController): Stream => {
    const end = () => {
      stop.abort();
      streams.delete(stream);
    };
    const stream: Stream = {
      next: async () => {
        try {
          const next = await inner.next();
          if (next.done) end();
          return next;
        } catch (error) {
          end();
          throw error;
        }
      },
      return: async () => {
        end();
        return inner.return(undefined);
      },
      [Symbol.asyncIterator]: () => stream,
    };
    streams.add(stream);
    return stream;
  };

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
        if (!connection || expired(connection)) {
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
        const operation: Operation = {
          query: payload.query,
          variables: payload.variables,
          operationName: payload.operationName,
          connection,
          socket: ctx.extra.socket,
          language: languageOf(param(ctx.connectionParams, 'accept-language')),
        };
        const contextValue = contextFor(operation, newRequestId());
        operations.set(contextValue, operation);
        return { schema: options.schema, document, contextValue, variableValues: payload.variables, operationName: payload.operationName };
      },
      execute: async (args) => {
        const ctx = args.contextValue as HubContext;
        const operation = operations.get(ctx);
        if (!operation) return failure(new Error('an operation reached execution without passing onSubscribe'), ctx);
        return run(ctx, operation);
      },
      subscribe: (args) => subscribe(args),
    },
    wsServer,
  );

  /**
   * Admission through the pipeline, then the source's own check, then the stream. Refusals are
   * answered as one result with errors, and nothing streams.
   */
  async function subscribe(args: ExecutionArgs): Promise<ExecutionResult | Stream> {
    const ctx = args.contextValue as HubContext;
    const operation = operations.get(ctx);
    try {
      if (!operation) throw new Error('a subscription reached its stream without passing onSubscribe');
      ctx.subscription = { admission: true };
      const admission = await run(ctx, operation);
      if (admission.errors) return admission;
      const root = rootFieldOf(args.schema, args.document, args.operationName, operation.variables ?? {});
      if ('errors' in root) return { errors: root.errors };
      const source = options.subscriptions?.[root.name];
      if (!source) throw new Error(`no source serves the subscription field ${root.name}`);
      const stop = new AbortController();
      const events = await countStatements(ctx.tally, () => source.open(ctx, root.args, stop.signal));
      return stoppable(answers(events, operation, ctx, stop.signal), stop);
    } catch (error) {
      return failure(error, ctx);
    }
  }

  return {
    /** Closes every connection and ends every stream, after the event each is answering. */
    async dispose() {
      await server.dispose();
      await Promise.all([...streams].map((stream) => stream.return()));
    },
  };
}
