import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type Response } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { authenticate } from '../auth/authenticate';
import type { Settings } from '../config';
import { countStatements, type StatementTally } from '../db/statement-counter';
import type { Logger } from '../logger';
import { PROJECT_ROOT } from '../shared/paths';
import { createLoaders, type HubContext } from './context';
import { createIdeRouter, wantsHtml } from './ide/ide.route';
import { refuseSubscriptionsOverHttp, reportStatements } from './plugins';
import { buildHubSchema } from './schema';
import { createServices } from './services';

export const GRAPHQL_PATH = '/graphql';

export interface RunningHub {
  url: string;
  httpServer: Server;
  stop(): Promise<void>;
}

const DEFAULT_IDE_QUERY = `# The hub joins civil affairs, human resources and the disability federation on the ID number.
query FirstPersons {
  persons(first: 5, filter: { livesAwayFromRegistration: true }) {
    totalCount
    edges {
      node {
        idNumber name age registeredDistrict residenceDistrict
        household { householdNumber size }
        disabilityCertificates { certificateNumber categoryName grade }
        unemploymentRegistrations { registrationNumber startDate endDate }
        insuranceEnrollments { startDate endDate drawingBenefit }
        enrollments { program unit startDate endDate monthlyAmount }
      }
    }
  }
}
`;

function requestIdOf(req: Request): string {
  const given = req.get('x-request-id');
  return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Serves the hub over HTTP (queries, mutations, IDE, health) and WebSocket (subscriptions) on one port. */
export async function startHub(settings: Settings, log: Logger, dataSource: DataSource): Promise<RunningHub> {
  const services = createServices(dataSource, settings);
  const schema = await buildHubSchema(services);
  const app = express();
  const httpServer = createServer(app);
  app.disable('x-powered-by');

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer(
    {
      schema,
      context: (ctx): HubContext => ({
        requestId: randomUUID(),
        caller: authenticate(ctx.extra.request),
        loaders: createLoaders(dataSource),
        tally: { statements: 0 },
      }),
    },
    wsServer,
  );

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: settings.NODE_ENV !== 'production',
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      refuseSubscriptionsOverHttp,
      ...(settings.HUB_REPORT_STATEMENTS ? [reportStatements] : []),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
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
  app.use(createIdeRouter({ distDir: path.join(PROJECT_ROOT, 'dist', 'ide'), endpoint: GRAPHQL_PATH, defaultQuery: DEFAULT_IDE_QUERY }));
  app.get(GRAPHQL_PATH, (req, res, next) => (wantsHtml(req) ? res.redirect(302, '/graphiql') : next()));
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '4mb' }),
    (req: Request, res: Response, next) => {
      // Statements are counted per request: the tally follows the request through every await.
      const tally: StatementTally = { statements: 0 };
      res.locals.tally = tally;
      res.locals.requestId = requestIdOf(req);
      res.setHeader('x-request-id', res.locals.requestId);
      countStatements(tally, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<HubContext> => ({
        requestId: res.locals.requestId as string,
        caller: authenticate(req),
        loaders: createLoaders(dataSource),
        tally: res.locals.tally as StatementTally,
      }),
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(settings.PORT, settings.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = settings.HOST === '0.0.0.0' || settings.HOST === '::' ? 'localhost' : settings.HOST;
  return {
    url: `http://${host}:${port}`,
    httpServer,
    async stop() {
      await apollo.stop();
    },
  };
}
