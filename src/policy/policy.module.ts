import type { HubModule } from '../context/hub-module';
import { POLICY_FIELDS } from './policy.personal-fields';
import { PolicyResolver } from './policy.resolver';
import { PolicyService } from './policy.service';

export const policyModule: HubModule<'policy'> = {
  name: 'policy',
  resolvers: [PolicyResolver],
  personalFields: POLICY_FIELDS,
  createServices: ({ parameters }) => ({ policy: new PolicyService(parameters) }),
};
