import { In, type EntityManager } from 'typeorm';
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
    person: loaderOfOne((ids: string[]) => m.findBy(Person, { idNumber: In(ids) }), (p) => p.idNumber),
    situations: loaderOfMany(
      (ids: string[]) => m.find(PersonSituation, { where: { idNumber: In(ids) }, order: { since: 'ASC' } }),
      (s) => s.idNumber,
    ),
    membership: loaderOfOne((ids: string[]) => m.findBy(HouseholdMember, { idNumber: In(ids) }), (x) => x.idNumber),
    household: loaderOfOne(
      (numbers: string[]) => m.findBy(Household, { householdNumber: In(numbers) }),
      (h) => h.householdNumber,
    ),
    members: loaderOfMany(
      (numbers: string[]) => m.find(HouseholdMember, { where: { householdNumber: In(numbers) }, order: { idNumber: 'ASC' } }),
      (x) => x.householdNumber,
    ),
    economicChecks: loaderOfMany(
      (numbers: string[]) =>
        m.find(EconomicCheck, { where: { householdNumber: In(numbers) }, order: { checkedOn: 'DESC' } }),
      (c) => c.householdNumber,
    ),
    personalEnrollments: loaderOfMany(
      (ids: string[]) => m.find(AssistanceEnrollment, { where: { idNumber: In(ids) }, order: { startDate: 'ASC' } }),
      (e) => e.idNumber as string,
    ),
    householdEnrollments: loaderOfMany(
      (numbers: string[]) =>
        m.find(AssistanceEnrollment, { where: { householdNumber: In(numbers) }, order: { startDate: 'ASC' } }),
      (e) => e.householdNumber as string,
    ),
    seriousIllnessCertifications: loaderOfMany(
      (ids: string[]) => m.find(SeriousIllnessCertification, { where: { idNumber: In(ids) }, order: { validFrom: 'ASC' } }),
      (c) => c.idNumber,
    ),
    temporaryAssistancePayments: loaderOfMany(
      (ids: string[]) => m.find(TemporaryAssistancePayment, { where: { idNumber: In(ids) }, order: { paidOn: 'ASC' } }),
      (p) => p.idNumber,
    ),
  };
}
