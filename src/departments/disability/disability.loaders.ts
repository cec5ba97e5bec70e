import { In, type EntityManager } from 'typeorm';
import { loaderOfMany } from '../../common/batch-loader';
import { DisabilityCertificate } from './disability-certificate.entity';

export type DisabilityLoaders = ReturnType<typeof createDisabilityLoaders>;

export function createDisabilityLoaders(manager: EntityManager) {
  return {
    certificates: loaderOfMany(
      (ids: string[]) =>
        manager.find(DisabilityCertificate, { where: { idNumber: In(ids) }, order: { issuedOn: 'ASC' } }),
      (c) => c.idNumber,
    ),
  };
}
