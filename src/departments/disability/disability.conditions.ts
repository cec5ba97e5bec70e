import type { SelectQueryBuilder } from 'typeorm';
import type { PersonFilterConditions } from '../../people/people.conditions';
import { ErrorCode, userError } from '../../common/errors';
import type { LocalDate } from '../../common/local-date';
import { DisabilityCertificate } from './disability-certificate.entity';

/** Narrows a query over persons to holders of a certificate of `grade` valid on `asOf` (not revoked). */
export function whereHoldsCertificateOfGrade<T extends object>(
  qb: SelectQueryBuilder<T>,
  person: string,
  grade: number,
  asOf: LocalDate,
): void {
  // An uncorrelated set, computed once: correlated with every person, SQLite probed the four-valued
  // grade index for each of them (tens of seconds over 100,000 persons).
  const holders = qb
    .subQuery()
    .select('c.idNumber')
    .from(DisabilityCertificate, 'c')
    .where('c.grade = :certificateGrade')
    .andWhere('c.issuedOn <= :certificateAsOf')
    .andWhere('(c.validUntil IS NULL OR c.validUntil > :certificateAsOf)')
    .andWhere('(c.revokedOn IS NULL OR c.revokedOn > :certificateAsOf)')
    .getQuery();
  qb.andWhere(`${person}.idNumber IN ${holders}`, { certificateGrade: grade, certificateAsOf: asOf });
}

/** The `persons` filter on the federation's certificates. */
export const DISABILITY_PERSON_FILTERS: PersonFilterConditions = {
  disabilityGrade(qb, grade, asOf) {
    if (![1, 2, 3, 4].includes(grade)) {
      throw userError(ErrorCode.BAD_USER_INPUT, 'a disability grade is 1, 2, 3 or 4', { field: 'filter.disabilityGrade' });
    }
    whereHoldsCertificateOfGrade(qb, 'person', grade, asOf);
  },
};
