import { isInputObjectType, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, type ContainerType, type NonEmptyArray } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { applyPrivacy } from '../auth/privacy/apply-privacy';
import { Pseudonyms } from '../auth/privacy/pseudonyms';
import type { AnyHubModule, ResolverClass } from '../context/hub-module';
import type { Services } from '../context/services';
import { mergePersonFilterConditions } from '../people/people.conditions';
import { HUB_MODULES } from './modules';
import { readPlainPropertiesDirectly } from './plain-properties';
import { personalFieldsOf } from './personal-fields';

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

/** A `persons` filter field no module answers would be silently ignored: the whole population would match. */
function checkEveryPersonFilterHasACondition(schema: GraphQLSchema, modules: readonly AnyHubModule[]): void {
  const filter = schema.getType('PersonFilter');
  if (!isInputObjectType(filter)) return;
  const conditions = mergePersonFilterConditions(modules);
  const missing = Object.keys(filter.getFields()).filter((f) => f !== 'asOf' && !(f in conditions));
  if (missing.length) throw new Error(`persons filter fields without a condition (declare it in the owning module's personFilters): ${missing.join(', ')}`);
}

/**
 * The hub's schema, from its modules (src/server/modules.ts) or the given list. Automatic
 * argument validation is off: ingestion validates record by record (a bad record must not sink
 * its batch) and queries check their own arguments.
 */
export async function buildHubSchema(
  services: Services | null,
  pseudonyms: Pseudonyms = Pseudonyms.ephemeral(),
  modules: readonly AnyHubModule[] = HUB_MODULES,
): Promise<GraphQLSchema> {
  readPlainPropertiesDirectly();
  const schema = await buildSchema({
    resolvers: modules.flatMap((m) => m.resolvers ?? []) as unknown as NonEmptyArray<ResolverClass>,
    container: containerFor(services),
    validate: false,
    authChecker,
    // type-graphql builds no Subscription type without one. Nothing is published through it: the
    // WebSocket transport follows the outbox table (src/push/subscription/).
    pubSub: createPubSub(),
  });
  checkEveryPersonFilterHasACondition(schema, modules);
  applyPrivacy(schema, personalFieldsOf(modules), pseudonyms);
  return schema;
}
