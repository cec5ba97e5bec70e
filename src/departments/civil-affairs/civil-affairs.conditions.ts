import type { SelectQueryBuilder } from 'typeorm';
import { isValidDistrictCode } from '../../identity/districts';
import type { PersonFilterConditions } from '../../people/people.conditions';
import { ErrorCode, userError } from '../../common/errors';
import type { LocalDate } from '../../common/local-date';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import type { Program } from './civil-affairs.enums';
import { HouseholdMember } from './household-member.entity';

/**
 * Narrows a query over persons (alias `person`) to those with a valid enrollment in `program`
 * on `asOf`, their own or their household's.
 */
export function whereEnrolledIn<T extends object>(qb: SelectQueryBuilder<T>, person: string, program: Program, asOf: LocalDate): void {
  // Two uncorrelated sets, each computed once: a subquery correlated with every person, with an
  // OR across two keys, made SQLite and MariaDB scan the enrollments once per person (minutes).
  const valid = 'e.program = :enrolledProgram AND e.startDate <= :enrolledAsOf AND (e.endDate IS NULL OR e.endDate > :enrolledAsOf)';
  const enrolledThemselves = qb.subQuery().select('e.idNumber').from(AssistanceEnrollment, 'e').where(valid).getQuery();
  const inEnrolledHousehold = qb
    .subQuery()
    .select('m.idNumber')
    .from(HouseholdMember, 'm')
    .innerJoin(AssistanceEnrollment, 'e', 'e.householdNumber = m.householdNumber')
    .where(valid)
    .getQuery();
  qb.andWhere(`(${person}.idNumber IN ${enrolledThemselves} OR ${person}.idNumber IN ${inEnrolledHousehold})`, {
    enrolledProgram: program,
    enrolledAsOf: asOf,
  });
}

/** The `persons` filters on civil affairs' own records: where a person lives and what they receive. */
export const CIVIL_AFFAIRS_PERSON_FILTERS: PersonFilterConditions = {
  district(qb, district) {
    if (!isValidDistrictCode(district)) {
      throw userError(ErrorCode.BAD_USER_INPUT, `${district} is not a district code`, { field: 'filter.district' });
    }
    qb.andWhere('(person.registeredDistrict = :district OR person.residenceDistrict = :district)', { district });
  },
  livesAwayFromRegistration(qb, away) {
    qb.andWhere(
      away
        ? 'person.residenceDistrict IS NOT NULL AND person.residenceDistrict <> person.registeredDistrict'
        : '(person.residenceDistrict IS NULL OR person.residenceDistrict = person.registeredDistrict)',
    );
  },
  enrolledProgram(qb, program, asOf) {
    whereEnrolledIn(qb, 'person', program, asOf);
  },
};
