import { Field, InputType } from 'type-graphql';
import { Holds } from '../../ingestion/record-rules';
import { RecordErrorCode } from '../../ingestion/record-error-code';
import { DateField, DistrictField, EndDateField, IdNumberField, MoneyField, NameField, RecordKeyField } from '../../ingestion/record-fields';

@InputType({ description: 'An unemployment registration (失业登记). Dates are YYYY-MM-DD; ends are exclusive.' })
export class UnemploymentRegistrationInput {
  @RecordKeyField()
  registrationNumber!: string;

  @IdNumberField()
  idNumber!: string;

  @NameField()
  name!: string;

  @DistrictField({ description: 'District code where the person registered.' })
  district!: string;

  @DateField()
  startDate!: string;

  @EndDateField('startDate')
  endDate?: string | null;
}

@InputType({ description: 'An unemployment-insurance enrollment, keyed by person and start date.' })
export class InsuranceEnrollmentInput {
  @IdNumberField()
  idNumber!: string;

  @NameField()
  name!: string;

  @DateField()
  startDate!: string;

  @EndDateField('startDate')
  endDate?: string | null;

  @Field({ description: 'Drawing unemployment-insurance benefit.' })
  drawingBenefit!: boolean;
}

@InputType({ description: 'Income seen for a person in one calendar month; send 0 to record a month without income.' })
export class IncomeMonthInput {
  @IdNumberField()
  idNumber!: string;

  @Field({ description: 'YYYY-MM.' })
  @Holds(RecordErrorCode.INVALID_MONTH, (r) =>
    typeof r.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(r.month) && r.month >= '1950-01'
      ? null
      : `${String(r.month)} is not a month written YYYY-MM`,
  )
  month!: string;

  @MoneyField('Yuan.')
  amount!: number;
}

@InputType({ description: 'Human-resources records; all lists count toward the batch limit.' })
export class HumanResourcesBatch {
  @Field(() => [UnemploymentRegistrationInput], { nullable: true })
  unemploymentRegistrations?: UnemploymentRegistrationInput[];

  @Field(() => [InsuranceEnrollmentInput], { nullable: true })
  insuranceEnrollments?: InsuranceEnrollmentInput[];

  @Field(() => [IncomeMonthInput], { nullable: true })
  incomeMonths?: IncomeMonthInput[];
}
