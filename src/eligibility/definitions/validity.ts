import type { AssistanceEnrollment } from '../../departments/civil-affairs/assistance-enrollment.entity';
import type { Program } from '../../departments/civil-affairs/civil-affairs.enums';
import type { PersonSituation } from '../../departments/civil-affairs/person-situation.entity';
import type { SeriousIllnessCertification } from '../../departments/civil-affairs/serious-illness-certification.entity';
import type { DisabilityCertificate } from '../../departments/disability/disability-certificate.entity';
import { addMonths, isValidOn, type LocalDate } from '../../common/local-date';

/** docs/readings.md, "Valid record": started, not ended; a certificate is also invalid from its revocation. */
export function isCertificateValid(c: DisabilityCertificate, asOf: LocalDate): boolean {
  return isValidOn(c.issuedOn, c.validUntil, asOf) && (c.revokedOn == null || c.revokedOn > asOf);
}

export function isIllnessValid(c: SeriousIllnessCertification, asOf: LocalDate): boolean {
  return isValidOn(c.validFrom, c.validUntil, asOf);
}

function isEnrollmentValid(e: AssistanceEnrollment, asOf: LocalDate): boolean {
  return isValidOn(e.startDate, e.endDate, asOf);
}

export function validEnrollmentsIn(enrollments: AssistanceEnrollment[], programs: Program[], asOf: LocalDate): AssistanceEnrollment[] {
  return enrollments.filter((e) => programs.includes(e.program) && isEnrollmentValid(e, asOf));
}

export function isSituationLasting(s: PersonSituation, asOf: LocalDate): boolean {
  return isValidOn(s.since, s.until, asOf);
}

/** "For N+ months": begun on or before asOf − N months and still lasting (docs/readings.md, "Months"). */
export function hasLastedMonths(s: PersonSituation, asOf: LocalDate, months: number): boolean {
  return isSituationLasting(s, asOf) && s.since <= addMonths(asOf, -months);
}
