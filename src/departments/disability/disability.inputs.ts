import { Field, InputType, Int } from 'type-graphql';
import { Holds, IsWholeNumberBetween } from '../../ingestion/record-rules';
import { RecordErrorCode } from '../../ingestion/record-error-code';
import { CATEGORY_DIGITS_DESCRIPTION } from './disability.enums';
import { DateField, EndDateField, IdNumberField, NameField } from '../../ingestion/record-fields';

@InputType({ description: 'A disability certificate. Dates are YYYY-MM-DD; validUntil is exclusive.' })
export class DisabilityCertificateInput {
  @Field({ description: '20 characters: the holder\'s ID number, the category digit and the grade digit.' })
  @Holds(RecordErrorCode.CERTIFICATE_MISMATCH, (r) => {
    const number = String(r.certificateNumber);
    if (!/^\d{17}[\dX]\d\d$/.test(number)) return `${number} is not 20 characters: ID number, category digit, grade digit`;
    if (number.slice(0, 18) !== r.idNumber) return `the number starts with ${number.slice(0, 18)}, not the ID number ${String(r.idNumber)}`;
    if (number[18] !== String(r.category)) return `the number's category digit is ${number[18]}, not ${String(r.category)}`;
    return number[19] === String(r.grade) ? null : `the number's grade digit is ${number[19]}, not ${String(r.grade)}`;
  })
  certificateNumber!: string;

  @IdNumberField()
  idNumber!: string;

  @NameField()
  name!: string;

  @Field(() => Int, { description: CATEGORY_DIGITS_DESCRIPTION })
  @IsWholeNumberBetween(1, 7)
  category!: number;

  @Field(() => Int, { description: '1 (most severe) to 4.' })
  @IsWholeNumberBetween(1, 4)
  grade!: number;

  @DateField()
  issuedOn!: string;

  @EndDateField('issuedOn')
  validUntil?: string | null;

  @EndDateField('issuedOn', 'YYYY-MM-DD: not valid from this day on; omit unless revoked.')
  revokedOn?: string | null;
}

@InputType()
export class DisabilityBatch {
  @Field(() => [DisabilityCertificateInput], { nullable: true })
  certificates?: DisabilityCertificateInput[];
}
