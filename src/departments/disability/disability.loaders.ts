import { In, type DataSource } from 'typeorm';
import { loaderOfMany } from '../../common/batch-loader';
import { DisabilityCertificate } from './disability-certificate.entity';

export type DisabilityLoaders = ReturnType<typeof createDisabilityLoaders>;

export function createDisabilityLoaders(dataSource: DataSource) {
  return {
    certificates: loaderOfMany(
      (ids: string[]) =>
        dataSource.manager.find(DisabilityCertificate, { where: { idNumber: In(ids) }, order: { issuedOn: 'ASC' } }),
      (c) => c.idNumber,
    ),
  };
}
