import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { HubContext } from '../../context/hub-context';
import { hubToday } from '../../common/clock';
import type { PersonalFields, PersonalKind, RecordSpace } from './personal-fields';
import type { Pseudonyms } from './pseudonyms';

/** Names analysts receive in place of a person's name. */
export const WITHHELD_NAME = '***';
const WITHHELD_TEXT = 'withheld: analysts receive outcomes, not explanations';

export class UnclassifiedFieldsError extends Error {}

/** Every object field of the schema, as `Type.field`, introspection and root types aside. */
export function schemaFields(schema: GraphQLSchema): string[] {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t?.name));
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
    .flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : []));
}

function withheld(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  if (typeof value === 'string') return WITHHELD_TEXT;
  return value == null ? value : {};
}

/** What an analyst receives of a value of this kind. */
function forAnalyst(kind: PersonalKind, value: unknown, pseudonyms: Pseudonyms, source: any, args: any): unknown {
  if (value == null) return value;
  if (kind === 'id-number' || kind === 'person-ref') return pseudonyms.of('person', String(value));
  if (kind === 'name') return WITHHELD_NAME;
  if (kind === 'birth-date') return `${String(value).slice(0, 4)}-01-01`;
  if (kind === 'age') return Number(String(args.asOf ?? hubToday()).slice(0, 4)) - Number(String(source.birthDate).slice(0, 4));
  if (kind === 'derived') return withheld(value);
  if (kind.startsWith('record-number:')) return pseudonyms.of(kind.slice('record-number:'.length) as RecordSpace, String(value));
  return value;
}

/** A district officer sees another person's ID number only when that person is theirs to see. */
async function forDistrict(value: unknown, ctx: HubContext): Promise<unknown> {
  if (value == null) return value;
  const person = await ctx.loaders.civilAffairs.person.load(String(value));
  return person && ctx.scope.covers(person) ? value : null;
}

const SHOWN_AS_IS: PersonalKind[] = ['none', 'plain'];

/**
 * Puts each field's kind into force on the built schema: the resolvers of fields that carry
 * personal data are wrapped once, at start, and callers who see a field as it is pay nothing for
 * the wrapper beyond one check. Throws when any field is not classified.
 */
export function applyPrivacy(schema: GraphQLSchema, fields: PersonalFields, pseudonyms: Pseudonyms): void {
  const missing = schemaFields(schema).filter((f) => !(f in fields));
  if (missing.length) {
    throw new UnclassifiedFieldsError(`fields without a personal-data kind (declare one in the domain's *.personal-fields.ts): ${missing.join(', ')}`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const kind = fields[`${type.name}.${field.name}`];
      if (kind == null || SHOWN_AS_IS.includes(kind)) continue;
      const resolve: GraphQLFieldResolver<unknown, HubContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const analyst = ctx.scope.masked;
        const district = kind === 'person-ref' && !ctx.scope.unrestricted;
        const value = resolve(source, args, ctx, info);
        if (!analyst && !district) return value;
        const transform = (v: unknown) => (analyst ? forAnalyst(kind, v, pseudonyms, source, args) : forDistrict(v, ctx));
        return value instanceof Promise ? value.then(transform) : transform(value);
      };
    }
  }
}
