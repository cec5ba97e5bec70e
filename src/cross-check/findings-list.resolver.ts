import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context/hub-context';
import type { Services } from '../context/services';
import { Person } from '../departments/civil-affairs/person.entity';
import { CrossCheckFinding } from './cross-check.types';
import { FindingCode } from './finding-code';
import { FindingConnection } from './finding-list.types';
import type { FindingsListService } from './findings-list.service';

/**
 * Who may read findings: the city bureau and district officers (persons of their district).
 * Not analysts: like a decision, a finding is derived data about one person (a birthday flips the
 * working-age test; the names compared are in it). Not departments: they ask through crossCheck.
 */
export const FINDING_READERS = ['admin', 'district'];


@ArgsType()
class FindingsArgs {
  @Field(() => String, { nullable: true, description: 'A district code: its persons, registered or living there. Admins: omit for the whole city; district officers: their own (the default).' })
  districtCode?: string | null;

  @Field(() => FindingCode, { nullable: true, description: 'Only findings of this code; all codes by default.' })
  code?: FindingCode | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The date the findings are computed on; today by default.' })
  asOf?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size; 20 by default.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page (or the cursor of any edge).' })
  after?: string | null;
}

/** Whether the field's selection asks for `name`, through fragments, minding @skip and @include. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const included = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (!included(s)) return false;
      if (s.kind === Kind.FIELD) return s.name.value === name;
      if (s.kind === Kind.INLINE_FRAGMENT) return inSet(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return inSet(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}

@Resolver(() => Person)
export class PersonFindingsResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...FINDING_READERS)
  @FieldResolver(() => [CrossCheckFinding], {
    description:
      "Cross-check findings about the person on `asOf` (clauses 1.3 and 6, docs/findings.md); a finding resting on records outside the caller's district is `withheld`.",
  })
  crossCheckFindings(@Root() person: Person, @Ctx() ctx: HubContext, @Arg('asOf', () => LocalDateResolver, { nullable: true, description: 'Today by default.' }) asOf?: string) {
    return this.services.findingsList.personFindings(ctx, person, asOf);
  }
}

@Resolver()
export class FindingsListResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...FINDING_READERS)
  @Query(() => FindingConnection, {
    description:
      "Findings about the persons of a district (or, for admins, the city), computed on `asOf`, a page at a time. Findings resting on records outside the caller's district are `withheld`.",
  })
  findings(@Ctx() ctx: HubContext, @Args(() => FindingsArgs) args: FindingsArgs, @Info() info: GraphQLResolveInfo) {
    return this.services.findingsList.list(ctx, args, selectsField(info, 'totalCount'));
  }
}
