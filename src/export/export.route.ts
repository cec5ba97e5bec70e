import { once } from 'node:events';
import type { ApolloServer } from '@apollo/server';
import { Router, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { authenticate } from '../auth/authenticate';
import type { TokenKeys } from '../auth/tokens';
import type { HubContext } from '../context/hub-context';
import type { AnyHubModule } from '../context/hub-module';
import { countStatements, type StatementTally } from '../db/statement-counter';
import { languageOf } from '../eligibility/messages/language';
import type { Logger } from '../logger';
import { createContext } from '../server/context';
import { cors, EXPORT_CORS } from '../server/cors';
import { clientRequestIdOf, newRequestId, purposeOf } from '../server/request-headers';
import { UTF8_BOM } from './csv';
import { HOUSEHOLDS_EXPORT, PERSONS_EXPORT, type ExportList } from './export.queries';

export interface ExportRouteOptions {
  apollo: ApolloServer<HubContext>;
  dataSource: DataSource;
  modules: readonly AnyHubModule[];
  keys: TokenKeys;
  log: Logger;
  /** Rows per page read (within HUB_MAX_PAGE). */
  pageSize: number;
  /** A fresh statement tally (with the request's time budget) for each page. */
  newTally: () => StatementTally;
  /** HUB_CORS_ORIGINS: the pages (of other origins) that may fetch an export, as for /graphql. */
  corsOrigins?: readonly string[];
}

/** HTTP status for an error code met before the first row. */
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, PURPOSE_REQUIRED: 403, RATE_LIMITED: 429, TIME_BUDGET_EXCEEDED: 503, INTERNAL_SERVER_ERROR: 500 };

/** The list's filter from the query string: eligibleFor, notEnrolled, enrolledNotEligibleFor, district, asOf. */
function filterOf(req: Request): Record<string, unknown> {
  const q = req.query;
  const text = (name: string) => (typeof q[name] === 'string' && q[name] !== '' ? (q[name] as string) : undefined);
  const flag = text('notEnrolled');
  return Object.fromEntries(
    Object.entries({
      eligibleFor: text('eligibleFor'),
      notEnrolled: flag === undefined ? undefined : flag === 'true',
      enrolledNotEligibleFor: text('enrolledNotEligibleFor'),
      district: text('district'),
      asOf: text('asOf'),
    }).filter(([, v]) => v !== undefined),
  );
}

/**
 * `GET /export/persons.csv` and `/export/households.csv` (docs/coverage.md, "Gap lists and
 * export"): the `persons` or `households` query run page by page through Apollo's own pipeline,
 * so authentication, purpose, limits, scope, masking and audit apply to every page as to any
 * request; each page's rows are written before the next is read (keyset cursor).
 */
export function createExportRouter(options: ExportRouteOptions): Router {
  const router = Router();
  const serve = (list: ExportList) => async (req: Request, res: Response) => {
    const requestId = newRequestId();
    res.setHeader('x-request-id', requestId);
    let caller;
    try {
      caller = (await authenticate(req.headers.authorization, options.keys))?.caller ?? null;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      options.log.info({ requestId, clientRequestId: clientRequestIdOf(req.headers['x-request-id']), reason: error.extensions.reason }, 'token refused');
      res.status(401).json({ errors: [{ message: error.message, extensions: error.extensions }] });
      return;
    }
    const filter = filterOf(req);
    // The list names at most one rule, whichever field names it (the two are never combined).
    const named = filter.eligibleFor ?? filter.enrolledNotEligibleFor;
    const ruleId = typeof named === 'string' ? named : null;
    let after: string | null = null;
    let started = false;
    for (;;) {
      const ctx = createContext(
        options.dataSource,
        {
          requestId: started ? newRequestId() : requestId,
          caller,
          purpose: purposeOf(req.headers['x-purpose'], true),
          language: languageOf(req.headers['accept-language']),
          tally: options.newTally(),
        },
        options.modules,
      );
      const response = await countStatements(ctx.tally, () =>
        options.apollo.executeOperation({ query: list.query, variables: { filter, first: options.pageSize, after } }, { contextValue: ctx }),
      );
      const result = response.body.kind === 'single' ? response.body.singleResult : null;
      const errors = result?.errors ?? (result ? undefined : [{ message: 'incremental delivery is not exported', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      if (errors?.length) {
        if (!started) {
          const code = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          res.status(STATUS[code] ?? 400).json({ errors });
        } else {
          // Rows already went out: a cut connection, never a file that looks complete.
          options.log.warn({ requestId, code: errors[0].extensions?.code }, 'export stopped part-way');
          res.destroy();
        }
        return;
      }
      const page = (result?.data as Record<string, any>)[list.field] as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Record<string, any> }> };
      if (!started) {
        started = true;
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${list.field}.csv"`);
        res.setHeader('cache-control', 'no-store');
        res.write(UTF8_BOM + list.header);
      }
      const chunk = page.edges.map((e) => list.row(e.node, ruleId)).join('');
      if (chunk && !res.write(chunk)) await once(res, 'drain');
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    res.end();
  };
  const guarded = (list: ExportList) => (req: Request, res: Response) => {
    serve(list)(req, res).catch((error: unknown) => {
      options.log.error({ err: error }, 'export failed');
      if (res.headersSent) res.destroy();
      else res.status(500).json({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  };
  // Before the routes, so a listed page's preflight is answered and its errors are readable too.
  router.use('/export', cors(options.corsOrigins, EXPORT_CORS));
  router.get('/export/persons.csv', guarded(PERSONS_EXPORT));
  router.get('/export/households.csv', guarded(HOUSEHOLDS_EXPORT));
  return router;
}
