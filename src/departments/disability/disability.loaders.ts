import type { EntityManager } from 'typeorm';
import { rowsWhereIn } from '../../db/rows-where-in';
import { loaderOfMany } from '../../common/batch-loader';
import { DisabilityCertificate } from './disability-certificate.entity';

export type DisabilityLoaders = ReturnType<typeof createDisabilityLoaders>;

export function createDisabilityLoaders(manager: EntityManager) {
  return {
    certificates: loaderOfMany(
      (ids: string[]) =>
        rowsWhereIn(manager, DisabilityCertificate, 'idNumber', ids, { issuedOn: 'ASC' }),
      (c) => c.idNumber,
    ),
  };
}
