import type { Request, Router } from 'express';
import { bundledPageRouter, serializeConfig } from '../bundled-page';


export interface IdeRouterOptions {
  /** Output folder of `node src/server/ide/build-ide.mjs` (normally `<repo>/dist/ide`). */
  distDir: string;
  /** GraphQL endpoint the IDE talks to; a path is resolved against the page, ws(s) is derived from it. */
  endpoint: string;
  /** Pre-filled into the IDE's headers editor. */
  headers?: Record<string, string>;
  /**
   * Whether this request may receive `headers` (they can hold a development admin token). Without
   * it nobody does.
   */
  mayReceiveHeaders?: (req: Request) => boolean;
  /** First query shown to someone who has nothing saved in the browser yet. */
  defaultQuery?: string;
}

const NOT_BUILT_MESSAGE =
  'The GraphiQL IDE has not been built on this server. Run `npm run build:ide` ' +
  '(node src/server/ide/build-ide.mjs) and reload this page.\n';

export function createIdeRouter(options: IdeRouterOptions): Router {
  const configScript = (headers: Record<string, string>) =>
    '<script id="hub-ide-config" type="application/json">' +
    serializeConfig({ endpoint: options.endpoint, headers, defaultQuery: options.defaultQuery }) +
    '</script>';
  const withHeaders = configScript(options.headers ?? {});
  const withoutHeaders = configScript({});
  return bundledPageRouter({
    distDir: options.distDir,
    route: '/graphiql',
    // Must match the placeholders written by build-ide.mjs.
    assetsPlaceholder: /%HUB_IDE_ASSETS%/g,
    configPlaceholder: '<!--HUB_IDE_CONFIG-->',
    configScript: (req) => (options.mayReceiveHeaders?.(req) ? withHeaders : withoutHeaders),
    contentSecurityPolicy: contentSecurityPolicy(options.endpoint),
    notBuiltMessage: NOT_BUILT_MESSAGE,
  });
}

/**
 * True for a GET whose Accept header ranks HTML above the GraphQL media types,
 * i.e. a person who typed /graphql into the address bar rather than a client.
 * A missing Accept or a bare wildcard counts as a client.
 */
export function wantsHtml(req: Request): boolean {
  if (req.method !== 'GET') return false;
  return req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}



/**
 * Everything the IDE needs is served from this origin; the policy makes the
 * browser itself refuse anything else (a CDN font, a stray analytics call).
 * Monaco injects <style> elements at run time, hence 'unsafe-inline' for styles only.
 */
function contentSecurityPolicy(endpoint: string): string {
  const connect = ["'self'"];
  if (/^https?:\/\//i.test(endpoint)) {
    // An endpoint on another origin has to be reachable over HTTP and for subscriptions.
    const origin = new URL(endpoint).origin;
    connect.push(origin, origin.replace(/^http/i, 'ws'));
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
