import { SituationKind } from '../../departments/civil-affairs/civil-affairs.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import { ageOn, type LocalDate } from '../../common/local-date';
import type { Evidence } from '../eligibility.types';
import type { PersonFacts } from '../facts';
import { msg, type Message } from '../messages/message';
import { evidenceOf } from './evidence';
import { CATEGORY_DIGIT } from '../../departments/disability/disability.enums';
import { disabilityReason, illnessReason, seriousIllness, validCertificates } from './health';
import { hasLastedMonths, isSituationLasting } from './validity';

type ParentStatus = 'ABLE' | 'UNABLE' | 'DECEASED' | 'MISSING';

export interface ParentAssessment {
  idNumber: string;
  status: ParentStatus;
  age: number;
  reason: Message;
  evidence: Evidence[];
}

const RESTRICTED_NAME = {
  [SituationKind.IMPRISONED]: msg('situation.IMPRISONED'),
  [SituationKind.COMPULSORY_REHABILITATION]: msg('situation.COMPULSORY_REHABILITATION'),
  [SituationKind.OUT_OF_CONTACT]: msg('situation.OUT_OF_CONTACT'),
} as const;
type RestrictedKind = keyof typeof RESTRICTED_NAME;
const RESTRICTED = Object.keys(RESTRICTED_NAME) as SituationKind[];

/** Whether a person has died on or before `asOf` by civil affairs' record. */
export function deceasedRecord(person: PersonFacts, asOf: LocalDate) {
  return person.situations.find((s) => s.kind === SituationKind.DECEASED && s.since <= asOf);
}

/**
 * A parent's capacity to support a child (民发〔2019〕62号, as docs/rules.md states `parents-unable-to-support`). A parent
 * identified by ID number but without records is able: the registries are of record.
 */
export function assessParent(parent: PersonFacts, asOf: LocalDate, params: ParameterReader): ParentAssessment {
  const base = { idNumber: parent.idNumber, age: ageOn(parent.birthDate, asOf) };
  const deceased = deceasedRecord(parent, asOf);
  if (deceased) return { ...base, status: 'DECEASED', reason: msg('reason.deceased', { since: deceased.since }), evidence: [evidenceOf.situation(deceased)] };
  const missing = parent.situations.find((s) => s.kind === SituationKind.DECLARED_MISSING && isSituationLasting(s, asOf));
  if (missing) return { ...base, status: 'MISSING', reason: msg('reason.declared-missing', { since: missing.since }), evidence: [evidenceOf.situation(missing)] };

  const certificate = validCertificates(parent, asOf).find(
    (c) => c.grade <= 2 || ((c.category === CATEGORY_DIGIT.INTELLECTUAL || c.category === CATEGORY_DIGIT.MENTAL) && c.grade <= 4),
  );
  if (certificate) {
    return { ...base, status: 'UNABLE', reason: disabilityReason(certificate), evidence: [evidenceOf.certificate(certificate)] };
  }
  const illness = seriousIllness(parent, asOf);
  if (illness) return { ...base, status: 'UNABLE', reason: illnessReason(illness), evidence: [evidenceOf.illness(illness)] };
  const months = params.get(P.unableSituationMonths);
  const restricted = parent.situations.find((s) => RESTRICTED.includes(s.kind) && hasLastedMonths(s, asOf, months));
  if (restricted) {
    return { ...base, status: 'UNABLE', reason: msg('reason.restricted', { kind: RESTRICTED_NAME[restricted.kind as RestrictedKind], since: restricted.since, months }), evidence: [evidenceOf.situation(restricted)] };
  }
  const recent = parent.situations.find((s) => RESTRICTED.includes(s.kind) && isSituationLasting(s, asOf));
  return {
    ...base,
    status: 'ABLE',
    reason: recent
      ? msg('reason.restricted-recent', { kind: RESTRICTED_NAME[recent.kind as RestrictedKind], since: recent.since, months })
      : msg('reason.no-inability'),
    evidence: recent ? [evidenceOf.situation(recent)] : [evidenceOf.person(parent, { known: parent.known })],
  };
}
