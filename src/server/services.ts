import type { DataSource } from 'typeorm';
import type { Settings } from '../config';
import type { AnyHubModule, ServiceEnvironment } from '../context/hub-module';
import type { Services } from '../context/services';
import { mergePersonFilterConditions } from '../people/people.conditions';
import { ParameterStore } from '../policy/parameter-store';
import { checkEveryParameterHasAFile } from '../policy/policy.service';
import { createLoaders } from './context';
import { HUB_MODULES } from './modules';

export function createServices(
  dataSource: DataSource,
  settings: Pick<Settings, 'HUB_MAX_BATCH' | 'HUB_MAX_PAGE' | 'HUB_POLICY_DIR'>,
  modules: readonly AnyHubModule[] = HUB_MODULES,
): Services {
  // Parameters are read and checked once, at start: a bad file stops the hub here.
  const parameters = ParameterStore.fromFolder(settings.HUB_POLICY_DIR);
  checkEveryParameterHasAFile(parameters, settings.HUB_POLICY_DIR);
  const built: Partial<Services> = {};
  let building = '';
  const env: ServiceEnvironment = {
    dataSource,
    settings,
    parameters,
    personFilters: mergePersonFilterConditions(modules),
    loadersFor: (manager) => createLoaders(manager, modules),
    service(name) {
      const service = built[name];
      if (!service) throw new Error(`the ${building} module needs the ${name} service: list the module providing it earlier in src/server/modules.ts`);
      return service;
    },
  };
  for (const module of modules) {
    building = module.name;
    Object.assign(built, module.createServices?.(env));
  }
  // src/server/modules.ts checks at compile time that its modules provide every service.
  return built as Services;
}
