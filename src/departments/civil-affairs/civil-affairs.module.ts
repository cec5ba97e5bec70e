import type { HubModule } from '../../context/hub-module';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import { CIVIL_AFFAIRS_PERSON_FILTERS } from './civil-affairs.conditions';
import { createCivilAffairsLoaders } from './civil-affairs.loaders';
import { CIVIL_AFFAIRS_FIELDS } from './civil-affairs.personal-fields';
import { CivilAffairsResolver, HouseholdCivilAffairsResolver, PersonCivilAffairsResolver } from './civil-affairs.resolver';
import { CivilAffairsService } from './civil-affairs.service';
import { EconomicCheck } from './economic-check.entity';
import { Household } from './household.entity';
import { HouseholdMember } from './household-member.entity';
import { Person } from './person.entity';
import { PersonSituation } from './person-situation.entity';
import { SeriousIllnessCertification } from './serious-illness-certification.entity';
import { TemporaryAssistancePayment } from './temporary-assistance-payment.entity';

export const civilAffairsModule: HubModule<'civilAffairs', 'civilAffairs'> = {
  name: 'civil affairs',
  entities: [
    Person,
    PersonSituation,
    Household,
    HouseholdMember,
    EconomicCheck,
    AssistanceEnrollment,
    SeriousIllnessCertification,
    TemporaryAssistancePayment,
  ],
  resolvers: [CivilAffairsResolver, PersonCivilAffairsResolver, HouseholdCivilAffairsResolver],
  personalFields: CIVIL_AFFAIRS_FIELDS,
  auditedRootFields: ['ingestCivilAffairs'],
  personFilters: CIVIL_AFFAIRS_PERSON_FILTERS,
  createServices: (env) => ({ civilAffairs: new CivilAffairsService(env.dataSource, env.settings.HUB_MAX_BATCH, env.service('audit'), env.service('push')) }),
  createLoaders: ({ manager }) => ({ civilAffairs: createCivilAffairsLoaders(manager) }),
};
