import type { HubModule } from '../context/hub-module';
import { createEligibilityLoaders } from './eligibility.loaders';
import { ELIGIBILITY_FIELDS } from './eligibility.personal-fields';
import { HouseholdEligibilityResolver, PersonEligibilityResolver } from './eligibility.resolver';
import { EligibilityService } from './eligibility.service';

/** Decisions computed on demand; listed after the departments, whose loaders feed its facts. */
export const eligibilityModule: HubModule<'eligibility', 'eligibility'> = {
  name: 'eligibility',
  resolvers: [PersonEligibilityResolver, HouseholdEligibilityResolver],
  personalFields: ELIGIBILITY_FIELDS,
  createServices: ({ parameters }) => ({ eligibility: new EligibilityService(parameters) }),
  createLoaders: ({ loaders }) => ({
    eligibility: createEligibilityLoaders({
      civilAffairs: loaders('civilAffairs'),
      humanResources: loaders('humanResources'),
      disability: loaders('disability'),
    }),
  }),
};
