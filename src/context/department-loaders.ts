/*
 * Types only, so that importing this module loads no code: the departments' loaders as the
 * eligibility gatherer reads them, apart from the eligibility loaders built on top of them (which
 * would make the gatherer depend on itself).
 */
import type { CivilAffairsLoaders } from '../departments/civil-affairs/civil-affairs.loaders';
import type { DisabilityLoaders } from '../departments/disability/disability.loaders';
import type { HumanResourcesLoaders } from '../departments/human-resources/human-resources.loaders';

export interface DepartmentLoaders {
  civilAffairs: CivilAffairsLoaders;
  humanResources: HumanResourcesLoaders;
  disability: DisabilityLoaders;
}
