import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { Settings } from '../../config';
import type { Logger } from '../../logger';
import type { PushNotification } from '../notification.entity';
import type { PushWebhook } from '../webhook.entity';
import { retryDelayMs } from './backoff';
import { DeliveryStore, type ClaimedDelivery } from './delivery-store';
import { postDelivery, type AttemptResult } from './http-post';
import type { ParameterStore } from '../../policy/parameter-store';
import { idempotencyKeyOf, payloadOf } from './payload';
import { signDelivery } from './signature';

export type DeliverySettings = Pick<
  Settings,
  | 'HUB_WEBHOOK_POLL_MS'
  | 'HUB_WEBHOOK_CONCURRENCY'
  | 'HUB_WEBHOOK_BACKOFF_MS'
  | 'HUB_WEBHOOK_MAX_BACKOFF_MS'
  | 'HUB_WEBHOOK_MAX_ATTEMPTS'
  | 'HUB_WEBHOOK_TIMEOUT_MS'
>;

export interface DeliveryWorkerDeps {
  dataSource: DataSource;
  settings: DeliverySettings;
  log: Logger;
  /** The policy parameters: an amount resting on another district's records is withheld from the payload. */
  parameters: ParameterStore;
  /** Names this instance in claimedBy; unique per process by default. */
  instanceId?: string;
  /** Told each attempt's result once it is recorded (the hub's metrics). */
  onAttempt?: (result: 'delivered' | 'failed' | 'dead') => void;
}

/** After a failed round (database unreachable, say) the worker waits at least this long. */
const PAUSE_AFTER_ERROR_MS = 5000;
/** A failing worker says so once, then again at most this often. */
const REPEAT_ERROR_LOG_MS = 60_000;

function newInstanceId(): string {
  return `${hostname().slice(0, 40)}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/**
 * Sends webhook deliveries (docs/push-webhooks.md): claims due ones, posts them signed, records
 * the outcome, retries with backoff, gives up after the last attempt. Every hub instance runs
 * one; claims keep two from sending the same notification at once. While it finds work it claims
 * again at once (a person's next notification becomes claimable when the previous one is done);
 * otherwise it looks every HUB_WEBHOOK_POLL_MS.
 */
class DeliveryWorker {
  private readonly store: DeliveryStore;
  /** How long a claim lasts: longer than one round's requests (they run in parallel) and its writes. */
  private readonly leaseMs: number;
  private stopping = false;
  private wake: (() => void) | null = null;
  private failingSince: number | null = null;
  private lastErrorLog = 0;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.store = new DeliveryStore(deps.dataSource, deps.instanceId ?? newInstanceId());
    this.leaseMs = 2 * deps.settings.HUB_WEBHOOK_TIMEOUT_MS + 5000;
  }

  async run(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      let pauseMs = this.deps.settings.HUB_WEBHOOK_POLL_MS;
      try {
        claimed = await this.round();
        this.recovered();
      } catch (error) {
        this.failed(error);
        pauseMs = Math.max(pauseMs, PAUSE_AFTER_ERROR_MS);
      }
      if (claimed === 0 && !this.stopping) await this.sleep(pauseMs);
    }
  }

  /** Lets the current round finish (requests in flight, their outcomes written), then ends the loop. */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  private async round(): Promise<number> {
    const { HUB_WEBHOOK_CONCURRENCY } = this.deps.settings;
    const claimed = await this.store.claim(HUB_WEBHOOK_CONCURRENCY, this.leaseMs);
    if (claimed.length === 0) return 0;
    const { notifications, webhooks } = await this.store.load(claimed);
    const outcomes = await Promise.allSettled(claimed.map((c) => this.deliver(c, notifications.get(c.sequence), webhooks.get(c.districtCode))));
    for (const [i, outcome] of outcomes.entries()) {
      // The claim lapses at the end of its lease and the delivery is tried again then.
      if (outcome.status === 'rejected') this.deps.log.error({ err: outcome.reason, sequence: claimed[i].sequence, district: claimed[i].districtCode }, 'webhook delivery: outcome not recorded');
    }
    return claimed.length;
  }

  private async deliver(claim: ClaimedDelivery, notification: PushNotification | undefined, webhook: PushWebhook | undefined): Promise<void> {
    // Nothing to send, or nowhere to: retrying would not change that; a replay after fixing it can.
    if (!notification) return this.record(claim, { delivered: false, error: 'the notification is no longer stored' }, true);
    if (!webhook) return this.record(claim, { delivered: false, error: 'the district has no webhook registered' }, true);
    const body = JSON.stringify(payloadOf(notification, this.deps.parameters));
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postDelivery(
      webhook.url,
      body,
      {
        'Content-Type': 'application/json',
        'X-Hub-Timestamp': String(timestamp),
        'X-Hub-Signature': signDelivery(webhook.secret, timestamp, body),
        'Idempotency-Key': idempotencyKeyOf(notification),
        'X-Hub-Delivery': String(notification.sequence),
      },
      this.deps.settings.HUB_WEBHOOK_TIMEOUT_MS,
    );
    return this.record(claim, result, false);
  }

  private async record(claim: ClaimedDelivery, result: AttemptResult, final: boolean): Promise<void> {
    const { log, settings } = this.deps;
    // Sequence and district only: never the body, the address, the secret or the person.
    const about = { sequence: claim.sequence, district: claim.districtCode, attempt: claim.attempts + 1 };
    if (result.delivered) {
      await this.store.delivered(claim);
      this.deps.onAttempt?.('delivered');
      log.debug({ ...about, status: result.status }, 'webhook delivered');
      return;
    }
    const attempts = claim.attempts + 1;
    const dead = final || attempts >= settings.HUB_WEBHOOK_MAX_ATTEMPTS;
    const retryAt = dead ? null : new Date(Date.now() + retryDelayMs(attempts, settings.HUB_WEBHOOK_BACKOFF_MS, settings.HUB_WEBHOOK_MAX_BACKOFF_MS));
    await this.store.failed(claim, result.error, retryAt);
    this.deps.onAttempt?.(dead ? 'dead' : 'failed');
    if (dead) log.warn({ ...about, error: result.error }, 'webhook delivery failed for the last time: it is a dead letter (deadLetters, replayDeadLetters)');
    else log.info({ ...about, error: result.error, retryAt: retryAt?.toISOString() }, 'webhook delivery failed; it will be retried');
  }

  private recovered(): void {
    if (this.failingSince === null) return;
    this.deps.log.info({ failingForMs: Date.now() - this.failingSince }, 'webhook deliveries resumed');
    this.failingSince = null;
  }

  private failed(error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastErrorLog < REPEAT_ERROR_LOG_MS) return;
    this.lastErrorLog = now;
    this.deps.log.error({ err: error }, 'webhook deliveries: a round failed; retrying');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      // A worker someone forgot to stop must not keep the process alive on its own.
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

/**
 * Starts this instance's webhook deliveries. `stop()` resolves once the round in progress has
 * finished: its requests answered or timed out, their outcomes written.
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps): { stop(): Promise<void> } {
  const worker = new DeliveryWorker(deps);
  const running = worker.run();
  return {
    async stop() {
      worker.stop();
      await running;
    },
  };
}
