import type { SelectQueryBuilder } from 'typeorm';
import type { LocalDate } from '../../shared/local-date';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import type { Program } from './civil-affairs.enums';
import { HouseholdMember } from './household-member.entity';

/**
 * Narrows a query over persons (alias `person`) to those with a valid enrollment in `program`
 * on `asOf`, their own or their household's.
 */
export function whereEnrolledIn<T extends object>(qb: SelectQueryBuilder<T>, person: string, program: Program, asOf: LocalDate): void {
  const household = qb
    .subQuery()
    .select('m.householdNumber')
    .from(HouseholdMember, 'm')
    .where(`m.idNumber = ${person}.idNumber`)
    .getQuery();
  const enrollment = qb
    .subQuery()
    .select('1')
    .from(AssistanceEnrollment, 'e')
    .where('e.program = :enrolledProgram')
    .andWhere('e.startDate <= :enrolledAsOf')
    .andWhere('(e.endDate IS NULL OR e.endDate > :enrolledAsOf)')
    .andWhere(`(e.idNumber = ${person}.idNumber OR e.householdNumber IN ${household})`)
    .getQuery();
  qb.andWhere(`EXISTS ${enrollment}`, { enrolledProgram: program, enrolledAsOf: asOf });
}
