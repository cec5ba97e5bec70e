import type { LocalDate } from '../../common/local-date';
import type { Finding } from '../../cross-check/findings';
import type { AssistanceEnrollment } from '../../departments/civil-affairs/assistance-enrollment.entity';
import { isTianjinDistrict } from '../../identity/districts';
import type { EvaluatedDecision } from '../../eligibility/engine';
import { Outcome } from '../../eligibility/eligibility.types';
import { NotificationKind, NotificationTrigger } from '../push.enums';

/*
 * The push's diff, pure: a person's state now (decisions, valid enrollments, findings, where they
 * live) against the state the last evaluation stored, item by item, as docs/push.md defines the
 * matches (POLICY clause 4).
 */

export interface RuleState {
  ruleId: string;
  program: string;
  /** A valid enrollment in the rule's program, the person's own or their household's. */
  enrolled: boolean;
  decision: EvaluatedDecision;
}

/** A person living away from registration, as evaluated on `asOf`. */
export interface PersonSnapshot {
  idNumber: string;
  registeredDistrict: string;
  residenceDistrict: string;
  asOf: LocalDate;
  rules: RuleState[];
  enrollments: AssistanceEnrollment[];
  findings: Finding[];
}

/** item → state, as stored in push_evaluation. */
export type StateItems = Map<string, string>;

export interface Match {
  kind: NotificationKind;
  trigger: NotificationTrigger;
  /** The Tianjin districts to notify. */
  recipients: string[];
  /** The item's new state: part of the change key, so each change is notified once. */
  item: string;
  state: string;
  rule?: RuleState;
  previousOutcome?: string;
  enrollment?: AssistanceEnrollment;
  finding?: Finding;
}

const RESIDENCE = 'residence';
const ruleItem = (r: RuleState) => `rule:${r.ruleId}`;
const ruleStateOf = (r: RuleState) => `${r.decision.outcome}/${r.enrolled ? 'enrolled' : 'not-enrolled'}`;
const enrollmentItem = (e: AssistanceEnrollment) => `enrollment:${e.enrollmentNumber}`;
const findingItem = (f: Finding) => `finding:${f.code}:${f.recordKey}`;
const residenceOf = (s: Pick<PersonSnapshot, 'registeredDistrict' | 'residenceDistrict'>) => `${s.registeredDistrict}>${s.residenceDistrict}`;

export function itemsOf(snapshot: PersonSnapshot): StateItems {
  const items: StateItems = new Map([[RESIDENCE, residenceOf(snapshot)]]);
  for (const r of snapshot.rules) items.set(ruleItem(r), ruleStateOf(r));
  for (const e of snapshot.enrollments) items.set(enrollmentItem(e), `VALID/${e.program}`);
  for (const f of snapshot.findings) items.set(findingItem(f), 'PRESENT');
  return items;
}

const outcomeIn = (state: string | undefined) => state?.split('/')[0];

/** The matches that hold now whatever came before: what a district that just became concerned must hear. */
function currentMatches(snapshot: PersonSnapshot, trigger: NotificationTrigger, recipients: string[]): Match[] {
  const out: Match[] = [];
  for (const r of snapshot.rules) {
    if (r.decision.outcome === Outcome.ELIGIBLE && !r.enrolled) {
      out.push({ kind: NotificationKind.NEWLY_ELIGIBLE, trigger, recipients, item: ruleItem(r), state: ruleStateOf(r), rule: r });
    } else if (r.decision.outcome !== Outcome.ELIGIBLE && r.enrolled) {
      out.push({ kind: NotificationKind.NO_LONGER_ELIGIBLE, trigger, recipients, item: ruleItem(r), state: ruleStateOf(r), rule: r });
    }
  }
  for (const f of snapshot.findings) {
    out.push({ kind: NotificationKind.FINDING, trigger, recipients, item: findingItem(f), state: 'PRESENT', finding: f });
  }
  return out;
}

/** What changed since `previous` (the stored items; null when the person was not evaluated living away before). */
function changes(previous: StateItems, snapshot: PersonSnapshot, trigger: NotificationTrigger, recipients: string[]): Match[] {
  const out: Match[] = [];
  for (const r of snapshot.rules) {
    const before = outcomeIn(previous.get(ruleItem(r)));
    const now = r.decision.outcome;
    const base = { trigger, recipients, item: ruleItem(r), state: ruleStateOf(r), rule: r, previousOutcome: before };
    if (now === Outcome.ELIGIBLE && !r.enrolled && before !== Outcome.ELIGIBLE) out.push({ kind: NotificationKind.NEWLY_ELIGIBLE, ...base });
    if (now !== Outcome.ELIGIBLE && r.enrolled && before === Outcome.ELIGIBLE) out.push({ kind: NotificationKind.NO_LONGER_ELIGIBLE, ...base });
  }
  const validNow = new Set(snapshot.enrollments.map(enrollmentItem));
  for (const e of snapshot.enrollments) {
    if (!previous.has(enrollmentItem(e))) {
      out.push({ kind: NotificationKind.ENROLLMENT_STARTED, trigger, recipients, item: enrollmentItem(e), state: 'STARTED', enrollment: e });
    }
  }
  for (const [item, state] of previous) {
    if (item.startsWith('enrollment:') && !validNow.has(item)) {
      out.push({ kind: NotificationKind.ENROLLMENT_ENDED, trigger, recipients, item, state: `ENDED/${state.split('/')[1] ?? ''}` });
    }
  }
  for (const f of snapshot.findings) {
    if (!previous.has(findingItem(f))) out.push({ kind: NotificationKind.FINDING, trigger, recipients, item: findingItem(f), state: 'PRESENT', finding: f });
  }
  return out;
}

/** The Tianjin districts among a registered and a residence district: others are not notified. */
export function districtsToNotify(registered: string | null, residence: string | null): string[] {
  return [...new Set([registered, residence])].filter((d): d is string => d != null && isTianjinDistrict(d));
}

/**
 * The matches of one evaluation. A person evaluated living away for the first time (they moved,
 * or the hub had not seen them away before) brings both districts every match that holds now; one
 * who moved to another district while away brings the new district those, and both districts
 * what changed.
 */
export function matchesOf(previous: StateItems | null, snapshot: PersonSnapshot, trigger: NotificationTrigger): Match[] {
  const recipients = districtsToNotify(snapshot.registeredDistrict, snapshot.residenceDistrict);
  if (recipients.length === 0) return [];
  if (previous == null) return currentMatches(snapshot, NotificationTrigger.STARTED_LIVING_AWAY, recipients);
  const found = changes(previous, snapshot, trigger, recipients);
  const before = previous.get(RESIDENCE);
  if (before == null || before === residenceOf(snapshot)) return found;
  const [registeredBefore, residenceBefore] = before.split('>');
  const told = new Set(districtsToNotify(registeredBefore, residenceBefore));
  const newcomers = recipients.filter((d) => !told.has(d));
  const already = new Set(found.map((m) => m.item));
  const current = newcomers.length ? currentMatches(snapshot, NotificationTrigger.MOVED, newcomers).filter((m) => !already.has(m.item)) : [];
  // A match found by the diff goes to the newcomer too.
  return [...found.map((m) => ({ ...m, recipients })), ...current];
}
