import type { AccessScope } from '../auth/access-scope';
import type { CrossCheckFinding } from '../cross-check/cross-check.types';
import { seenFinding } from '../cross-check/finding-list.types';
import type { FindingCode } from '../cross-check/finding-code';
import type { Rule } from '../eligibility/condition';
import { declaredParameters, renderDecision } from '../eligibility/engine';
import type { EligibilityDecision, Outcome } from '../eligibility/eligibility.types';
import { DEFAULT_LANGUAGE, type Language } from '../eligibility/messages/language';
import { redactDecision, SubjectLens } from '../eligibility/redaction';
import { RULES } from '../eligibility/rules';
import type { ParameterStore } from '../policy/parameter-store';
import type { NotificationDetail } from './notification-detail';
import type { PushNotification } from './notification.entity';

/*
 * What a notification says, for one reader: stored unrendered with the districts of everyone its
 * evidence names, it is rendered in the reader's language and cut to the reader's scope exactly as
 * a live decision is (src/eligibility/redaction.ts).
 */

function lensOf(scope: AccessScope, detail: NotificationDetail): SubjectLens {
  return SubjectLens.of(
    scope,
    Object.entries(detail.persons).map(([idNumber, d]) => ({ idNumber, ...d })),
    Object.entries(detail.households).map(([householdNumber, d]) => ({ householdNumber, ...d })),
  );
}

/** Whether the reader may see every household the notification's records belong to (an enrollment's, say). */
function seesEveryHousehold(lens: SubjectLens, detail: NotificationDetail): boolean {
  return lens.seesAll(Object.keys(detail.households).map((householdNumber) => ({ kind: 'household' as const, householdNumber })));
}

/** The persons a notification's content was derived from, besides its subject (for the audit log). */
export function derivedPersons(n: PushNotification): string[] {
  return Object.keys(n.detail.persons).filter((id) => id !== n.idNumber);
}

export function notificationDecision(n: PushNotification, scope: AccessScope, store: ParameterStore, language: Language): EligibilityDecision | null {
  const stored = n.detail.decision;
  const rule = RULES.find((r) => r.id === stored?.ruleId);
  if (!stored || !rule) return null;
  const decision = renderDecision(
    rule,
    {
      ruleId: stored.ruleId,
      asOf: n.asOf,
      outcome: stored.outcome as Outcome,
      conditions: stored.conditions,
      amountFen: stored.amountFen,
      effects: stored.effects,
      parameters: stored.parameters,
    },
    language,
  );
  if (scope.unrestricted) return decision;
  return redactDecision(decision, lensOf(scope, n.detail), () => declaredParameters(rule as Rule, store, n.asOf), language);
}

export function notificationFinding(n: PushNotification, scope: AccessScope): CrossCheckFinding | null {
  const f = n.detail.finding;
  if (!f) return null;
  return seenFinding({ ...f, code: f.code as FindingCode }, scope.unrestricted ? null : lensOf(scope, n.detail));
}

/**
 * The record the notification is about, as this reader may see it: a finding's key or an
 * enrollment's number can be another district's household number.
 */
export function notificationRecordKey(n: PushNotification, scope: AccessScope): string | null {
  if (n.recordKey == null || scope.unrestricted) return n.recordKey;
  if (n.detail.finding) return notificationFinding(n, scope)?.withheld ? null : n.recordKey;
  const lens = lensOf(scope, n.detail);
  return seesEveryHousehold(lens, n.detail) && !lens.mentionsHidden(n.recordKey) ? n.recordKey : null;
}

/**
 * The amount as this reader may see it: a decision's is withheld with the conditions it was
 * computed from; an enrollment's belongs to its household or person, judged like any record.
 */
export function notificationAmount(n: PushNotification, scope: AccessScope, store: ParameterStore): number | null {
  if (n.amount == null || scope.unrestricted) return n.amount;
  if (n.detail.decision) return notificationDecision(n, scope, store, DEFAULT_LANGUAGE)?.amount ?? null;
  return seesEveryHousehold(lensOf(scope, n.detail), n.detail) ? n.amount : null;
}
