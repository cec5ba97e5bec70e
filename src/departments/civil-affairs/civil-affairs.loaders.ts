import type { EntityManager } from 'typeorm';
import { rowsWhereIn } from '../../db/rows-where-in';
import { loaderOfMany, loaderOfOne } from '../../common/batch-loader';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import { EconomicCheck } from './economic-check.entity';
import { Household } from './household.entity';
import { HouseholdMember } from './household-member.entity';
import { Person } from './person.entity';
import { PersonSituation } from './person-situation.entity';
import { SeriousIllnessCertification } from './serious-illness-certification.entity';
import { TemporaryAssistancePayment } from './temporary-assistance-payment.entity';

export type CivilAffairsLoaders = ReturnType<typeof createCivilAffairsLoaders>;

/** Civil affairs' records by ID number or household number, one statement per batch of keys. */
export function createCivilAffairsLoaders(manager: EntityManager) {
  const m = manager;
  return {
    person: loaderOfOne((ids: string[]) => rowsWhereIn(m, Person, 'idNumber', ids), (p) => p.idNumber),
    situations: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, PersonSituation, 'idNumber', ids, { since: 'ASC' }),
      (s) => s.idNumber,
    ),
    membership: loaderOfOne((ids: string[]) => rowsWhereIn(m, HouseholdMember, 'idNumber', ids), (x) => x.idNumber),
    household: loaderOfOne(
      (numbers: string[]) => rowsWhereIn(m, Household, 'householdNumber', numbers),
      (h) => h.householdNumber,
    ),
    members: loaderOfMany(
      (numbers: string[]) => rowsWhereIn(m, HouseholdMember, 'householdNumber', numbers, { idNumber: 'ASC' }),
      (x) => x.householdNumber,
    ),
    economicChecks: loaderOfMany(
      (numbers: string[]) =>
        rowsWhereIn(m, EconomicCheck, 'householdNumber', numbers, { checkedOn: 'DESC' }),
      (c) => c.householdNumber,
    ),
    personalEnrollments: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, AssistanceEnrollment, 'idNumber', ids, { startDate: 'ASC' }),
      (e) => e.idNumber as string,
    ),
    householdEnrollments: loaderOfMany(
      (numbers: string[]) =>
        rowsWhereIn(m, AssistanceEnrollment, 'householdNumber', numbers, { startDate: 'ASC' }),
      (e) => e.householdNumber as string,
    ),
    seriousIllnessCertifications: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, SeriousIllnessCertification, 'idNumber', ids, { validFrom: 'ASC' }),
      (c) => c.idNumber,
    ),
    temporaryAssistancePayments: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, TemporaryAssistancePayment, 'idNumber', ids, { paidOn: 'ASC' }),
      (p) => p.idNumber,
    ),
  };
}
