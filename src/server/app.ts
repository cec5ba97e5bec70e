import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { auditPlugin } from '../audit/audit.plugin';
import { authenticate } from '../auth/authenticate';
import { authenticationPlugin } from '../auth/authentication.plugin';
import { tokenKeys, type TokenKeys, type VerifiedToken } from '../auth/tokens';
import type { Settings } from '../config';
import type { HubContext } from '../context/hub-context';
import type { AnyHubModule } from '../context/hub-module';
import { countStatements, type StatementTally } from '../db/statement-counter';
import type { Logger } from '../logger';
import { configureCursorKey } from '../common/connection';
import { PROJECT_ROOT } from '../common/paths';
import { createContext } from './context';
import { cors } from './cors';
import { languageOf } from '../eligibility/messages/language';
import { errorMaskingPlugin } from './error-masking.plugin';
import { jsonBody } from './json-body';
import { allowedHosts, hostCheck, isLocalRequest } from './host-check';
import { clientRequestIdOf, newRequestId, purposeOf } from './request-headers';
import { createIdeRouter, wantsHtml } from './ide/ide.route';
import { createDashboardRouter } from '../dashboard/dashboard.route';
import { DEFAULT_IDE_QUERY } from './ide/default-query';
import { limitsPlugin } from './limits.plugin';
import { rateLimitPlugin } from './limits/rate-limit.plugin';
import { timeBudgetPlugin } from './limits/time-budget.plugin';
import { refuseSubscriptionsOverHttp, reportStatements } from './plugins';
import { buildHubSchema } from './schema';
import { Pseudonyms } from '../auth/privacy/pseudonyms';
import { auditedRootFieldsOf, withModules } from './modules';
import { createServices } from './services';
import { startWebSocketTransport, subscriptionAdmissionPlugin } from './websocket';
import { startDistrictNotifications } from '../push/subscription/district-feed';
import { startDeliveryWorker } from '../push/webhooks/delivery-worker';
import { RetentionService } from '../push/retention/retention.service';
import { startSweepSchedule } from '../push/sweep/sweep-schedule';
import { SweepService } from '../push/sweep/sweep.service';
import { createExportRouter } from '../export/export.route';
import { startOperations } from './operations/operations';

export const GRAPHQL_PATH = '/graphql';

/** Tokens a GraphQL document may have: far above any real query, far below a costly parse. */
export const MAX_DOCUMENT_TOKENS = 100_000;

export interface RunningHub {
  url: string;
  httpServer: Server;
  keys: TokenKeys;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Token keys, when the caller already made them (an ephemeral development secret must be shared). */
  keys?: TokenKeys;
  /** Headers the IDE starts with (development: the admin token). */
  ideHeaders?: Record<string, string>;
  /** Modules served besides the hub's own (src/server/modules.ts), wired exactly like them. */
  extraModules?: readonly AnyHubModule[];
}

/**
 * Analysts' pseudonyms: from HUB_PSEUDONYM_KEY (required in production); in development from the
 * token secret, or for the life of the process when there is none.
 */
function pseudonymsFor(settings: Settings): Pseudonyms {
  const key = settings.HUB_PSEUDONYM_KEY ?? settings.HUB_JWT_SECRET;
  return key ? new Pseudonyms(key) : Pseudonyms.ephemeral();
}

/** Resolves once the server listens; rejects with the socket error (EADDRINUSE, EACCES, …) when it cannot. */
function listen(httpServer: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
}

/** Serves the hub over HTTP (queries, mutations, IDE, health) and WebSocket (subscriptions) on one port. */
export async function startHub(settings: Settings, log: Logger, dataSource: DataSource, options: HubOptions = {}): Promise<RunningHub> {
  const keys = options.keys ?? tokenKeys(settings);
  if (keys.secret && !keys.ephemeral) configureCursorKey(keys.secret);
  const modules = withModules(options.extraModules);
  const services = createServices(dataSource, settings, modules);
  const schema = await buildHubSchema(services, pseudonymsFor(settings), modules);
  const app = express();
  const httpServer = createServer(app);
  app.disable('x-powered-by');
  const operations = startOperations({ app, httpServer, dataSource, log, schema, metricsToken: settings.HUB_METRICS_TOKEN });
  const hosts = allowedHosts(settings.HUB_ALLOWED_HOSTS, settings.HOST);
  app.use(hostCheck(hosts));
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));

  let websocket: { dispose(): Promise<void> } | undefined;
  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: settings.HUB_INTROSPECTION,
    // Apollo's own messages go through the hub's logger (and its scrubbing), never the console.
    logger: log,
    // Parsing and validating a huge document costs seconds before any limit looks at it.
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    includeStacktraceInErrorResponses: settings.NODE_ENV === 'development',
    // main.ts stops the hub on SIGINT and SIGTERM; Apollo's own handlers would re-raise the signal
    // once Apollo has stopped, killing the process before webhook deliveries finish and the database closes.
    stopOnTerminationSignals: false,
    plugins: [
      // Stops accepting connections, lets requests in flight finish within the grace, then cuts the rest.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: settings.HUB_SHUTDOWN_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // Answers carry personal data and are never cached; the cache-control plugin would also hook every field.
      ApolloServerPluginCacheControlDisabled(),
      authenticationPlugin({ anonymousIntrospection: settings.NODE_ENV !== 'production' && settings.HUB_INTROSPECTION }),
      rateLimitPlugin({ perMinute: settings.HUB_RATE_LIMIT, concurrent: settings.HUB_MAX_CONCURRENT }),
      refuseSubscriptionsOverHttp,
      subscriptionAdmissionPlugin,
      limitsPlugin(schema, settings),
      timeBudgetPlugin(log, settings.HUB_REQUEST_TIME_MS),
      operations.observing(auditPlugin(services.audit, log, auditedRootFieldsOf(modules))),
      errorMaskingPlugin(log, settings.NODE_ENV === 'production'),
      ...(settings.HUB_REPORT_STATEMENTS ? [reportStatements] : []),
      { async serverWillStart() { return { async drainServer() { await websocket?.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok', database: 'reachable' });
    } catch (error) {
      log.warn({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  // /healthz stays the liveness check; /readyz (database and audit writable, not stopping) and /metrics.
  app.use(operations.routes);
  if (settings.HUB_IDE) {
    app.use(
      createIdeRouter({
        distDir: path.join(PROJECT_ROOT, 'dist', 'ide'),
        endpoint: GRAPHQL_PATH,
        headers: options.ideHeaders,
        mayReceiveHeaders: isLocalRequest,
        defaultQuery: DEFAULT_IDE_QUERY,
      }),
    );
    app.get(GRAPHQL_PATH, (req, res, next) => (wantsHtml(req) ? res.redirect(302, '/graphiql') : next()));
  }
  // The dashboard is served whether or not the IDE is: it is for the bureau's staff, not developers.
  app.use(
    createDashboardRouter({
      distDir: path.join(PROJECT_ROOT, 'dist', 'dashboard'),
      endpoint: GRAPHQL_PATH,
      token: options.ideHeaders?.Authorization,
      mayReceiveToken: isLocalRequest,
    }),
  );
  // The address a newcomer types first leads to the IDE, or says where the API and health check are.
  app.get('/', (_req: Request, res: Response) =>
    settings.HUB_IDE ? res.redirect(302, '/graphiql') : res.json({ service: 'civil-affairs data hub', graphql: GRAPHQL_PATH, health: '/healthz' }),
  );
  // CSV exports of gap lists: each page through the same Apollo pipeline as /graphql.
  app.use(
    createExportRouter({
      apollo,
      dataSource,
      modules,
      keys,
      log,
      pageSize: Math.min(500, settings.HUB_MAX_PAGE),
      corsOrigins: settings.HUB_CORS_ORIGINS,
      newTally: () => ({ statements: 0, deadline: Date.now() + settings.HUB_REQUEST_TIME_MS }),
    }),
  );
  app.use(GRAPHQL_PATH, cors(settings.HUB_CORS_ORIGINS));
  app.use(
    GRAPHQL_PATH,
    jsonBody(settings.HUB_MAX_BODY_BYTES, log),
    (req: Request, res: Response, next: NextFunction) => {
      // Statements are counted per request: the tally follows the request through every await.
      const tally: StatementTally = { statements: 0, deadline: Date.now() + settings.HUB_REQUEST_TIME_MS };
      res.locals.tally = tally;
      res.locals.requestId = newRequestId();
      res.setHeader('x-request-id', res.locals.requestId);
      operations.rebind(res, () => countStatements(tally, next));
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        let token: VerifiedToken | null;
        try {
          token = await authenticate(req.headers.authorization, keys);
        } catch (error) {
          if (error instanceof GraphQLError) {
            log.info({ requestId: res.locals.requestId, clientRequestId: clientRequestIdOf(req.headers['x-request-id']), reason: error.extensions.reason }, 'token refused');
          }
          throw error;
        }
        return createContext(dataSource, {
          requestId: res.locals.requestId as string,
          caller: token?.caller ?? null,
          purpose: purposeOf(req.headers['x-purpose'], true),
          language: languageOf(req.headers['accept-language']),
          tally: res.locals.tally as StatementTally,
        }, modules);
      },
    }),
  );

  try {
    await listen(httpServer, settings.PORT, settings.HOST);
  } catch (error) {
    // Nothing is served yet: release what Apollo holds so the caller can exit or retry.
    await apollo.stop().catch(() => undefined);
    throw error;
  }
  // The live subscription: one outbox follower per process, polling only while someone subscribes.
  const districtNotifications = startDistrictNotifications({ dataSource, log, access: services.push, pollMs: settings.HUB_PUSH_POLL_MS });
  // Attached once the port is ours: a WebSocket server on a failed listen would report the same error again, on the console.
  websocket = startWebSocketTransport({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    apollo,
    dataSource,
    modules,
    keys,
    log,
    maxMessageBytes: settings.HUB_MAX_BODY_BYTES,
    allowedHosts: hosts,
    corsOrigins: settings.HUB_CORS_ORIGINS,
    maxDocumentTokens: MAX_DOCUMENT_TOKENS,
    newTally: () => ({ statements: 0, deadline: Date.now() + settings.HUB_REQUEST_TIME_MS }),
    subscriptions: districtNotifications.sources,
  });
  // The daily sweep and retention (HUB_SWEEP_AT; off when unset): one instance at a time, by lease.
  const sweepSchedule = startSweepSchedule({ dataSource, sweep: new SweepService(dataSource, services.push.evaluator), retention: new RetentionService(dataSource), settings, log });
  // Webhook deliveries (HUB_WEBHOOKS, on by default): every instance sends, claims keep them from sending one twice.
  const webhookDeliveries = settings.HUB_WEBHOOKS ? startDeliveryWorker({ dataSource, settings, log, parameters: services.push.parameters, onAttempt: operations.recordDeliveryAttempt }) : null;
  const { port } = httpServer.address() as AddressInfo;
  const host = settings.HOST === '0.0.0.0' || settings.HOST === '::' ? 'localhost' : settings.HOST;
  return {
    url: `http://${host}:${port}`,
    httpServer,
    keys,
    async stop() {
      operations.markStopping();
      // The worker claims nothing more from now on; the deliveries it has in flight finish (each
      // within HUB_WEBHOOK_TIMEOUT_MS) while the HTTP requests do.
      const deliveriesDone = webhookDeliveries?.stop();
      await sweepSchedule.stop();
      // Drains: the listener closes, requests in flight finish (HUB_SHUTDOWN_GRACE_MS), WebSockets close with 1001.
      await apollo.stop();
      await services.coverage.stop();
      await districtNotifications.stop();
      await deliveriesDone;
    },
  };
}
