import { In, type EntityManager } from 'typeorm';
import { hubToday } from '../../common/clock';
import { HouseholdMember } from '../../departments/civil-affairs/household-member.entity';
import { Person } from '../../departments/civil-affairs/person.entity';
import type { PushNotification } from '../notification.entity';
import { Outbox } from '../outbox';
import { NotificationTrigger } from '../push.enums';
import type { PushEvaluator } from './push-evaluator';

const CHUNK = 500;

async function inChunks<T>(values: string[], fetch: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await fetch(values.slice(i, i + CHUNK))));
  return out;
}

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
    const members = await inChunks([...new Set(householdNumbers)], (part) => manager.findBy(HouseholdMember, { householdNumber: In(part) }));
    return new ChangeTracker(evaluator, manager, outbox, members.map((m) => m.idNumber));
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
    const memberships = await inChunks(touched, (part) => m.findBy(HouseholdMember, { idNumber: In(part) }));
    const households = [...new Set([...householdNumbers, ...memberships.map((x) => x.householdNumber)])];
    const members = await inChunks(households, (part) => m.findBy(HouseholdMember, { householdNumber: In(part) }));
    const children = await inChunks(touched, (part) =>
      m
        .createQueryBuilder(Person, 'p')
        .select('p.idNumber')
        .where('p.fatherIdNumber IN (:...part) OR p.motherIdNumber IN (:...part)', { part })
        .getMany(),
    );
    return [...new Set([...touched, ...members.map((x) => x.idNumber), ...children.map((c) => c.idNumber)])];
  }
}
