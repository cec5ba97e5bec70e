import { Field, Int, ObjectType } from 'type-graphql';
import type { RecordErrorCode } from './record-error-code';

/** Why one record of a batch was refused; the rest of the batch is unaffected. */
@ObjectType({ description: 'A refused record: where it stood in the batch, which field, and why.' })
export class IngestError {
  @Field({ description: 'The list of the batch the record came from, e.g. "persons".' })
  list!: string;

  @Field(() => Int, { description: 'Position of the record in that list, from 0.' })
  index!: number;

  @Field(() => String, { nullable: true, description: 'The record\'s natural key, when it has a readable one.' })
  key!: string | null;

  @Field({ description: 'Path of the offending field within the record, e.g. "members[1].idNumber".' })
  field!: string;

  @Field(() => String, { description: 'Stable code, e.g. INVALID_ID_NUMBER.' })
  code!: RecordErrorCode;

  @Field()
  message!: string;
}

@ObjectType({ description: 'Outcome of a batch: good records are stored, bad ones are listed.' })
export class IngestReport {
  @Field(() => Int, { description: 'Records stored (inserted, updated, or already identical).' })
  accepted!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [IngestError])
  errors!: IngestError[];
}
