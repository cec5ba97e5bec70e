import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { Request, Response, Router } from 'express';

/*
 * A page bundled at build time (the IDE, the dashboard): its index.html read on every request (a
 * rebuild with new hashed names is picked up without a restart), a JSON configuration inserted
 * for the request, and its assets served from the same origin.
 */

export interface BundledPageOptions {
  /** The build's output folder: index.html and assets/. */
  distDir: string;
  /** Where the page is served, e.g. `/graphiql`; its assets under `<route>/assets`. */
  route: string;
  /** The placeholders the build script writes into index.html. */
  assetsPlaceholder: RegExp;
  configPlaceholder: string;
  /** The `<script type="application/json">` element with the configuration this request receives. */
  configScript(req: Request): string;
  contentSecurityPolicy: string;
  /** Said (503) when nothing is built yet: how to build it. */
  notBuiltMessage: string;
}

// esbuild's `[name]-[hash]` naming: only such files may be cached for good, because a rebuild with
// different content always gets a different name.
const HASHED_ASSET = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

export function bundledPageRouter(options: BundledPageOptions): Router {
  const router = express.Router();
  const templatePath = path.join(options.distDir, 'index.html');

  router.get(options.route, async (req: Request, res: Response) => {
    let template: string;
    try {
      template = await readFile(templatePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      res.status(503).set('Cache-Control', 'no-store').type('text/plain').send(options.notBuiltMessage);
      return;
    }
    const assetsUrl = escapeHtmlAttribute(`${req.baseUrl}${options.route}/assets`);
    // Replacer functions, so `$&`-style patterns in the inserted text stay literal.
    const html = template.replace(options.assetsPlaceholder, () => assetsUrl).replace(options.configPlaceholder, () => options.configScript(req));
    res
      .status(200)
      .set({
        // The page may carry a development token: keep it out of every cache.
        'Cache-Control': 'no-store',
        'Content-Security-Policy': options.contentSecurityPolicy,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      .type('html')
      .send(html);
  });

  router.use(
    `${options.route}/assets`,
    express.static(path.join(options.distDir, 'assets'), {
      index: false,
      redirect: false,
      // A missing chunk is a 404 here, not something for later routes to guess at.
      fallthrough: false,
      cacheControl: false,
      setHeaders(res, filePath) {
        res.setHeader('Cache-Control', HASHED_ASSET.test(path.basename(filePath)) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );
  return router;
}

/**
 * JSON for an inline `<script type="application/json">`. `<` is escaped so a value containing
 * `</script>` or `<!--` cannot end the element early; `>`, `&` and the JS line separators are
 * escaped for good measure. JSON.parse reads the `\uXXXX` escapes back unchanged.
 */
export function serializeConfig(config: unknown): string {
  return JSON.stringify(config).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtmlAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
