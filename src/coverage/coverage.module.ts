import type { HubModule } from '../context/hub-module';
import { COVERAGE_ENTITIES } from './coverage.entities';
import { COVERAGE_FIELDS } from './coverage.personal-fields';
import { CoverageResolver } from './coverage.resolver';
import { CoverageService } from './coverage.service';
import { GAP_PERSON_FILTERS } from './gap-filter';
import { HOUSEHOLDS_LIST_FIELDS } from './households-list.personal-fields';
import { HouseholdsListResolver } from './households-list.resolver';
import { HouseholdsListService } from './households-list.service';

/**
 * The coverage gap (issue point 3, docs/coverage.md): the evaluation pass's tables and
 * `districtStats`. Listed after eligibility and the departments, whose loaders the pass reads
 * through. `districtStats` names nobody (aggregates only): not an audited root field.
 */
export const coverageModule: HubModule<'coverage' | 'householdsList'> = {
  name: 'coverage',
  entities: [...COVERAGE_ENTITIES],
  resolvers: [CoverageResolver, HouseholdsListResolver],
  personalFields: { ...COVERAGE_FIELDS, ...HOUSEHOLDS_LIST_FIELDS },
  auditedRootFields: ['households'],
  personFilters: GAP_PERSON_FILTERS,
  createServices: (env) => ({
    coverage: new CoverageService(env.dataSource, env.parameters, env.loadersFor),
    householdsList: new HouseholdsListService(env.dataSource, env.settings.HUB_MAX_PAGE),
  }),
};
