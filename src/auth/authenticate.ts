import type { IncomingMessage } from 'node:http';
import { DEVELOPMENT_CALLER, type Caller } from './caller';

/**
 * The one place a request becomes a caller, for HTTP and WebSocket alike. Until bearer tokens are
 * verified here, every request is the development caller.
 */
export function authenticate(_request: IncomingMessage): Caller {
  return DEVELOPMENT_CALLER;
}
