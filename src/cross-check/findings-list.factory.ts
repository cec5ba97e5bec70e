import type { ServiceEnvironment } from '../context/hub-module';
import { FINDINGS_LIST_LIMITS, FindingsListService, type FindingsListLimits } from './findings-list.service';

/**
 * The service as the cross-check module builds it. A test may list a module providing it again
 * with smaller `limits`: the later module's service is the one the resolvers receive.
 */
export function createFindingsListService(env: ServiceEnvironment, limits: FindingsListLimits = FINDINGS_LIST_LIMITS): FindingsListService {
  return new FindingsListService(env.dataSource, env.parameters, env.loadersFor, env.settings.HUB_MAX_PAGE, limits);
}
