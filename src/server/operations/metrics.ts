import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import { PushNotification } from '../../push/notification.entity';
import { DeliveryStatus, OPEN_STATUSES } from '../../push/push.enums';
import { PushDelivery } from '../../push/webhook-delivery.entity';

/** How long the outbox figures read at scrape time are reused: several scrapers cost one read per window. */
export const OUTBOX_FIGURES_TTL_MS = 5000;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const STATEMENTS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

// Process metrics (CPU, memory, event loop, GC) describe the process, not a hub: collected once per
// process, even when tests start several hubs in one.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** What mysql2's pool keeps of its connections (not a documented API: read defensively). */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

export type DeliveryAttempt = 'delivered' | 'failed' | 'dead';

interface OutboxFigures {
  openNotifications: number;
  pendingDeliveries: number;
  deadLetters: number;
}

/** One hub's metrics (docs/operations.md, "Metrics"), in a registry of its own merged with the process's. */
export class HubMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly operations: Counter<'operation' | 'kind' | 'outcome'>;
  readonly operationSeconds: Histogram<'operation' | 'kind'>;
  readonly operationStatements: Histogram<'operation' | 'kind'>;
  readonly deliveryAttempts: Counter<'result'>;
  private readonly readFailures: Counter<'figures'>;
  private outbox: { at: number; figures: Promise<OutboxFigures | null> } | null = null;
  private lastFailureLog = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
  ) {
    const registers = [new Registry()];
    const [own] = registers;
    this.httpRequests = new Counter({ name: 'hub_http_requests_total', help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'], registers });
    this.operations = new Counter({
      name: 'hub_graphql_operations_total',
      help: 'GraphQL operations executed (HTTP, CSV export pages, WebSocket), by operation, kind and outcome (ok or the error code).',
      labelNames: ['operation', 'kind', 'outcome'],
      registers,
    });
    this.operationSeconds = new Histogram({ name: 'hub_graphql_operation_duration_seconds', help: 'Time from receiving an operation to its answer, audit entry written.', labelNames: ['operation', 'kind'], buckets: SECONDS, registers });
    this.operationStatements = new Histogram({ name: 'hub_graphql_sql_statements', help: 'SQL statements one operation sent, audit entry included.', labelNames: ['operation', 'kind'], buckets: STATEMENTS, registers });
    this.deliveryAttempts = new Counter({ name: 'hub_webhook_delivery_attempts_total', help: 'Webhook delivery attempts by this process: delivered, failed (retried later) or dead (the last attempt failed).', labelNames: ['result'], registers });
    for (const result of ['delivered', 'failed', 'dead']) this.deliveryAttempts.inc({ result }, 0);
    this.readFailures = new Counter({ name: 'hub_metrics_read_failures_total', help: 'Scrape-time reads that failed (their gauges are NaN until the next read succeeds).', labelNames: ['figures'], registers });

    const figure = (name: string, help: string, pick: (f: OutboxFigures) => number) => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers,
        collect: async () => {
          const figures = await this.outboxFigures();
          gauge.set(figures ? pick(figures) : Number.NaN);
        },
      });
    };
    figure('hub_push_outbox_open_notifications', 'Notifications waiting for their district (OPEN or ACKNOWLEDGED), read at scrape time.', (f) => f.openNotifications);
    figure('hub_webhook_deliveries_pending', 'Webhook deliveries still to be sent or retried (all instances), read at scrape time.', (f) => f.pendingDeliveries);
    figure('hub_webhook_dead_letters', 'Webhook deliveries that failed their last attempt and wait for a replay (all instances), read at scrape time.', (f) => f.deadLetters);

    const pool = this.mysqlPool();
    // SQLite has no pool: no figure rather than an invented one.
    if (pool) {
      const connections: Gauge<'state'> = new Gauge({
        name: 'hub_db_pool_connections',
        help: 'Database pool connections of this process: in_use, idle, and requests waiting for one.',
        labelNames: ['state'],
        registers,
        collect: () => {
          const all = pool._allConnections?.length ?? 0;
          const idle = pool._freeConnections?.length ?? 0;
          connections.set({ state: 'in_use' }, all - idle);
          connections.set({ state: 'idle' }, idle);
          connections.set({ state: 'waiting' }, pool._connectionQueue?.length ?? 0);
        },
      });
      new Gauge({ name: 'hub_db_pool_limit', help: 'Connections the pool may open.', registers }).set(pool.config?.connectionLimit ?? Number.NaN);
    }
    this.registry = Registry.merge([own, processMetrics()]);
  }

  recordDeliveryAttempt(result: DeliveryAttempt): void {
    this.deliveryAttempts.inc({ result });
  }

  private mysqlPool(): Mysql2Pool | null {
    if (this.dataSource.options.type === 'better-sqlite3') return null;
    const pool = (this.dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
    return pool && pool._allConnections && pool._freeConnections ? pool : null;
  }

  /** The outbox figures, read at most once per OUTBOX_FIGURES_TTL_MS whatever the number of scrapers. */
  private outboxFigures(): Promise<OutboxFigures | null> {
    const now = Date.now();
    if (!this.outbox || now - this.outbox.at >= OUTBOX_FIGURES_TTL_MS) this.outbox = { at: now, figures: this.readOutbox() };
    return this.outbox.figures;
  }

  /**
   * One statement: the open notifications (the inbox index holds the status) and the pending and
   * dead deliveries (a range of the due index); delivered rows, the bulk of push_delivery, are not read.
   */
  private async readOutbox(): Promise<OutboxFigures | null> {
    const driver = this.dataSource.driver;
    const notifications = driver.escape(this.dataSource.getMetadata(PushNotification).tableName);
    const deliveries = driver.escape(this.dataSource.getMetadata(PushDelivery).tableName);
    const open = OPEN_STATUSES.map(() => '?').join(', ');
    try {
      const rows: Array<{ what: string; n: number | string }> = await this.dataSource.query(
        `SELECT 'open' AS what, COUNT(*) AS n FROM ${notifications} WHERE status IN (${open})
         UNION ALL SELECT status AS what, COUNT(*) AS n FROM ${deliveries} WHERE status IN (?, ?) GROUP BY status`,
        [...OPEN_STATUSES, DeliveryStatus.PENDING, DeliveryStatus.DEAD],
      );
      const count = (what: string) => Number(rows.find((r) => r.what === what)?.n ?? 0);
      return { openNotifications: count('open'), pendingDeliveries: count(DeliveryStatus.PENDING), deadLetters: count(DeliveryStatus.DEAD) };
    } catch (error) {
      this.readFailures.inc({ figures: 'outbox' });
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now();
        this.log.warn({ err: error }, 'metrics: the outbox figures could not be read');
      }
      return null;
    }
  }
}
