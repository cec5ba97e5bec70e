import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RecordErrorCode } from '../ingestion/record-error-code';
import { FindingCode } from './finding-code';

/** What the hub could say about one ID number of a `crossCheck` list (docs/findings.md, "crossCheck"). */
export const CrossCheckStatus = {
  FOUND: 'FOUND',
  UNKNOWN: 'UNKNOWN',
  // The same code, and the same check, as an ingested record with a bad ID number.
  INVALID_ID_NUMBER: RecordErrorCode.INVALID_ID_NUMBER,
} as const;
export type CrossCheckStatus = (typeof CrossCheckStatus)[keyof typeof CrossCheckStatus];

registerEnumType(CrossCheckStatus, {
  name: 'CrossCheckStatus',
  description: 'What the hub could say about one ID number of a cross-check list.',
  valuesConfig: {
    FOUND: { description: 'A department whose data the caller receives holds records under this ID number: the status fields are answered.' },
    UNKNOWN: { description: 'No department whose data the caller receives holds anything under this ID number.' },
    INVALID_ID_NUMBER: { description: 'Not a valid resident ID number (GB 11643): `message` says why. Nothing was looked up.' },
  },
});

const NOT_GRANTED = 'Null unless the status is FOUND and the caller receives this department\'s data (docs/findings.md, "crossCheck").';

/**
 * One answer of `crossCheck`: a compact status of one person on `asOf`, cut to what the caller's
 * purpose needs. Never a name, an explanation or anyone else's data.
 */
@ObjectType({ description: 'The compact status of one ID number of a cross-check list, on `asOf`. Fields the caller does not receive are null.' })
export class CrossCheckResult {
  @Field({ description: 'The ID number as given (results come in the order of the list, one per entry).' })
  idNumber!: string;

  @Field(() => CrossCheckStatus)
  status!: CrossCheckStatus;

  @Field(() => String, { nullable: true, description: 'Why the ID number is invalid; null otherwise.' })
  message!: string | null;

  @Field(() => Boolean, { nullable: true, description: `Human resources: an unemployment registration valid on asOf. ${NOT_GRANTED}` })
  registeredUnemployed!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: `Human resources: an unemployment-insurance enrollment valid on asOf. ${NOT_GRANTED}` })
  insured!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: `Human resources: an unemployment-insurance enrollment valid on asOf that draws benefit (领取失业保险金). ${NOT_GRANTED}`,
  })
  drawingBenefit!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: `Civil affairs: a DIBAO enrollment valid on asOf, the person's own or their household's. ${NOT_GRANTED}` })
  dibao!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: `Civil affairs: a LOW_INCOME enrollment valid on asOf, own or household (low income is granted to households). ${NOT_GRANTED}` })
  lowIncome!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: `Civil affairs: a TEKUN (特困) enrollment valid on asOf, own or household (特困 support is granted to single persons). ${NOT_GRANTED}` })
  tekun!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: `Civil affairs: a temporary-assistance payment to the person in the 3 months up to asOf (after asOf − 3 months, on or before asOf). ${NOT_GRANTED}`,
  })
  temporaryAssistance!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: `Disability federation: a certificate of grade 1 or 2 valid on asOf. ${NOT_GRANTED}` })
  severeDisability!: boolean | null;

  @Field(() => [FindingCode], {
    nullable: true,
    description: `The cross-check findings about the person on asOf that the caller receives, each code once, in the order of the FindingCode enum. ${NOT_GRANTED}`,
  })
  findings!: FindingCode[] | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: `When civil affairs last sent records naming the person (written with the records by each batch); null when never sent. ${NOT_GRANTED}`,
  })
  civilAffairsReceivedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: `When human resources last sent records of the person; as civilAffairsReceivedAt. ${NOT_GRANTED}` })
  humanResourcesReceivedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: `When the disability federation last sent records of the person; as civilAffairsReceivedAt. ${NOT_GRANTED}` })
  disabilityReceivedAt!: Date | null;
}
