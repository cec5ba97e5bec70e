import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../common/errors';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_ADDRESSES = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function hostName(req: Request): string | null {
  const host = req.headers.host;
  if (!host) return null;
  // "[::1]:4000" keeps its brackets; "localhost:4000" loses the port.
  return (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]).toLowerCase();
}

export function isLoopbackBinding(bindHost: string): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(bindHost) || bindHost.startsWith('127.');
}

/**
 * The host names this hub answers to: those configured, or — for a hub bound to loopback — the
 * loopback names. A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding)
 * then gets nothing from a developer's hub. Null: any name (a hub behind a load balancer).
 */
export function allowedHosts(configured: string | undefined, bindHost: string): Set<string> | null {
  if (configured) return new Set(configured.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
  return isLoopbackBinding(bindHost) ? new Set(LOOPBACK_NAMES) : null;
}

export function hostCheck(allowed: Set<string> | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const name = hostName(req);
    if (allowed == null || (name != null && allowed.has(name))) return next();
    res.status(421).json({ errors: [{ message: 'this hub does not serve that host name', extensions: { code: ErrorCode.UNKNOWN_HOST } }] });
  };
}

/**
 * Whether a request comes from this machine under a loopback name: only such a request may be
 * handed the development admin token that the IDE is pre-filled with.
 */
export function isLocalRequest(req: Request): boolean {
  const name = hostName(req);
  return LOOPBACK_ADDRESSES.test(req.socket.remoteAddress ?? '') && name != null && LOOPBACK_NAMES.includes(name);
}
