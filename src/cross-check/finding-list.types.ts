import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection';
import { Person } from '../departments/civil-affairs/person.entity';
import type { SubjectLens } from '../eligibility/redaction';
import { CrossCheckFinding } from './cross-check.types';
import type { Finding } from './findings';

@ObjectType({ description: 'One finding about one person, as the `findings` list gives it.' })
export class FindingItem {
  @Field(() => Person, { description: 'Whom the finding is about: always a person in the caller\'s scope.' })
  person!: Person;

  @Field(() => CrossCheckFinding)
  finding!: CrossCheckFinding;
}

@ObjectType('FindingEdge')
export class FindingEdge {
  @Field()
  cursor!: string;

  @Field(() => FindingItem)
  node!: FindingItem;
}

@ObjectType('FindingConnection', {
  description:
    'A page of findings, ordered by the person\'s ID number, then code (in the order FindingCode lists them), then recordKey. Findings are computed on `asOf` as the page is read, never stored.',
})
export class FindingConnection {
  @Field(() => [FindingEdge])
  edges!: FindingEdge[];

  @Field(() => PageInfo, {
    description:
      'A page may hold fewer findings than asked for (even none) while hasNextPage is true: the scan of persons stopped at its budget. Follow endCursor, which then marks the last person scanned.',
  })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    nullable: true,
    description:
      'All findings matching, on every page. Computed only when selected, and only when at most a set number of persons are in the list (see docs/findings.md); null otherwise. districtStats counts findings by code for the whole city.',
  })
  totalCount!: number | null;
}

/** What a finding, stored or live, carries before it is cut to a reader. */
export type FindingContent = Pick<Finding, 'code' | 'clause' | 'recordKey' | 'evidence' | 'values'>;

/**
 * A finding as one reader may see it: whole when every subject its evidence names is in the
 * reader's scope (a null lens: an unrestricted reader) and nothing in it names a person the
 * reader may not see; otherwise withheld, keeping only its code and clause. The recordKey goes
 * too: for the dibao findings it is the household's number. Shared by live findings and
 * notifications, so that both withhold exactly the same.
 */
export function seenFinding(f: FindingContent, lens: SubjectLens | null): CrossCheckFinding {
  const visible = lens == null || (f.evidence.every((e) => lens.seesAll(e.subjects)) && !lens.mentionsHidden([f.recordKey, f.evidence, f.values]));
  return {
    code: f.code,
    clause: f.clause,
    recordKey: visible ? f.recordKey : '',
    evidence: visible ? f.evidence : [],
    values: visible ? f.values : {},
    withheld: !visible,
  };
}
