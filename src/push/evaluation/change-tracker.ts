import type { EntityManager } from 'typeorm';
import { hubToday } from '../../common/clock';
import type { PushNotification } from '../notification.entity';
import { Outbox } from '../outbox';
import { NotificationTrigger } from '../push.enums';
import { childrenOf, householdsOf, membersOf } from './person-sets';
import type { PushEvaluator } from './push-evaluator';

/**
 * The push's part in one ingestion transaction. Opened first (it takes the outbox lock before the
 * transaction reads anything) and noting who belongs to the households the batch rewrites, since a
 * member the batch drops is affected too; finished after the writes, when it evaluates everyone
 * whose decisions the change may move.
 */
export class ChangeTracker {
  private constructor(
    private readonly evaluator: PushEvaluator,
    private readonly manager: EntityManager,
    private readonly outbox: Outbox,
    private readonly membersBefore: string[],
  ) {}

  static async open(evaluator: PushEvaluator, manager: EntityManager, householdNumbers: readonly string[] = []): Promise<ChangeTracker> {
    const outbox = await Outbox.open(manager);
    const members = await membersOf(manager, new Set(householdNumbers));
    return new ChangeTracker(evaluator, manager, outbox, members);
  }

  /** Evaluates the persons the batch wrote, their households' members and their children, as of today. */
  async finish(idNumbers: Iterable<string | null | undefined>, householdNumbers: readonly string[] = []): Promise<PushNotification[]> {
    const touched = [...new Set([...idNumbers, ...this.membersBefore].filter((id): id is string => id != null))];
    const affected = await this.affected(touched, [...new Set(householdNumbers)]);
    return this.evaluator.evaluate(this.manager, this.outbox, affected, hubToday(), NotificationTrigger.RECORDS_CHANGED);
  }

  /**
   * A person's records move the household rules of everyone in their household, and the child
   * rules of their children (whose parents' age and support are conditions).
   */
  private async affected(touched: string[], householdNumbers: string[]): Promise<string[]> {
    const m = this.manager;
    const households = new Set([...householdNumbers, ...(await householdsOf(m, touched))]);
    const [members, children] = [await membersOf(m, households), await childrenOf(m, touched)];
    return [...new Set([...touched, ...members, ...children])];
  }
}
