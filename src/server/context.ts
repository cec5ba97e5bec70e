import type { DataSource, EntityManager } from 'typeorm';
import { AccessScope } from '../auth/access-scope';
import type { Caller } from '../auth/caller';
import { AuditTrail } from '../audit/audit-trail';
import type { HubContext, HubLoaders } from '../context/hub-context';
import type { AnyHubModule } from '../context/hub-module';
import type { StatementTally } from '../db/statement-counter';
import { DEFAULT_LANGUAGE, type Language } from '../eligibility/messages/language';
import { HUB_MODULES } from './modules';

export function createContext(
  dataSource: DataSource,
  request: { requestId: string; caller: Caller | null; purpose: string | null; language?: Language; tally?: StatementTally },
  modules: readonly AnyHubModule[] = HUB_MODULES,
): HubContext {
  return {
    requestId: request.requestId,
    caller: request.caller,
    scope: new AccessScope(request.caller),
    purpose: request.purpose,
    language: request.language ?? DEFAULT_LANGUAGE,
    loaders: createLoaders(dataSource.manager, modules),
    tally: request.tally ?? { statements: 0 },
    audit: new AuditTrail(),
  };
}

/** Fresh loaders for one request, each module's built on those of the modules listed before it. */
export function createLoaders(manager: EntityManager, modules: readonly AnyHubModule[] = HUB_MODULES): HubLoaders {
  const built: Partial<HubLoaders> = {};
  let building = '';
  const loaders = <K extends keyof HubLoaders>(name: K): HubLoaders[K] => {
    const found = built[name];
    if (!found) throw new Error(`the ${building} module needs the ${name} loaders: list the module providing them earlier in src/server/modules.ts`);
    return found as HubLoaders[K];
  };
  for (const module of modules) {
    building = module.name;
    Object.assign(built, module.createLoaders?.({ manager, loaders }));
  }
  // src/server/modules.ts checks at compile time that its modules provide every loader set.
  return built as HubLoaders;
}
