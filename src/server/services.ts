import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Settings } from '../config';
import type { Services } from '../context/services';
import { CivilAffairsService } from '../departments/civil-affairs/civil-affairs.service';
import { DisabilityService } from '../departments/disability/disability.service';
import { HumanResourcesService } from '../departments/human-resources/human-resources.service';
import { EligibilityService } from '../eligibility/eligibility.service';
import { PeopleService } from '../people/people.service';
import { ParameterStore } from '../policy/parameter-store';
import { checkEveryParameterHasAFile, PolicyService } from '../policy/policy.service';

export function createServices(
  dataSource: DataSource,
  settings: Pick<Settings, 'HUB_MAX_BATCH' | 'HUB_MAX_PAGE' | 'HUB_POLICY_DIR'>,
): Services {
  // Parameters are read and checked once, at start: a bad file stops the hub here.
  const store = ParameterStore.fromFolder(settings.HUB_POLICY_DIR);
  checkEveryParameterHasAFile(store, settings.HUB_POLICY_DIR);
  const audit = new AuditService(dataSource, settings.HUB_MAX_PAGE);
  return {
    audit,
    civilAffairs: new CivilAffairsService(dataSource, settings.HUB_MAX_BATCH, audit),
    humanResources: new HumanResourcesService(dataSource, settings.HUB_MAX_BATCH, audit),
    disability: new DisabilityService(dataSource, settings.HUB_MAX_BATCH, audit),
    people: new PeopleService(dataSource, settings.HUB_MAX_PAGE),
    eligibility: new EligibilityService(store),
    policy: new PolicyService(store),
  };
}
