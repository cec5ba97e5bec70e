import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Metric labels and access-log fields: every value comes from a fixed set (the schema's root
 * fields, the hub's routes, its error codes), never from what a client typed. A label that takes
 * client text multiplies the series Prometheus stores without bound, and can carry personal data.
 */

/** More root fields than this in one operation are labelled `other`: their combinations are unbounded in practice. */
const MAX_LABELLED_FIELDS = 3;

/** The label of an operation without a resolved operation (unparsable, invalid) or with too many root fields. */
export const OTHER = 'other';

export type OperationKind = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Every root field the schema serves: the only names an operation label may carry. */
export function rootFieldNamesOf(schema: GraphQLSchema): ReadonlySet<string> {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return new Set(roots.flatMap((type) => (type ? Object.keys(type.getFields()) : [])));
}

/** The root fields an operation selects (through fragments), by name: aliases are the client's text. */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const seen = new Set<string>();
  const collect = (selectionSet: SelectionSetNode, depth: number): void => {
    for (const s of selectionSet.selections) {
      if (s.kind === Kind.FIELD) seen.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, depth);
      else if (depth < 10) {
        const fragment = fragments.get(s.name.value);
        if (fragment) collect(fragment.selectionSet, depth + 1);
      }
    }
  };
  collect(operation.selectionSet, 0);
  return [...seen].sort();
}

/**
 * The `operation` label: the name the client sent when it is a root field of the schema that the
 * operation selects (a client naming operations after their field gets its own name), otherwise
 * the root fields sorted and joined, or `other`. The name alone is never trusted: a client may
 * name an operation anything, an ID number included.
 */
export function operationLabel(clientName: string | null | undefined, rootFields: readonly string[], schemaRootFields: ReadonlySet<string>): string {
  const known = rootFields.filter((f) => schemaRootFields.has(f) || f.startsWith('__'));
  if (clientName && schemaRootFields.has(clientName) && known.includes(clientName)) return clientName;
  if (known.length === 0 || known.length > MAX_LABELLED_FIELDS || known.length !== rootFields.length) return OTHER;
  return known.join(',');
}

const CODE = /^[A-Z][A-Z0-9_]{1,47}$/;

/** `ok`, or the first error's code (upper-case codes only: anything else is `OTHER`). */
export function outcomeOf(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): string {
  if (!errors || errors.length === 0) return 'ok';
  const code = errors[0].extensions?.code;
  return typeof code === 'string' && CODE.test(code) ? code : 'OTHER';
}

const ROUTES = ['/graphql', '/healthz', '/readyz', '/metrics', '/export/persons.csv', '/export/households.csv', '/'];
const PREFIXES = ['/graphiql', '/dashboard'];

/** The hub route a path belongs to, or `other` (a 404, a scanner's probe). */
export function routeOf(path: string): string {
  if (ROUTES.includes(path)) return path;
  return PREFIXES.find((p) => path === p || path.startsWith(`${p}/`)) ?? OTHER;
}

const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

export function methodOf(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'OTHER';
}

/**
 * The path as logged: the hub's own paths (and its pages' asset files) as they are; any other
 * path is the client's text, which may hold anything, so only its route (`other`) is logged.
 */
export function loggedPath(path: string): string {
  const route = routeOf(path);
  if (route === OTHER) return `(${OTHER})`;
  return path.length <= 200 && /^[A-Za-z0-9._/-]+$/.test(path) ? path : route;
}
