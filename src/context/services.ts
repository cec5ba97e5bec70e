/*
 * Types only, so that resolvers can name the services they receive without loading the server,
 * which creates them (`createServices`).
 */
import type { AuditService } from '../audit/audit.service';
import type { CivilAffairsService } from '../departments/civil-affairs/civil-affairs.service';
import type { DisabilityService } from '../departments/disability/disability.service';
import type { HumanResourcesService } from '../departments/human-resources/human-resources.service';
import type { EligibilityService } from '../eligibility/eligibility.service';
import type { PeopleService } from '../people/people.service';
import type { CoverageService } from '../coverage/coverage.service';
import type { HouseholdsListService } from '../coverage/households-list.service';
import type { CrossCheckQueryService } from '../cross-check/cross-check-query.service';
import type { FindingsListService } from '../cross-check/findings-list.service';
import type { PolicyService } from '../policy/policy.service';
import type { PushService } from '../push/push.service';
import type { WebhookService } from '../push/webhooks/webhook.service';

/** The hub's services, one instance each per process; resolvers receive them by constructor. */
export interface Services {
  civilAffairs: CivilAffairsService;
  humanResources: HumanResourcesService;
  disability: DisabilityService;
  people: PeopleService;
  eligibility: EligibilityService;
  policy: PolicyService;
  audit: AuditService;
  push: PushService;
  webhooks: WebhookService;
  coverage: CoverageService;
  householdsList: HouseholdsListService;
  crossCheckQuery: CrossCheckQueryService;
  findingsList: FindingsListService;
}
