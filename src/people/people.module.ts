import type { HubModule } from '../context/hub-module';
import { HouseholdMemberResolver, HouseholdResolver } from './household.resolver';
import { PEOPLE_FIELDS } from './people.personal-fields';
import { PeopleService } from './people.service';
import { PersonResolver } from './person.resolver';

/** Persons and households across departments; their filters come from the departments' modules. */
export const peopleModule: HubModule<'people'> = {
  name: 'people',
  resolvers: [PersonResolver, HouseholdResolver, HouseholdMemberResolver],
  personalFields: PEOPLE_FIELDS,
  auditedRootFields: ['person', 'persons', 'household'],
  createServices: (env) => ({ people: new PeopleService(env.dataSource, env.settings.HUB_MAX_PAGE, env.personFilters) }),
};
