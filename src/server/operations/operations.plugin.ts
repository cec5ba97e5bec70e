import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { HubContext } from '../../context/hub-context';
import type { Logger } from '../../logger';
import { callerFields, currentAccessRecord } from './access-log';
import { OTHER, operationLabel, outcomeOf, rootFieldsOf, type OperationKind } from './labels';
import type { HubMetrics } from './metrics';

interface Observed {
  started: bigint;
  operation: string;
  kind: OperationKind;
  rootFields: string[];
}

/**
 * Counts and times every GraphQL operation, whatever its transport (the WebSocket transport and
 * the CSV export run Apollo's pipeline too), fills the access-log record of the HTTP request it
 * runs in, and logs each WebSocket operation, which has no HTTP request of its own.
 *
 * Apollo starts every plugin's willSendResponse at once, and the audit plugin may still replace
 * the answer (AUDIT_UNAVAILABLE) after its write fails. So this plugin wraps the audit plugin and
 * observes after the audit's hook has finished: the outcome counted is the one the caller got,
 * and the statements counted include the audit entry's.
 */
export function observingOperations(audit: ApolloServerPlugin<HubContext>, metrics: HubMetrics, log: Logger, schemaRootFields: ReadonlySet<string>): ApolloServerPlugin<HubContext> {
  return {
    ...audit,
    async requestDidStart(requestContext) {
      const inner: GraphQLRequestListener<HubContext> = (await audit.requestDidStart?.(requestContext)) ?? {};
      const observed: Observed = { started: process.hrtime.bigint(), operation: OTHER, kind: 'unknown', rootFields: [] };
      return {
        ...inner,
        async didResolveOperation(resolved) {
          if (resolved.operation) {
            observed.kind = resolved.operation.operation as OperationKind;
            observed.rootFields = rootFieldsOf(resolved.document, resolved.operation);
            observed.operation = operationLabel(resolved.operationName, observed.rootFields, schemaRootFields);
          }
          await inner.didResolveOperation?.(resolved);
        },
        async willSendResponse(sending) {
          try {
            await inner.willSendResponse?.(sending);
          } finally {
            observe(sending.contextValue, sending.response.body.kind === 'single' ? sending.response.body.singleResult.errors : undefined);
          }
        },
      };

      function observe(ctx: HubContext, errors: Parameters<typeof outcomeOf>[0]): void {
        const seconds = Number(process.hrtime.bigint() - observed.started) / 1e9;
        const outcome = outcomeOf(errors);
        const labels = { operation: observed.operation, kind: observed.kind };
        metrics.operations.inc({ ...labels, outcome });
        metrics.operationSeconds.observe(labels, seconds);
        metrics.operationStatements.observe(labels, ctx.tally.statements);
        const record = currentAccessRecord();
        if (record) {
          record.caller ??= ctx.caller;
          for (const field of observed.rootFields) record.rootFields.add(field);
          record.statements += ctx.tally.statements;
          record.operations += 1;
          return;
        }
        // Over WebSocket: each query, mutation and subscription admission gets a line; a
        // subscription's events (as many as the outbox yields) only at debug level.
        const line = {
          transport: 'websocket',
          kind: observed.kind,
          rootFields: observed.rootFields.join(','),
          outcome,
          ms: Math.round(seconds * 10_000) / 10,
          requestId: ctx.requestId,
          ...callerFields(ctx.caller),
          statements: ctx.tally.statements,
        };
        if (ctx.subscription && !ctx.subscription.admission) log.debug(line, 'websocket event');
        else log.info(line, 'websocket operation');
      }
    },
  };
}
