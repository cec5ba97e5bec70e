import { In, MoreThan, type DataSource } from 'typeorm';
import type { HubContext } from '../../context/hub-context';
import { countWhenSelected, pageSize, toConnection, type Connection } from '../../common/connection';
import { ErrorCode, userError } from '../../common/errors';
import { isTianjinDistrict } from '../../identity/districts';
import { sequenceAfter, sequenceCursorKey } from '../push.service';
import { DeliveryStatus } from '../push.enums';
import { PushDelivery } from '../webhook-delivery.entity';
import { PushWebhook } from '../webhook.entity';
import type { DeadLetter, Webhook } from './webhook.types';

/** What the columns hold (src/push/webhook.entity.ts). */
const URL_MAX = 2048;
const SECRET_MIN = 32;
const SECRET_MAX = 255;
const ID = /^\d{1,16}$/;

function checkDistrict(districtCode: string): void {
  if (!isTianjinDistrict(districtCode)) throw userError(ErrorCode.BAD_USER_INPUT, 'districtCode is not a current Tianjin district code', { field: 'districtCode' });
}

/** An absolute http(s) address without credentials in it (they would be shown by `webhooks`), normalised. */
function checkedUrl(url: string): string {
  const refuse = (why: string) => userError(ErrorCode.INVALID_WEBHOOK_URL, `url ${why}`, { field: 'url' });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('must use http or https');
  if (parsed.username || parsed.password) throw refuse('must not carry a user name or password: the signature authenticates the hub');
  if (parsed.hash) throw refuse('must not have a fragment');
  if (parsed.href.length > URL_MAX) throw refuse(`is longer than ${URL_MAX} characters`);
  return parsed.href;
}

function checkSecret(secret: string): void {
  // The message never repeats the secret.
  if (secret.length < SECRET_MIN || secret.length > SECRET_MAX) {
    throw userError(ErrorCode.INVALID_WEBHOOK_SECRET, `secret must be ${SECRET_MIN} to ${SECRET_MAX} characters long (use 32 random bytes, hex or base64)`, {
      field: 'secret',
    });
  }
}

const shown = (w: PushWebhook): Webhook => ({ districtCode: w.districtCode, url: w.url, registeredAt: w.registeredAt, registeredBy: w.registeredBy });

const deadLetterOf = (d: PushDelivery): DeadLetter => ({
  id: String(d.sequence),
  districtCode: d.districtCode,
  attempts: d.attempts,
  lastError: d.lastError,
  // A dead delivery is never due again: its nextAttemptAt keeps the time of the last attempt.
  failedAt: d.nextAttemptAt,
});

/** The city bureau's administration of district webhooks and their dead letters (docs/push-webhooks.md). */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxPage: number,
    private readonly maxBatch: number,
  ) {}

  /**
   * Registers the district's endpoint, or replaces its address and secret. Deliveries not yet
   * sent go to the new address, signed with the new secret; notifications written before a
   * district had a webhook are not delivered by it (the inbox has them).
   */
  async register(ctx: HubContext, districtCode: string, url: string, secret: string): Promise<Webhook> {
    checkDistrict(districtCode);
    const href = checkedUrl(url);
    checkSecret(secret);
    const webhook: PushWebhook = { districtCode, url: href, secret, registeredAt: new Date(), registeredBy: ctx.caller?.sub ?? null };
    await this.dataSource.manager.save(PushWebhook, webhook);
    return shown(webhook);
  }

  /** Removes the district's endpoint; deliveries still pending for it become dead letters. */
  async remove(districtCode: string): Promise<boolean> {
    checkDistrict(districtCode);
    const result = await this.dataSource.manager.delete(PushWebhook, { districtCode });
    return (result.affected ?? 0) > 0;
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.dataSource.manager.find(PushWebhook, { order: { districtCode: 'ASC' } });
    return rows.map(shown);
  }

  async deadLetters(districtCode: string | null | undefined, first?: number | null, after?: string | null): Promise<Connection<DeadLetter>> {
    if (districtCode != null) checkDistrict(districtCode);
    const size = pageSize(first, Math.min(50, this.maxPage), this.maxPage);
    const from = sequenceAfter(after);
    const where = { status: DeliveryStatus.DEAD, ...(districtCode != null ? { districtCode } : {}) };
    const rows = await this.dataSource.manager.find(PushDelivery, { where: { ...where, sequence: MoreThan(from) }, order: { sequence: 'ASC' }, take: size + 1 });
    const total = countWhenSelected(() => this.dataSource.manager.countBy(PushDelivery, where));
    return toConnection(rows.map(deadLetterOf), size, (d) => sequenceCursorKey(Number(d.id)), total, from > 0);
  }

  /**
   * Makes these dead letters due again, as new: PENDING, no attempts, now. Returns how many were
   * dead letters; other ids are left alone. A replayed notification goes out before its person's
   * later ones still pending, but after those already delivered.
   */
  async replay(ids: readonly string[]): Promise<number> {
    if (ids.length > this.maxBatch) {
      throw userError(ErrorCode.LIST_TOO_LONG, `replay at most ${this.maxBatch} dead letters at once`, { field: 'ids', limit: this.maxBatch });
    }
    const bad = ids.find((id) => !ID.test(id));
    if (bad !== undefined) throw userError(ErrorCode.BAD_USER_INPUT, 'ids are the ids `deadLetters` lists', { field: 'ids' });
    if (ids.length === 0) return 0;
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .update(PushDelivery)
      .set({ status: DeliveryStatus.PENDING, attempts: 0, nextAttemptAt: new Date(), claimedBy: null, claimedUntil: null })
      .where({ status: DeliveryStatus.DEAD, sequence: In([...new Set(ids.map(Number))]) })
      .execute();
    return result.affected ?? 0;
  }
}
