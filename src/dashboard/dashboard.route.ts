import type { Request, Router } from 'express';
import { bundledPageRouter, serializeConfig } from '../server/bundled-page';

export interface DashboardRouterOptions {
  /** Output folder of `node src/dashboard/build-dashboard.mjs` (normally `<repo>/dist/dashboard`). */
  distDir: string;
  /** GraphQL endpoint the page posts to (a path on this origin). */
  endpoint: string;
  /** Pre-filled into the token field (development: the admin token), for requests `mayReceiveToken` admits. */
  token?: string;
  /** Whether this request may receive `token`. Without it nobody does. */
  mayReceiveToken?: (req: Request) => boolean;
}

const NOT_BUILT_MESSAGE =
  'The dashboard has not been built on this server. Run `npm run build:dashboard` ' +
  '(node src/dashboard/build-dashboard.mjs) and reload this page.\n';

/**
 * Everything the page needs comes from this origin: scripts and styles from the bundle, data from
 * the GraphQL endpoint and the CSV export (fetched with the caller's token). ECharts' tooltips carry
 * inline style attributes, hence 'unsafe-inline' for styles only.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `/dashboard` and its assets (issue 10 point 6): the page is a client of the public GraphQL API only. */
export function createDashboardRouter(options: DashboardRouterOptions): Router {
  const configScript = (token?: string) =>
    '<script id="hub-dashboard-config" type="application/json">' + serializeConfig({ endpoint: options.endpoint, ...(token ? { token } : {}) }) + '</script>';
  const withToken = configScript(options.token);
  const withoutToken = configScript();
  return bundledPageRouter({
    distDir: options.distDir,
    route: '/dashboard',
    // Must match the placeholders written by build-dashboard.mjs.
    assetsPlaceholder: /%HUB_DASHBOARD_ASSETS%/g,
    configPlaceholder: '<!--HUB_DASHBOARD_CONFIG-->',
    configScript: (req) => (options.mayReceiveToken?.(req) ? withToken : withoutToken),
    contentSecurityPolicy: DASHBOARD_CSP,
    notBuiltMessage: NOT_BUILT_MESSAGE,
  });
}
