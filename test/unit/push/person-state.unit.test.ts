import type { Finding } from '../../../src/cross-check/findings';
import { FindingCode } from '../../../src/cross-check/finding-code';
import type { AssistanceEnrollment } from '../../../src/departments/civil-affairs/assistance-enrollment.entity';
import { AssistanceUnit, Program } from '../../../src/departments/civil-affairs/civil-affairs.enums';
import { Outcome } from '../../../src/eligibility/eligibility.types';
import { districtsToNotify, itemsOf, matchesOf, type PersonSnapshot, type RuleState } from '../../../src/push/evaluation/person-state';
import { NotificationTrigger } from '../../../src/push/push.enums';

/* The push's diff in memory: which changes are matches, and who hears of them (docs/push.md). */

const rule = (ruleId: string, outcome: Outcome, enrolled: boolean): RuleState => ({
  ruleId,
  program: ruleId.startsWith('dibao') ? 'DIBAO' : 'TEKUN',
  enrolled,
  decision: { ruleId, asOf: '2026-06-01', outcome, conditions: [], amountFen: outcome === Outcome.ELIGIBLE ? 10000 : null, effects: [], parameters: [] },
});

const enrollment = (enrollmentNumber: string): AssistanceEnrollment => ({
  enrollmentNumber, program: Program.DIBAO, unit: AssistanceUnit.HOUSEHOLD, householdNumber: 'H1', idNumber: null, startDate: '2026-01-01', endDate: null, monthlyAmount: 500,
});

const finding = (recordKey: string): Finding => ({ code: FindingCode.NAME_MISMATCH, recordKey, clause: '6', evidence: [], values: {} });

function snapshot(parts: Partial<PersonSnapshot> = {}): PersonSnapshot {
  return { idNumber: '120101197001010011', registeredDistrict: '120101', residenceDistrict: '120116', asOf: '2026-06-01', rules: [], enrollments: [], findings: [], ...parts };
}

const kinds = (ms: ReturnType<typeof matchesOf>) => ms.map((m) => `${m.kind}:${m.item}:${m.recipients.join('+')}:${m.trigger}`).sort();

describe('matches between two evaluations', () => {
  test('nothing changed: nothing to tell, even when a match holds', () => {
    const now = snapshot({ rules: [rule('dibao.household', Outcome.ELIGIBLE, false)], findings: [finding('k')] });
    expect(matchesOf(itemsOf(now), now, NotificationTrigger.RECORDS_CHANGED)).toEqual([]);
  });

  test('becoming eligible while not enrolled is a match; while enrolled, or from UNDETERMINED to NOT_ELIGIBLE, is not', () => {
    const before = itemsOf(snapshot({ rules: [rule('dibao.household', Outcome.UNDETERMINED, false), rule('tekun', Outcome.NOT_ELIGIBLE, true)] }));
    const now = snapshot({ rules: [rule('dibao.household', Outcome.ELIGIBLE, false), rule('tekun', Outcome.ELIGIBLE, true)] });
    expect(kinds(matchesOf(before, now, NotificationTrigger.RECORDS_CHANGED))).toEqual(['NEWLY_ELIGIBLE:rule:dibao.household:120101+120116:RECORDS_CHANGED']);
    const m = matchesOf(before, now, NotificationTrigger.RECORDS_CHANGED)[0];
    expect(m.previousOutcome).toBe('UNDETERMINED');
    const drift = snapshot({ rules: [rule('dibao.household', Outcome.NOT_ELIGIBLE, false)] });
    expect(matchesOf(before, drift, NotificationTrigger.RECORDS_CHANGED)).toEqual([]);
  });

  test('an enrolled person stops being eligible: a match; a person not enrolled stopping is not', () => {
    const before = itemsOf(snapshot({ rules: [rule('dibao.household', Outcome.ELIGIBLE, true), rule('tekun', Outcome.ELIGIBLE, false)] }));
    const now = snapshot({ rules: [rule('dibao.household', Outcome.UNDETERMINED, true), rule('tekun', Outcome.NOT_ELIGIBLE, false)] });
    expect(kinds(matchesOf(before, now, NotificationTrigger.TIME_PASSED))).toEqual(['NO_LONGER_ELIGIBLE:rule:dibao.household:120101+120116:TIME_PASSED']);
  });

  test('enrollments starting and ending, and findings appearing (not disappearing)', () => {
    const before = itemsOf(snapshot({ enrollments: [enrollment('E1')], findings: [finding('old')] }));
    const now = snapshot({ enrollments: [enrollment('E2')], findings: [finding('new')] });
    expect(kinds(matchesOf(before, now, NotificationTrigger.RECORDS_CHANGED))).toEqual([
      'ENROLLMENT_ENDED:enrollment:E1:120101+120116:RECORDS_CHANGED',
      'ENROLLMENT_STARTED:enrollment:E2:120101+120116:RECORDS_CHANGED',
      'FINDING:finding:NAME_MISMATCH:new:120101+120116:RECORDS_CHANGED',
    ]);
  });

  test('first evaluated living away: every match that holds now, to both districts, and no enrollment news', () => {
    const now = snapshot({
      rules: [rule('dibao.household', Outcome.ELIGIBLE, false), rule('tekun', Outcome.NOT_ELIGIBLE, true), rule('other', Outcome.NOT_ELIGIBLE, false)],
      enrollments: [enrollment('E1')],
      findings: [finding('k')],
    });
    expect(kinds(matchesOf(null, now, NotificationTrigger.RECORDS_CHANGED))).toEqual([
      'FINDING:finding:NAME_MISMATCH:k:120101+120116:STARTED_LIVING_AWAY',
      'NEWLY_ELIGIBLE:rule:dibao.household:120101+120116:STARTED_LIVING_AWAY',
      'NO_LONGER_ELIGIBLE:rule:tekun:120101+120116:STARTED_LIVING_AWAY',
    ]);
  });

  test('moving to another district while away: the new district hears what holds, both hear what changed', () => {
    const before = itemsOf(snapshot({ rules: [rule('dibao.household', Outcome.ELIGIBLE, false), rule('tekun', Outcome.NOT_ELIGIBLE, false)] }));
    const now = snapshot({ residenceDistrict: '120103', rules: [rule('dibao.household', Outcome.ELIGIBLE, false), rule('tekun', Outcome.ELIGIBLE, false)] });
    expect(kinds(matchesOf(before, now, NotificationTrigger.RECORDS_CHANGED))).toEqual([
      'NEWLY_ELIGIBLE:rule:dibao.household:120103:MOVED',
      'NEWLY_ELIGIBLE:rule:tekun:120101+120103:RECORDS_CHANGED',
    ]);
  });

  test('a district outside Tianjin is not notified; the Tianjin side still is', () => {
    expect(districtsToNotify('120101', '110105')).toEqual(['120101']);
    expect(districtsToNotify('130102', '120116')).toEqual(['120116']);
    expect(districtsToNotify('130102', '110105')).toEqual([]);
    const now = snapshot({ residenceDistrict: '110105', rules: [rule('dibao.household', Outcome.ELIGIBLE, false)] });
    expect(matchesOf(null, now, NotificationTrigger.RECORDS_CHANGED).map((m) => m.recipients)).toEqual([['120101']]);
  });
});

