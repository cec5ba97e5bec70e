import { ArrayMaxSize, ArrayMinSize, IsOptional, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { Holds, IsDate, IsOneOf, IsWholeNumberBetween } from '../../ingestion/record-rules';
import { RecordErrorCode } from '../../ingestion/record-error-code';
import { DateField, DistrictField, EndDateField, IdNumberField, MoneyField, NameField, RecordKeyField } from '../../ingestion/record-fields';
import {
  AssistanceUnit,
  PaymentKind,
  Program,
  RelationToHead,
  SituationKind,
  SupporterStatus,
  VehicleHolding,
} from './civil-affairs.enums';

/*
 * Dates are strings here, not LocalDate: a malformed date must cost only its own record, and a
 * scalar would refuse the whole request before the batch could be sorted.
 */

@InputType({ description: 'A situation with its dates; the person\'s list is replaced as a whole.' })
export class SituationInput {
  @Field(() => SituationKind)
  kind!: SituationKind;

  @DateField()
  since!: string;

  @EndDateField('since')
  until?: string | null;
}

@InputType({ description: 'A person as civil affairs records them. Sex and birth date come from the ID number.' })
export class PersonInput {
  @IdNumberField()
  idNumber!: string;

  @NameField()
  name!: string;

  @DistrictField({ description: 'District code of the household registration.' })
  registeredDistrict!: string;

  @DistrictField({ optional: true })
  residenceDistrict?: string | null;

  @Field(() => String, { nullable: true, description: 'Residence permit valid from, YYYY-MM-DD.' })
  @IsOptional()
  @IsDate()
  residencePermitValidFrom?: string | null;

  @EndDateField('residencePermitValidFrom', 'Residence permit valid until (exclusive), YYYY-MM-DD.')
  @Holds(RecordErrorCode.INCOMPLETE_PERMIT, (r) => (r.residencePermitValidFrom ? null : 'a permit end needs its start'))
  residencePermitValidUntil?: string | null;

  @IdNumberField({ optional: true })
  @Holds(RecordErrorCode.SELF_REFERENCE, (r) => (r.fatherIdNumber === r.idNumber ? 'a person is not their own parent' : null))
  fatherIdNumber?: string | null;

  @IdNumberField({ optional: true })
  @Holds(RecordErrorCode.SELF_REFERENCE, (r) => (r.motherIdNumber === r.idNumber ? 'a person is not their own parent' : null))
  motherIdNumber?: string | null;

  @Field(() => SupporterStatus, { nullable: true, description: 'Omit when not assessed.' })
  supporterStatus?: SupporterStatus | null;

  @Field(() => [SituationInput], { nullable: true, description: 'Replaces the recorded situations; omit to keep them.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested()
  @Holds(RecordErrorCode.DUPLICATE_SITUATION, (r) => {
    const keys = ((r.situations as SituationInput[] | undefined) ?? []).map((s) => `${s.kind}@${s.since}`);
    return new Set(keys).size === keys.length ? null : 'the same situation is listed twice with the same start';
  })
  situations?: SituationInput[] | null;
}

@InputType()
export class HouseholdMemberInput {
  @IdNumberField()
  idNumber!: string;

  @Field(() => RelationToHead)
  relation!: RelationToHead;

  @MoneyField('Yuan per month.')
  monthlyIncome!: number;
}

@InputType({ description: 'A household with its complete member list (members not listed leave it).' })
export class HouseholdInput {
  @RecordKeyField()
  householdNumber!: string;

  @DistrictField()
  registeredDistrict!: string;

  @DistrictField({ optional: true })
  residenceDistrict?: string | null;

  @Field(() => [HouseholdMemberInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested()
  @Holds(RecordErrorCode.HOUSEHOLD_HEAD, (r) => {
    const heads = (r.members as HouseholdMemberInput[]).filter((m) => m.relation === RelationToHead.HEAD).length;
    return heads === 1 ? null : `a household has exactly one head; this one lists ${heads}`;
  })
  @Holds(RecordErrorCode.DUPLICATE_MEMBER, (r) => {
    const ids = (r.members as HouseholdMemberInput[]).map((m) => m.idNumber);
    return new Set(ids).size === ids.length ? null : 'the same person is listed twice';
  })
  members!: HouseholdMemberInput[];
}

@InputType({ description: 'A household economic status check (家庭经济状况核对).' })
export class EconomicCheckInput {
  @RecordKeyField()
  householdNumber!: string;

  @DateField()
  checkedOn!: string;

  @MoneyField()
  moneyAssets!: number;

  @MoneyField()
  otherPropertyValue!: number;

  @Field(() => VehicleHolding)
  vehicle!: VehicleHolding;

  @Field(() => Int)
  @IsWholeNumberBetween(0, 99)
  homes!: number;

  @Field()
  nonResidentialProperty!: boolean;

  @Field()
  incomeStable!: boolean;
}

@InputType({ description: 'An enrollment: unit HOUSEHOLD names householdNumber, SINGLE_PERSON names idNumber.' })
export class AssistanceEnrollmentInput {
  @RecordKeyField()
  enrollmentNumber!: string;

  @Field(() => Program)
  @Holds(RecordErrorCode.INVALID_PROGRAM, (r) =>
    r.program === Program.TEMPORARY_ASSISTANCE ? 'temporary assistance is sent as payments, not enrollments' : null,
  )
  program!: Program;

  @Field(() => AssistanceUnit)
  @Holds(RecordErrorCode.UNIT_MISMATCH, (r) => {
    if (r.program === Program.LOW_INCOME && r.unit !== AssistanceUnit.HOUSEHOLD) return 'low-income assistance is for households';
    const personal = r.program === Program.TEKUN || r.program === Program.UNSUPPORTED_CHILD;
    if (personal && r.unit !== AssistanceUnit.SINGLE_PERSON) return `${String(r.program)} is for single persons`;
    const household = r.unit === AssistanceUnit.HOUSEHOLD;
    if (household !== (r.householdNumber != null)) return 'householdNumber is given for unit HOUSEHOLD and only then';
    return household === (r.idNumber != null) ? 'idNumber is given for unit SINGLE_PERSON and only then' : null;
  })
  unit!: AssistanceUnit;

  @RecordKeyField({ optional: true })
  householdNumber?: string | null;

  @IdNumberField({ optional: true })
  idNumber?: string | null;

  @DateField()
  startDate!: string;

  @EndDateField('startDate')
  endDate?: string | null;

  @MoneyField('Yuan per month.')
  monthlyAmount!: number;
}

@InputType()
export class SeriousIllnessCertificationInput {
  @RecordKeyField()
  certificationNumber!: string;

  @IdNumberField()
  idNumber!: string;

  @Field(() => Int, { description: '500, 1000 or 1500.' })
  @IsOneOf([500, 1000, 1500])
  tier!: number;

  @DateField()
  validFrom!: string;

  @EndDateField('validFrom')
  validUntil?: string | null;
}

@InputType()
export class TemporaryAssistancePaymentInput {
  @RecordKeyField()
  paymentNumber!: string;

  @IdNumberField()
  idNumber!: string;

  @DateField()
  paidOn!: string;

  @MoneyField()
  amount!: number;

  @Field(() => PaymentKind)
  kind!: PaymentKind;
}

@InputType({ description: 'Civil-affairs records; every list is optional and all count toward the batch limit.' })
export class CivilAffairsBatch {
  @Field(() => [PersonInput], { nullable: true })
  persons?: PersonInput[];

  @Field(() => [HouseholdInput], { nullable: true })
  households?: HouseholdInput[];

  @Field(() => [EconomicCheckInput], { nullable: true })
  economicChecks?: EconomicCheckInput[];

  @Field(() => [AssistanceEnrollmentInput], { nullable: true })
  enrollments?: AssistanceEnrollmentInput[];

  @Field(() => [SeriousIllnessCertificationInput], { nullable: true })
  seriousIllnessCertifications?: SeriousIllnessCertificationInput[];

  @Field(() => [TemporaryAssistancePaymentInput], { nullable: true })
  temporaryAssistancePayments?: TemporaryAssistancePaymentInput[];
}
