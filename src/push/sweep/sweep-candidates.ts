import type { EntityManager } from 'typeorm';
import { Person } from '../../departments/civil-affairs/person.entity';
import { PushEvaluation } from '../push-evaluation.entity';

/*
 * Who the sweep re-evaluates: everyone living away from registration now, and everyone the push
 * evaluated before (they may have stopped living away, and the evaluator then drops their state).
 * Both lists are read in ID-number order after a cursor (keyset paging): a page costs the same
 * at the end of the city as at its start, and a person added behind the cursor during the sweep
 * was evaluated by the ingestion that added them.
 */

const AWAY = 'p.residenceDistrict IS NOT NULL AND p.residenceDistrict <> p.registeredDistrict';

/** The next `limit` candidates after `after` ('' for the first page), in ID-number order, each once. */
export async function candidatesAfter(manager: EntityManager, after: string, limit: number): Promise<string[]> {
  const [away, evaluated] = await Promise.all([
    manager
      .createQueryBuilder(Person, 'p')
      .select('p.idNumber', 'idNumber')
      .where(AWAY)
      .andWhere('p.idNumber > :after', { after })
      .orderBy('p.idNumber', 'ASC')
      .limit(limit)
      .getRawMany<{ idNumber: string }>(),
    manager
      .createQueryBuilder(PushEvaluation, 'e')
      .select('e.idNumber', 'idNumber')
      .where('e.idNumber > :after', { after })
      .groupBy('e.idNumber')
      .orderBy('e.idNumber', 'ASC')
      .limit(limit)
      .getRawMany<{ idNumber: string }>(),
  ]);
  return mergeSorted(
    away.map((r) => r.idNumber),
    evaluated.map((r) => r.idNumber),
    limit,
  );
}

/**
 * The first `limit` of two ascending lists merged, without repeats. ID numbers are digits and a
 * final X, which JavaScript and the databases' collations order alike.
 */
export function mergeSorted(a: readonly string[], b: readonly string[], limit: number): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** How many persons a sweep started now would evaluate: the progress bar's total (the lists move while it runs). */
export async function countCandidates(manager: EntityManager): Promise<number> {
  const away = await manager.createQueryBuilder(Person, 'p').where(AWAY).getCount();
  const stale = await manager
    .createQueryBuilder(PushEvaluation, 'e')
    .select('COUNT(DISTINCT e.idNumber)', 'n')
    .leftJoin(Person, 'p', `p.idNumber = e.idNumber AND ${AWAY}`)
    .where('p.idNumber IS NULL')
    .getRawOne<{ n: string | number }>();
  return away + Number(stale?.n ?? 0);
}
