import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { Request, Response, Router } from 'express';

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

// Must match the placeholders written by build-ide.mjs.
const ASSETS_PLACEHOLDER = /%HUB_IDE_ASSETS%/g;
const CONFIG_PLACEHOLDER = '<!--HUB_IDE_CONFIG-->';

// esbuild's `[name]-[hash]` naming: only such files may be cached for good,
// because a rebuild with different content always gets a different name.
const HASHED_ASSET = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

const NOT_BUILT_MESSAGE =
  'The GraphiQL IDE has not been built on this server. Run `npm run build:ide` ' +
  '(node src/server/ide/build-ide.mjs) and reload this page.\n';

export function createIdeRouter(options: IdeRouterOptions): Router {
  const router = express.Router();
  const templatePath = path.join(options.distDir, 'index.html');
  const configScript = (headers: Record<string, string>) =>
    '<script id="hub-ide-config" type="application/json">' +
    serializeConfig({ endpoint: options.endpoint, headers, defaultQuery: options.defaultQuery }) +
    '</script>';
  const withHeaders = configScript(options.headers ?? {});
  const withoutHeaders = configScript({});
  const csp = contentSecurityPolicy(options.endpoint);

  router.get('/graphiql', async (req: Request, res: Response) => {
    let template: string;
    try {
      // Read on every request: cheap, and a rebuild (new hashed names) is picked up without a restart.
      template = await readFile(templatePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      res.status(503).set('Cache-Control', 'no-store').type('text/plain').send(NOT_BUILT_MESSAGE);
      return;
    }
    const assetsUrl = escapeHtmlAttribute(`${req.baseUrl}/graphiql/assets`);
    // Replacer functions, so `$&`-style patterns in the inserted text stay literal.
    const config = options.mayReceiveHeaders?.(req) ? withHeaders : withoutHeaders;
    const html = template.replace(ASSETS_PLACEHOLDER, () => assetsUrl).replace(CONFIG_PLACEHOLDER, () => config);
    res
      .status(200)
      .set({
        // The page may carry an admin bearer token: keep it out of every cache.
        'Cache-Control': 'no-store',
        'Content-Security-Policy': csp,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      .type('html')
      .send(html);
  });

  router.use(
    '/graphiql/assets',
    express.static(path.join(options.distDir, 'assets'), {
      index: false,
      redirect: false,
      // A missing chunk is a 404 here, not something for later routes to guess at.
      fallthrough: false,
      cacheControl: false,
      setHeaders(res, filePath) {
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET.test(path.basename(filePath)) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );

  return router;
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
 * JSON for an inline `<script type="application/json">`. `<` is escaped so a
 * value containing `</script>` or `<!--` cannot end the element early; `>`,
 * `&` and the JS line separators are escaped for good measure. JSON.parse
 * reads the `\uXXXX` escapes back unchanged.
 */
export function serializeConfig(config: unknown): string {
  return JSON.stringify(config).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtmlAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
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
