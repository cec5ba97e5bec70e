import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Router, type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { HubContext } from '../../context/hub-context';
import type { Logger } from '../../logger';
import { accessLog, logWebSocketConnections, rebindAccessRecord } from './access-log';
import { rootFieldNamesOf } from './labels';
import { HubMetrics, type DeliveryAttempt } from './metrics';
import { metricsRoute } from './metrics.route';
import { observingOperations } from './operations.plugin';
import { Readiness } from './readiness';

export interface OperationsOptions {
  app: Express;
  httpServer: Server;
  dataSource: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  /** HUB_METRICS_TOKEN; unset: /metrics for loopback callers only. */
  metricsToken?: string;
}

/**
 * What running the hub in production needs (docs/operations.md): the access log, /metrics,
 * /readyz and the not-ready state of a stopping hub. The access log is installed at once, before
 * any other middleware, so that every request gets its line, refused ones included.
 */
export function startOperations(options: OperationsOptions) {
  const { app, httpServer, dataSource, log } = options;
  const metrics = new HubMetrics(dataSource, log);
  const readiness = new Readiness(dataSource, log);
  app.use(accessLog(log, metrics));
  logWebSocketConnections(httpServer, log);
  const schemaRootFields = rootFieldNamesOf(options.schema);
  const routes = Router();
  routes.get('/readyz', readiness.handler());
  routes.get('/metrics', metricsRoute(metrics, options.metricsToken, log));
  return {
    /** /readyz and /metrics. */
    routes,
    /** The audit plugin, with every operation counted, timed and logged once the audit has written its entry. */
    observing: (audit: ApolloServerPlugin<HubContext>) => observingOperations(audit, metrics, log, schemaRootFields),
    /** Makes the request's access record current again after a middleware that loses the async context. */
    rebind: rebindAccessRecord,
    /** For the webhook worker: one attempt's result. */
    recordDeliveryAttempt: (result: DeliveryAttempt) => metrics.recordDeliveryAttempt(result),
    /** /readyz answers 503 from now on. */
    markStopping: () => readiness.markStopping(),
  };
}
