import type { HubModule } from '../context/hub-module';
import { COVERAGE_ENTITIES } from './coverage.entities';
import { COVERAGE_FIELDS } from './coverage.personal-fields';
import { CoverageResolver } from './coverage.resolver';
import { CoverageService } from './coverage.service';

/**
 * The coverage gap (issue point 3, docs/coverage.md): the evaluation pass's tables and
 * `districtStats`. Listed after eligibility and the departments, whose loaders the pass reads
 * through. `districtStats` names nobody (aggregates only): not an audited root field.
 */
export const coverageModule: HubModule<'coverage'> = {
  name: 'coverage',
  entities: [...COVERAGE_ENTITIES],
  resolvers: [CoverageResolver],
  personalFields: COVERAGE_FIELDS,
  auditedRootFields: [],
  createServices: (env) => ({ coverage: new CoverageService(env.dataSource, env.parameters, env.loadersFor) }),
};
