import { In, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { HubContext } from '../context/hub-context';
import { countWhenSelected, decodeCursor, pageSize, toConnection, type Connection } from '../common/connection';
import { ErrorCode, userError } from '../common/errors';
import { isTianjinDistrict } from '../identity/districts';
import type { ParameterStore } from '../policy/parameter-store';
import { ChangeTracker } from './evaluation/change-tracker';
import type { PushEvaluator } from './evaluation/push-evaluator';
import { PushNotification } from './notification.entity';
import { NotificationOutcome, NotificationStatus } from './push.enums';
import type { NotificationCopyStatus, NotificationResponseTimes } from './push.types';
import { percentile } from './response-times';
import { derivedPersons, notificationAmount, notificationDecision, notificationFinding, notificationRecordKey } from './notification-content';
import type { CrossCheckFinding } from '../cross-check/cross-check.types';
import type { EligibilityDecision } from '../eligibility/eligibility.types';
import type { Language } from '../eligibility/messages/language';

const REASON_MAX = 500;
const SEQUENCE_DIGITS = 16;
export const sequenceCursorKey = (sequence: number) => String(sequence).padStart(SEQUENCE_DIGITS, '0');

/** A sequence from a cursor this hub issued; anything else is refused as INVALID_CURSOR. */
export function sequenceAfter(after: string | null | undefined): number {
  if (after == null) return 0;
  const key = decodeCursor(after);
  if (!/^\d{16}$/.test(key)) throw userError(ErrorCode.INVALID_CURSOR, 'the cursor is not one of this list; start without `after`', { field: 'after' });
  return Number(key);
}

/**
 * The push's notifications (clause 4, docs/push.md): each district's inbox and the lifecycle of
 * its own copies, and the ingestion side that writes them.
 */
export class PushService {
  constructor(
    private readonly dataSource: DataSource,
    readonly evaluator: PushEvaluator,
    readonly parameters: ParameterStore,
    private readonly maxPage: number,
  ) {}

  /** The push's part in an ingestion transaction: open it first, finish it after the writes. */
  track(manager: EntityManager, householdNumbers: readonly string[] = []): Promise<ChangeTracker> {
    return ChangeTracker.open(this.evaluator, manager, householdNumbers);
  }

  /** Admins read every inbox; a district officer their own; nobody else any. */
  private mayRead(ctx: HubContext, districtCode: string): void {
    const caller = ctx.caller;
    if (caller?.role === 'admin' || (caller?.role === 'district' && caller.district === districtCode)) return;
    throw userError(ErrorCode.FORBIDDEN, caller?.role === 'district' ? `a district officer reads the inbox of district ${caller.district} only` : 'district inboxes are for their district and the city bureau', {
      field: 'districtCode',
    });
  }

  /** Only the district itself acts on its notifications (and the city bureau does not act for it). */
  private mayAct(ctx: HubContext, districtCode: string): string {
    const caller = ctx.caller;
    if (caller?.role === 'district' && caller.district === districtCode) return caller.sub;
    throw userError(ErrorCode.FORBIDDEN, `only district ${districtCode}'s own officers act on its notifications`, { field: 'districtCode' });
  }

  /** Checks access to one district's stream (the subscription): the inbox's rule. */
  assertMayFollow(ctx: HubContext, districtCode: string): void {
    this.mayRead(ctx, districtCode);
  }

  async inbox(ctx: HubContext, districtCode: string, status: NotificationStatus | null | undefined, first?: number | null, after?: string | null): Promise<Connection<PushNotification>> {
    this.mayRead(ctx, districtCode);
    const size = pageSize(first, Math.min(50, this.maxPage), this.maxPage);
    const from = sequenceAfter(after);
    const where = { districtCode, ...(status ? { status } : {}) };
    const rows = await this.dataSource.manager.find(PushNotification, { where: { ...where, sequence: MoreThan(from) }, order: { sequence: 'ASC' }, take: size + 1 });
    const total = countWhenSelected(() => this.dataSource.manager.countBy(PushNotification, where));
    ctx.audit.touch(...rows.slice(0, size).map((n) => n.idNumber));
    return toConnection(rows, size, (n) => sequenceCursorKey(n.sequence), total, from > 0);
  }

  async acknowledge(ctx: HubContext, districtCode: string, ids: string[]): Promise<number> {
    const sub = this.mayAct(ctx, districtCode);
    const sequences = [...new Set(ids.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))];
    if (sequences.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const open = await manager.find(PushNotification, {
        select: { sequence: true, idNumber: true },
        where: { districtCode, status: NotificationStatus.OPEN, sequence: In(sequences) },
      });
      if (open.length === 0) return 0;
      const result = await manager.update(
        PushNotification,
        { districtCode, status: NotificationStatus.OPEN, sequence: In(open.map((n) => n.sequence)) },
        { status: NotificationStatus.ACKNOWLEDGED, acknowledgedAt: new Date(), acknowledgedBy: sub },
      );
      ctx.audit.touch(...open.map((n) => n.idNumber));
      return result.affected ?? open.length;
    });
  }

  async recordOutcome(ctx: HubContext, districtCode: string, id: string, outcome: NotificationOutcome, reason: string | null | undefined): Promise<PushNotification> {
    const sub = this.mayAct(ctx, districtCode);
    const why = reason?.trim() || null;
    if (outcome === NotificationOutcome.NOT_NEEDED && !why) {
      throw userError(ErrorCode.BAD_USER_INPUT, 'NOT_NEEDED needs a reason: say why no assistance is needed', { field: 'reason' });
    }
    if (why && (why.length > REASON_MAX || /[\p{Cc}\p{Cf}]/u.test(why))) {
      throw userError(ErrorCode.BAD_USER_INPUT, `a reason is plain text of at most ${REASON_MAX} characters`, { field: 'reason' });
    }
    const sequence = Number(id);
    const notFound = () => userError(ErrorCode.NOTIFICATION_NOT_FOUND, `no notification ${id} in the inbox of district ${districtCode}`, { field: 'id' });
    if (!Number.isSafeInteger(sequence) || sequence <= 0) throw notFound();
    const changed = await this.dataSource.manager.update(
      PushNotification,
      { districtCode, sequence, status: NotificationStatus.ACKNOWLEDGED },
      { status: outcome as unknown as NotificationStatus, actedAt: new Date(), actedBy: sub, outcomeReason: why },
    );
    const row = await this.dataSource.manager.findOneBy(PushNotification, { districtCode, sequence });
    if (!row) throw notFound();
    ctx.audit.touch(row.idNumber);
    if (!changed.affected) {
      if (row.status === NotificationStatus.OPEN) {
        throw userError(ErrorCode.NOTIFICATION_NOT_ACKNOWLEDGED, `notification ${id} is not acknowledged yet: acknowledge it first`, { field: 'id' });
      }
      throw userError(ErrorCode.NOTIFICATION_CLOSED, `notification ${id} already has its outcome (${row.status})`, { field: 'id' });
    }
    return row;
  }

  /** The other district's copy of the same change, as far as its status goes. */
  async otherCopy(ctx: HubContext, notification: PushNotification): Promise<NotificationCopyStatus | null> {
    const copies = await ctx.loaders.push.copies.load(notification.changeKey);
    const other = copies.find((n) => n.districtCode !== notification.districtCode);
    return other ? { districtCode: other.districtCode, status: other.status, acknowledgedAt: other.acknowledgedAt, actedAt: other.actedAt } : null;
  }

  decisionOf(ctx: HubContext, n: PushNotification, language: Language | null | undefined): EligibilityDecision | null {
    ctx.audit.derive(derivedPersons(n));
    return notificationDecision(n, ctx.scope, this.parameters, language ?? ctx.language);
  }

  amountOf(ctx: HubContext, n: PushNotification): number | null {
    return notificationAmount(n, ctx.scope, this.parameters);
  }

  recordKeyOf(ctx: HubContext, n: PushNotification): string | null {
    return notificationRecordKey(n, ctx.scope);
  }

  findingOf(ctx: HubContext, n: PushNotification): CrossCheckFinding | null {
    return notificationFinding(n, ctx.scope);
  }

  /** Per district, over notifications created since `since` (default: the last 90 days). */
  async responseTimes(ctx: HubContext, districtCode: string | null | undefined, since: Date | null | undefined): Promise<NotificationResponseTimes[]> {
    const caller = ctx.caller;
    let districts: string[] | null;
    if (caller?.role === 'district') {
      if (districtCode && districtCode !== caller.district) this.mayRead(ctx, districtCode);
      districts = [caller.district];
    } else if (caller?.role === 'admin' || caller?.role === 'analyst') {
      if (districtCode && !isTianjinDistrict(districtCode)) throw userError(ErrorCode.BAD_USER_INPUT, `${districtCode} is not a current Tianjin district code`, { field: 'districtCode' });
      districts = districtCode ? [districtCode] : null;
    } else {
      throw userError(ErrorCode.FORBIDDEN, 'response times are for districts, the city bureau and analysts', { field: 'notificationResponseTimes' });
    }
    const from = since ?? new Date(Date.now() - 90 * 86_400_000);
    const qb = this.dataSource.manager
      .createQueryBuilder(PushNotification, 'n')
      .select(['n.districtCode', 'n.status', 'n.createdAt', 'n.acknowledgedAt', 'n.actedAt'])
      .where('n.createdAt >= :from', { from });
    if (districts) qb.andWhere('n.districtCode IN (:...districts)', { districts });
    const rows = await qb.getMany();
    const byDistrict = new Map<string, PushNotification[]>((districts ?? []).map((d) => [d, []]));
    for (const row of rows) byDistrict.set(row.districtCode, [...(byDistrict.get(row.districtCode) ?? []), row]);
    return [...byDistrict].sort(([a], [b]) => a.localeCompare(b)).map(([code, list]) => {
      const seconds = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 1000 : null);
      const toAck = list.map((n) => seconds(n.createdAt, n.acknowledgedAt)).filter((s): s is number => s != null);
      const toAct = list.map((n) => seconds(n.createdAt, n.actedAt)).filter((s): s is number => s != null);
      const open = list.filter((n) => n.status === NotificationStatus.OPEN);
      return {
        districtCode: code,
        created: list.length,
        open: open.length,
        acknowledged: list.filter((n) => n.status === NotificationStatus.ACKNOWLEDGED).length,
        acted: toAct.length,
        medianSecondsToAcknowledge: percentile(toAck, 0.5),
        medianSecondsToAct: percentile(toAct, 0.5),
        p90SecondsToAct: percentile(toAct, 0.9),
        oldestOpenSince: open.reduce<Date | null>((min, n) => (min == null || n.createdAt < min ? n.createdAt : min), null),
      };
    });
  }
}
