import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { authenticate } from '../auth/authenticate';
import type { Caller } from '../auth/caller';
import type { TokenKeys } from '../auth/tokens';
import { createContext } from './context';

function headerLike(params: Record<string, unknown> | undefined, name: string): string | null {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : null;
}

/**
 * graphql-ws on the HTTP server's port. The token comes in the connection parameters (GraphiQL
 * sends its headers there); a connection without a valid one is closed before any operation.
 */
export function startSubscriptionServer(options: { httpServer: Server; path: string; schema: GraphQLSchema; dataSource: DataSource; keys: TokenKeys }) {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  const callers = new WeakMap<object, Caller>();
  return useServer(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          const caller = await authenticate(headerLike(ctx.connectionParams, 'authorization'), options.keys);
          if (!caller) return false;
          callers.set(ctx.extra, caller);
          return true;
        } catch (error) {
          if (error instanceof GraphQLError) return false;
          throw error;
        }
      },
      context: (ctx) =>
        createContext(options.dataSource, {
          requestId: randomUUID(),
          caller: callers.get(ctx.extra) ?? null,
          purpose: headerLike(ctx.connectionParams, 'x-purpose'),
        }),
    },
    wsServer,
  );
}
