import type { HubModule } from '../context/hub-module';
import { CROSS_CHECK_QUERY_FIELDS } from './cross-check-query.fields';
import { CrossCheckQueryResolver } from './cross-check-query.resolver';
import { CrossCheckQueryService } from './cross-check-query.service';
import { FINDINGS_LIST_FIELDS } from './findings-list.fields';
import { FindingsListResolver, PersonFindingsResolver } from './findings-list.resolver';
import { createFindingsListService } from './findings-list.factory';

/**
 * Cross-checks (clauses 1.3 and 6, docs/findings.md): `crossCheck` for partner departments, a
 * person's findings and the `findings` list. Findings are computed from the request's loaders, so
 * the module has no tables or loaders of its own.
 */
export const crossCheckModule: HubModule<'crossCheckQuery' | 'findingsList'> = {
  name: 'cross-check',
  resolvers: [CrossCheckQueryResolver, PersonFindingsResolver, FindingsListResolver],
  personalFields: { ...CROSS_CHECK_QUERY_FIELDS, ...FINDINGS_LIST_FIELDS },
  auditedRootFields: ['crossCheck', 'findings'],
  createServices: (env) => ({
    crossCheckQuery: new CrossCheckQueryService(env.dataSource, env.parameters),
    findingsList: createFindingsListService(env),
  }),
};
