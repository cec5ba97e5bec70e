import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql gives every property field a resolver that builds a middleware context and runs
 * the (empty) middleware chain before reading the property: thousands of calls for a page of
 * persons. A property that carries no @Authorized and no @UseMiddleware, on a class that carries
 * none either, is read directly by GraphQL instead. Field resolvers are untouched, and a guarded
 * property keeps its wrapper, so adding a guard later still takes effect. Privacy
 * (src/auth/privacy/) wraps the fields it needs after the schema is built, whatever this does.
 */
export function readPlainPropertiesDirectly(): void {
  const storage = getMetadataStorage();
  const guardedFields = new Map<Function, Set<string>>();
  for (const m of [...storage.authorizedFields, ...storage.middlewares]) {
    if (!guardedFields.has(m.target)) guardedFields.set(m.target, new Set());
    guardedFields.get(m.target)?.add(m.fieldName);
  }
  const guarded = (target: Function, name: string) => guardedFields.get(target)?.has(name) === true;
  const guardedClasses = new Set([...storage.authorizedResolver, ...storage.resolverMiddlewares].map((m) => m.target));
  for (const field of storage.fields) {
    if (field.simple !== undefined || guardedClasses.has(field.target)) continue;
    if (!guarded(field.target, field.name)) field.simple = true;
  }
}
