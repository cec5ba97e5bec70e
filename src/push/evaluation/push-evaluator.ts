import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../common/local-date';
import type { HubLoaders } from '../../context/hub-context';
import { findingsForMany, type SubjectFindings } from '../../cross-check/finding-facts';
import { validEnrollmentsIn } from '../../eligibility/definitions/validity';
import { evaluate as evaluateRule, type EvaluatedDecision } from '../../eligibility/engine';
import type { Evidence } from '../../eligibility/eligibility.types';
import type { GatheredFacts } from '../../eligibility/facts-gatherer';
import type { PersonFacts } from '../../eligibility/facts';
import { RULES } from '../../eligibility/rules';
import { NoValueInForceError, type ParameterStore } from '../../policy/parameter-store';
import type { NotificationDetail, StoredDistricts } from '../notification-detail';
import type { PushNotification } from '../notification.entity';
import type { NotificationDraft, Outbox } from '../outbox';
import { PushEvaluation } from '../push-evaluation.entity';
import { NotificationStatus, type NotificationTrigger } from '../push.enums';
import { deleteWhereIn, insertRows } from '../../common/upsert';
import { livingAwayAmong, storedStateOf } from './person-sets';
import { itemsOf, matchesOf, type Match, type PersonSnapshot, type StateItems } from './person-state';

/**
 * Evaluates persons for the push (clause 4, docs/push.md) inside the caller's transaction: the
 * facts are read through that transaction, so they include the change being written, and the new
 * state and notifications commit or roll back with it.
 */
export class PushEvaluator {
  constructor(
    private readonly store: ParameterStore,
    private readonly loadersFor: (manager: EntityManager) => HubLoaders,
  ) {}

  /**
   * Evaluates `idNumbers` on `asOf`: persons living away from registration are diffed against
   * their last evaluation and their matches written to the outbox; persons no longer living away
   * lose their stored state. Returns the notifications written.
   */
  async evaluate(manager: EntityManager, outbox: Outbox, idNumbers: Iterable<string>, asOf: LocalDate, trigger: NotificationTrigger): Promise<PushNotification[]> {
    const ids = [...new Set(idNumbers)];
    // Set-based first: only persons living away now, or whose state the push stored before, can
    // bring or end anything; the others (most of a bulk import's) cost no per-person reads.
    const stored = await storedStateOf(manager, ids);
    // In the order asked (not the database's), so notifications get their sequences in the same order on every database.
    const livingAway = new Set(await livingAwayAmong(manager, ids));
    const away = ids.filter((id) => livingAway.has(id));
    const previous = new Map<string, StateItems>();
    const previousAsOf = new Map<string, Set<string>>();
    for (const row of stored) {
      const items = previous.get(row.idNumber) ?? new Map<string, string>();
      items.set(row.item, row.state);
      previous.set(row.idNumber, items);
      const dates = previousAsOf.get(row.idNumber) ?? new Set<string>();
      dates.add(row.asOf);
      previousAsOf.set(row.idNumber, dates);
    }
    const snapshots = await this.snapshots(manager, away, asOf);
    const drafts = snapshots.flatMap(({ snapshot, facts }) =>
      matchesOf(previous.get(snapshot.idNumber) ?? null, snapshot, trigger).flatMap((m) => draftsOf(m, snapshot, facts)),
    );
    await this.replaceState(manager, previous, previousAsOf, [...new Set([...previous.keys(), ...away])], snapshots.map((s) => s.snapshot));
    return outbox.write(drafts);
  }

  private async snapshots(manager: EntityManager, ids: string[], asOf: LocalDate): Promise<Array<{ snapshot: PersonSnapshot; facts: GatheredFacts }>> {
    if (ids.length === 0) return [];
    const gathered = await findingsForMany(this.loadersFor(manager), ids, asOf, this.store);
    return ids.map((id) => {
      const { facts: f, findings } = gathered.get(id) as SubjectFindings;
      const subject = { ...f, asOf };
      const enrollments = [...f.person.personalEnrollments, ...(f.household?.enrollments ?? [])];
      const rules = RULES.flatMap((rule) => {
        let decision: EvaluatedDecision;
        try {
          decision = evaluateRule(rule, { kind: 'person', facts: subject }, this.store, asOf);
        } catch (error) {
          // A rule whose parameters are not in force on asOf did not exist then.
          if (error instanceof NoValueInForceError) return [];
          throw error;
        }
        return [{ ruleId: rule.id, program: rule.program, enrolled: validEnrollmentsIn(enrollments, [rule.program], asOf).length > 0, decision }];
      });
      const person = f.person;
      return {
        facts: f,
        snapshot: {
          idNumber: id,
          registeredDistrict: person.registeredDistrict as string,
          residenceDistrict: person.residenceDistrict as string,
          asOf,
          rules,
          enrollments: enrollments.filter((e) => validEnrollmentsIn([e], [e.program], asOf).length > 0),
          findings,
        },
      };
    });
  }

  /**
   * Stores the new state of `ids`: the items of those evaluated living away, none for the others.
   * A person whose items and date are those stored keeps their rows untouched (most of a
   * re-import, and of a chunk whose records do not move a decision).
   */
  private async replaceState(
    manager: EntityManager,
    previous: Map<string, StateItems>,
    previousAsOf: Map<string, Set<string>>,
    ids: string[],
    snapshots: PersonSnapshot[],
  ): Promise<void> {
    const next = new Map(snapshots.map((s) => [s.idNumber, s]));
    const unchanged = (id: string): boolean => {
      const before = previous.get(id);
      const snapshot = next.get(id);
      if (!before || !snapshot) return !before && !snapshot;
      const dates = previousAsOf.get(id);
      if (dates?.size !== 1 || !dates.has(snapshot.asOf)) return false;
      const items = itemsOf(snapshot);
      return items.size === before.size && [...items].every(([item, state]) => before.get(item) === state);
    };
    const changed = ids.filter((id) => !unchanged(id));
    await deleteWhereIn(manager, PushEvaluation, 'idNumber', changed.filter((id) => previous.has(id)));
    const rows = changed.flatMap((id) => {
      const s = next.get(id);
      return s ? [...itemsOf(s)].map(([item, state]): PushEvaluation => ({ idNumber: id, item, state, asOf: s.asOf })) : [];
    });
    await insertRows(manager, PushEvaluation, rows);
  }
}

/** One change key per change (POLICY: person, kind, rule or record, new state, asOf); the district makes it per copy. */
function changeKeyOf(m: Match, snapshot: PersonSnapshot): string {
  return createHash('sha256').update([snapshot.idNumber, m.kind, m.item, m.state, snapshot.asOf].join('|')).digest('hex');
}

/** Every person and household a match's evidence names, with where they lived: what each reader's redaction judges. */
function subjectsOf(evidence: Evidence[], facts: GatheredFacts): Pick<NotificationDetail, 'persons' | 'households'> {
  const known = new Map<string, PersonFacts>();
  for (const p of [facts.person, facts.father, facts.mother, ...(facts.household?.members.map((m) => m.person) ?? [])]) if (p) known.set(p.idNumber, p);
  const districts = (p: { registeredDistrict: string | null; residenceDistrict: string | null } | undefined | null): StoredDistricts => ({
    registeredDistrict: p?.registeredDistrict ?? null,
    residenceDistrict: p?.residenceDistrict ?? null,
  });
  const persons: Record<string, StoredDistricts> = { [facts.person.idNumber]: districts(facts.person) };
  const households: Record<string, StoredDistricts> = {};
  for (const subject of evidence.flatMap((e) => e.subjects)) {
    if (subject.kind === 'person') persons[subject.idNumber] = districts(known.get(subject.idNumber));
    else households[subject.householdNumber] = districts(subject.householdNumber === facts.household?.householdNumber ? facts.household : null);
  }
  return { persons, households };
}

function draftsOf(m: Match, snapshot: PersonSnapshot, facts: GatheredFacts): NotificationDraft[] {
  const decision = m.rule?.decision;
  const evidence = [...(decision?.conditions.flatMap((c) => c.evidence) ?? []), ...(m.finding?.evidence ?? [])];
  const detail: NotificationDetail = {
    ...(decision
      ? { decision: { ruleId: decision.ruleId, outcome: decision.outcome, amountFen: decision.amountFen, conditions: decision.conditions, effects: decision.effects, parameters: decision.parameters } }
      : {}),
    ...(m.finding ? { finding: { code: m.finding.code, clause: m.finding.clause, recordKey: m.finding.recordKey, evidence: m.finding.evidence, values: m.finding.values } } : {}),
    ...(m.enrollment
      ? {
          enrollment: {
            enrollmentNumber: m.enrollment.enrollmentNumber,
            program: m.enrollment.program,
            unit: m.enrollment.unit,
            startDate: m.enrollment.startDate,
            endDate: m.enrollment.endDate,
            monthlyAmount: m.enrollment.monthlyAmount,
          },
        }
      : {}),
    ...subjectsOf(evidence, facts),
  };
  // An enrollment's number is its household's record: who may see it is judged by the household.
  // An ended one is no longer among the facts; it was the person's own or their household's.
  const enrollmentHousehold = m.enrollment ? m.enrollment.householdNumber : m.item.startsWith('enrollment:') ? facts.household?.householdNumber : null;
  if (enrollmentHousehold && facts.household?.householdNumber === enrollmentHousehold) {
    detail.households[enrollmentHousehold] = { registeredDistrict: facts.household.registeredDistrict, residenceDistrict: facts.household.residenceDistrict };
  }
  const changeKey = changeKeyOf(m, snapshot);
  const createdAt = new Date();
  const recordKey = m.enrollment?.enrollmentNumber ?? (m.finding ? `${m.finding.code}:${m.finding.recordKey}` : m.item.startsWith('enrollment:') ? m.item.slice('enrollment:'.length) : null);
  return m.recipients.map(
    (districtCode): NotificationDraft => ({
      districtCode,
      registeredDistrict: snapshot.registeredDistrict,
      residenceDistrict: snapshot.residenceDistrict,
      idNumber: snapshot.idNumber,
      kind: m.kind,
      trigger: m.trigger,
      ruleId: m.rule?.ruleId ?? null,
      program: m.rule?.program ?? m.enrollment?.program ?? (m.item.startsWith('enrollment:') ? (m.state.split('/')[1] || null) : null),
      recordKey: recordKey ? recordKey.slice(0, 96) : null,
      previousOutcome: m.previousOutcome ?? null,
      newOutcome: decision?.outcome ?? null,
      amount: decision?.amountFen != null ? decision.amountFen / 100 : (m.enrollment?.monthlyAmount ?? null),
      asOf: snapshot.asOf,
      changeKey,
      detail,
      createdAt,
      status: NotificationStatus.OPEN,
      acknowledgedAt: null,
      acknowledgedBy: null,
      actedAt: null,
      actedBy: null,
      outcomeReason: null,
    }),
  );
}
