import type { EntityManager } from 'typeorm';
import { rowsWhereIn } from '../../db/rows-where-in';
import { loaderOfMany } from '../../common/batch-loader';
import { IncomeMonth } from './income-month.entity';
import { InsuranceEnrollment } from './insurance-enrollment.entity';
import { UnemploymentRegistration } from './unemployment-registration.entity';

export type HumanResourcesLoaders = ReturnType<typeof createHumanResourcesLoaders>;

export function createHumanResourcesLoaders(manager: EntityManager) {
  const m = manager;
  return {
    unemploymentRegistrations: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, UnemploymentRegistration, 'idNumber', ids, { startDate: 'ASC' }),
      (r) => r.idNumber,
    ),
    insuranceEnrollments: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, InsuranceEnrollment, 'idNumber', ids, { startDate: 'ASC' }),
      (e) => e.idNumber,
    ),
    incomeMonths: loaderOfMany(
      (ids: string[]) => rowsWhereIn(m, IncomeMonth, 'idNumber', ids, { month: 'ASC' }),
      (i) => i.idNumber,
    ),
  };
}
