import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { Caller } from '../../auth/caller';
import type { Logger } from '../../logger';
import { loggedPath, methodOf, routeOf } from './labels';
import type { HubMetrics } from './metrics';

/**
 * What the GraphQL operations of one HTTP request tell its access-log line: /graphql runs one,
 * a CSV export one per page. Filled by the operations plugin, read when the response closes.
 */
export interface AccessRecord {
  caller: Caller | null;
  rootFields: Set<string>;
  statements: number;
  operations: number;
}

const records = new AsyncLocalStorage<AccessRecord>();

/** The record of the HTTP request the caller runs in; none for WebSocket operations. */
export function currentAccessRecord(): AccessRecord | undefined {
  return records.getStore();
}

/**
 * Runs `next` with the request's record current again: a body parser reads through stream
 * events, which do not carry the async context of the middleware that started the request.
 */
export function rebindAccessRecord(res: Response, next: () => void): void {
  const record = res.locals.accessRecord as AccessRecord | undefined;
  if (record) records.run(record, next);
  else next();
}

/** The caller's role and district or department: which office acted, never who (see docs/operations.md). */
export function callerFields(caller: Caller | null | undefined): Record<string, string | null> {
  if (!caller) return { role: null };
  return {
    role: caller.role,
    ...(caller.role === 'district' ? { district: caller.district } : {}),
    ...(caller.role === 'department' ? { dept: caller.dept } : {}),
  };
}

/** Counts the body bytes a response sends: Content-Length is absent from streamed answers (CSV). */
function countBodyBytes(res: Response): () => number {
  let bytes = 0;
  const add = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((...args: unknown[]) => {
    add(args[0], args[1]);
    return write(...args);
  }) as Response['write'];
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') add(args[0], args[1]);
    return end(...args);
  }) as Response['end'];
  return () => bytes;
}

/**
 * One info line per HTTP request once its response is finished or cut, and the request counter.
 * Fields: method, path (never the query string: export URLs carry filters), status, ms,
 * requestId, the caller's role and district or department, the GraphQL root fields, SQL
 * statements and body bytes. Never a name, ID number, variable, body or token subject.
 */
export function accessLog(log: Logger, metrics: HubMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const record: AccessRecord = { caller: null, rootFields: new Set(), statements: 0, operations: 0 };
    res.locals.accessRecord = record;
    const bytes = countBodyBytes(res);
    // Read before routers rewrite req.url for their mounted paths.
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    res.once('close', () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const requestId = res.getHeader('x-request-id');
      metrics.httpRequests.inc({ route: routeOf(path), method: methodOf(req.method), status: String(res.statusCode) });
      log.info(
        {
          method: methodOf(req.method),
          path: loggedPath(path),
          status: res.statusCode,
          ms,
          requestId: typeof requestId === 'string' ? requestId : null,
          ...callerFields(record.caller),
          ...(record.operations > 0 ? { rootFields: [...record.rootFields].sort().join(','), statements: record.statements } : {}),
          bytes: bytes(),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    records.run(record, next);
  };
}

/** One info line per WebSocket connection as it closes (its operations are logged one by one). */
export function logWebSocketConnections(httpServer: Server, log: Logger): void {
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const started = Date.now();
    const path = (req.url ?? '').split('?')[0];
    socket.once('close', () => {
      log.info({ transport: 'websocket', path: loggedPath(path), ms: Date.now() - started, bytes: (socket as { bytesWritten?: number }).bytesWritten ?? null }, 'websocket connection closed');
    });
  });
}
