import type { SelectQueryBuilder } from 'typeorm';
import type { LocalDate } from '../../shared/local-date';
import { DisabilityCertificate } from './disability-certificate.entity';

/** Narrows a query over persons to holders of a certificate of `grade` valid on `asOf` (not revoked). */
export function whereHoldsCertificateOfGrade<T extends object>(
  qb: SelectQueryBuilder<T>,
  person: string,
  grade: number,
  asOf: LocalDate,
): void {
  const certificate = qb
    .subQuery()
    .select('1')
    .from(DisabilityCertificate, 'c')
    .where(`c.idNumber = ${person}.idNumber`)
    .andWhere('c.grade = :certificateGrade')
    .andWhere('c.issuedOn <= :certificateAsOf')
    .andWhere('(c.validUntil IS NULL OR c.validUntil > :certificateAsOf)')
    .andWhere('(c.revokedOn IS NULL OR c.revokedOn > :certificateAsOf)')
    .getQuery();
  qb.andWhere(`EXISTS ${certificate}`, { certificateGrade: grade, certificateAsOf: asOf });
}
