import { In, type EntityManager } from 'typeorm';
import { loaderOfMany } from '../../common/batch-loader';
import { IncomeMonth } from './income-month.entity';
import { InsuranceEnrollment } from './insurance-enrollment.entity';
import { UnemploymentRegistration } from './unemployment-registration.entity';

export type HumanResourcesLoaders = ReturnType<typeof createHumanResourcesLoaders>;

export function createHumanResourcesLoaders(manager: EntityManager) {
  const m = manager;
  return {
    unemploymentRegistrations: loaderOfMany(
      (ids: string[]) => m.find(UnemploymentRegistration, { where: { idNumber: In(ids) }, order: { startDate: 'ASC' } }),
      (r) => r.idNumber,
    ),
    insuranceEnrollments: loaderOfMany(
      (ids: string[]) => m.find(InsuranceEnrollment, { where: { idNumber: In(ids) }, order: { startDate: 'ASC' } }),
      (e) => e.idNumber,
    ),
    incomeMonths: loaderOfMany(
      (ids: string[]) => m.find(IncomeMonth, { where: { idNumber: In(ids) }, order: { month: 'ASC' } }),
      (i) => i.idNumber,
    ),
  };
}
