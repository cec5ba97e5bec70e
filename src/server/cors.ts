import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What a listed page may send and read (tokens are bearer headers, never cookies: no credentials). */
export interface CorsPolicy {
  allowedMethods: string;
  allowedHeaders: string;
  exposedHeaders: string;
}

export const CORS_ALLOWED_METHODS = 'GET, POST';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, X-Purpose, Accept-Language, X-Request-Id';
export const CORS_EXPOSED_HEADERS = 'X-Request-Id';

/** /graphql: queries by GET or POST. */
export const GRAPHQL_CORS: CorsPolicy = { allowedMethods: CORS_ALLOWED_METHODS, allowedHeaders: CORS_ALLOWED_HEADERS, exposedHeaders: CORS_EXPOSED_HEADERS };

/** The CSV exports: a GET whose file name a page reads from Content-Disposition. */
export const EXPORT_CORS: CorsPolicy = { allowedMethods: 'GET', allowedHeaders: CORS_ALLOWED_HEADERS, exposedHeaders: `${CORS_EXPOSED_HEADERS}, Content-Disposition` };

/** Seconds a browser may keep a preflight's answer. */
export const CORS_MAX_AGE = 600;

/**
 * Whether a request may come in, by its Origin header: always when CORS is off (HUB_CORS_ORIGINS
 * unset) or when there is no Origin (not a browser); else only from a listed origin. For the
 * WebSocket upgrade, which a browser opens from any page without asking first.
 */
export function originAllowed(origins: readonly string[] | undefined, origin: string | undefined): boolean {
  return !origins?.length || origin === undefined || origins.includes(origin);
}

/**
 * CORS for the pages of HUB_CORS_ORIGINS (unset: nothing, no Access-Control-* header at all). A
 * listed Origin gets itself back as the allowed origin (never `*`), its preflight a 204; any other
 * gets no CORS header, so its browser withholds the answer, and the request is served as without CORS.
 *
 * Helmet's `Cross-Origin-Resource-Policy: same-origin` stays: it applies only to no-cors loads
 * (`<img>`, `<script>`), which a listed page has no reason to make; a CORS fetch is governed by
 * the headers here.
 */
export function cors(origins: readonly string[] | undefined, policy: CorsPolicy = GRAPHQL_CORS): RequestHandler {
  if (!origins?.length) return (_req: Request, _res: Response, next: NextFunction) => next();
  const listed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    // The answer depends on Origin whichever it is: caches must not hand one origin's to another.
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !listed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', policy.allowedMethods);
      res.setHeader('Access-Control-Allow-Headers', policy.allowedHeaders);
      res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE));
      res.status(204).end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', policy.exposedHeaders);
    next();
  };
}
