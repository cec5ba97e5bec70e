import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type NonEmptyArray } from 'type-graphql';
import { CivilAffairsResolver } from '../departments/civil-affairs/civil-affairs.resolver';
import { DisabilityResolver } from '../departments/disability/disability.resolver';
import { HumanResourcesResolver } from '../departments/human-resources/human-resources.resolver';
import { HouseholdMemberResolver, HouseholdResolver } from '../people/household.resolver';
import { PersonResolver } from '../people/person.resolver';
import { HouseholdEligibilityResolver, PersonEligibilityResolver } from '../eligibility/eligibility.resolver';
import { PolicyResolver } from '../policy/policy.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { authChecker } from '../auth/auth-checker';
import { applyPrivacy } from '../auth/privacy/apply-privacy';
import { Pseudonyms } from '../auth/privacy/pseudonyms';
import type { Services } from '../context/services';
import { PERSONAL_FIELDS } from './personal-fields';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResolverClass = new (services: Services) => any;

export const RESOLVERS: NonEmptyArray<ResolverClass> = [
  PersonResolver,
  HouseholdResolver,
  HouseholdMemberResolver,
  CivilAffairsResolver,
  HumanResourcesResolver,
  DisabilityResolver,
  PersonEligibilityResolver,
  HouseholdEligibilityResolver,
  PolicyResolver,
  AuditResolver,
];

/** Resolvers are built once per schema and handed the services; they keep no request state. */
function containerFor(services: Services | null): ContainerType {
  const instances = new Map<unknown, unknown>();
  return {
    get(someClass: ResolverClass) {
      if (!services) throw new Error('this schema was built for printing only; it has no services');
      if (!instances.has(someClass)) instances.set(someClass, new someClass(services));
      return instances.get(someClass);
    },
  } as ContainerType;
}

/**
 * The hub's schema. Automatic argument validation is off: ingestion validates record by record
 * (a bad record must not sink its batch) and queries check their own arguments.
 */
export async function buildHubSchema(services: Services | null, pseudonyms: Pseudonyms = Pseudonyms.ephemeral()): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    container: containerFor(services),
    validate: false,
    authChecker,
  });
  applyPrivacy(schema, PERSONAL_FIELDS, pseudonyms);
  return schema;
}
