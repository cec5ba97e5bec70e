import type { HubModule } from '../../context/hub-module';
import { DisabilityCertificate } from './disability-certificate.entity';
import { DISABILITY_PERSON_FILTERS } from './disability.conditions';
import { createDisabilityLoaders } from './disability.loaders';
import { DISABILITY_FIELDS } from './disability.personal-fields';
import { DisabilityResolver, PersonDisabilityResolver } from './disability.resolver';
import { DisabilityService } from './disability.service';

export const disabilityModule: HubModule<'disability', 'disability'> = {
  name: 'disability',
  entities: [DisabilityCertificate],
  resolvers: [DisabilityResolver, PersonDisabilityResolver],
  personalFields: DISABILITY_FIELDS,
  auditedRootFields: ['ingestDisability'],
  personFilters: DISABILITY_PERSON_FILTERS,
  createServices: (env) => ({ disability: new DisabilityService(env.dataSource, env.settings.HUB_MAX_BATCH, env.service('audit'), env.service('push')) }),
  createLoaders: ({ manager }) => ({ disability: createDisabilityLoaders(manager) }),
};
