import type { SeriousIllnessCertification } from '../../departments/civil-affairs/serious-illness-certification.entity';
import type { DisabilityCertificate } from '../../departments/disability/disability-certificate.entity';
import { CATEGORY_DIGIT } from '../../departments/disability/disability.enums';
import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import type { LocalDate } from '../../common/local-date';
import type { Evidence } from '../eligibility.types';
import type { PersonFacts } from '../facts';
import { msg, type Message } from '../messages/message';
import { evidenceOf } from './evidence';
import { fen } from './figures';
import { isCertificateValid, isIllnessValid } from './validity';

export function validCertificates(person: PersonFacts, asOf: LocalDate): DisabilityCertificate[] {
  return person.certificates.filter((c) => isCertificateValid(c, asOf));
}

export function validIllnesses(person: PersonFacts, asOf: LocalDate): SeriousIllnessCertification[] {
  return person.seriousIllnessCertifications.filter((c) => isIllnessValid(c, asOf));
}

/** 重残: a valid certificate of grade 1 or 2, any category. */
export function severeDisability(person: PersonFacts, asOf: LocalDate): DisabilityCertificate | undefined {
  return validCertificates(person, asOf).find((c) => c.grade <= 2);
}

/** 重病 (clause 1.1): a valid certification in the 1000 or 1500 tier. */
export function seriousIllness(person: PersonFacts, asOf: LocalDate): SeriousIllnessCertification | undefined {
  return validIllnesses(person, asOf).find((c) => c.tier >= 1000);
}

export const disabilityReason = (c: DisabilityCertificate): Message => msg('reason.disability', { category: c.category, grade: c.grade });
export const illnessReason = (c: SeriousIllnessCertification): Message => msg('reason.illness', { tier: c.tier });

/** The parameters a categorical deduction may read. */
export const DEDUCTIONS = [
  P.deductionDisabilitySevere,
  P.deductionDisabilityModerate,
  P.deductionIllness1500,
  P.deductionIllness1000,
  P.deductionIllness500,
] as const;

export interface Deduction {
  fen: number;
  reason: Message;
  evidence: Evidence;
}

/**
 * The categorical deduction (分类救助) of one person: the largest that applies on `asOf`, one per
 * person (docs/readings.md, "Categorical deductions": an ASSUMPTION). Null when none applies.
 */
export function categoricalDeduction(person: PersonFacts, asOf: LocalDate, params: ParameterReader): Deduction | null {
  const candidates: Deduction[] = [];
  for (const c of validCertificates(person, asOf)) {
    const severeKind = [CATEGORY_DIGIT.VISUAL, CATEGORY_DIGIT.PHYSICAL, CATEGORY_DIGIT.INTELLECTUAL, CATEGORY_DIGIT.MENTAL, CATEGORY_DIGIT.MULTIPLE].includes(
      c.category,
    );
    const mentalKind = c.category === CATEGORY_DIGIT.INTELLECTUAL || c.category === CATEGORY_DIGIT.MENTAL;
    if (c.grade <= 2 && severeKind) {
      candidates.push({ fen: fen(params.get(P.deductionDisabilitySevere)), reason: disabilityReason(c), evidence: evidenceOf.certificate(c) });
    } else if ((c.grade <= 2 && !severeKind) || (c.grade === 3 && mentalKind)) {
      candidates.push({ fen: fen(params.get(P.deductionDisabilityModerate)), reason: disabilityReason(c), evidence: evidenceOf.certificate(c) });
    }
  }
  for (const c of validIllnesses(person, asOf)) {
    const parameter = c.tier >= 1500 ? P.deductionIllness1500 : c.tier >= 1000 ? P.deductionIllness1000 : P.deductionIllness500;
    candidates.push({ fen: fen(params.get(parameter)), reason: illnessReason(c), evidence: evidenceOf.illness(c) });
  }
  return candidates.reduce<Deduction | null>((best, d) => (best == null || d.fen > best.fen ? d : best), null);
}
