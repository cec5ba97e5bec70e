import type { HubModule } from '../../context/hub-module';
import { createHumanResourcesLoaders } from './human-resources.loaders';
import { HUMAN_RESOURCES_FIELDS } from './human-resources.personal-fields';
import { HumanResourcesResolver, PersonHumanResourcesResolver } from './human-resources.resolver';
import { HumanResourcesService } from './human-resources.service';
import { IncomeMonth } from './income-month.entity';
import { InsuranceEnrollment } from './insurance-enrollment.entity';
import { UnemploymentRegistration } from './unemployment-registration.entity';

export const humanResourcesModule: HubModule<'humanResources', 'humanResources'> = {
  name: 'human resources',
  entities: [UnemploymentRegistration, InsuranceEnrollment, IncomeMonth],
  resolvers: [HumanResourcesResolver, PersonHumanResourcesResolver],
  personalFields: HUMAN_RESOURCES_FIELDS,
  auditedRootFields: ['ingestHumanResources'],
  createServices: (env) => ({ humanResources: new HumanResourcesService(env.dataSource, env.settings.HUB_MAX_BATCH, env.service('audit'), env.service('push')) }),
  createLoaders: ({ manager }) => ({ humanResources: createHumanResourcesLoaders(manager) }),
};
