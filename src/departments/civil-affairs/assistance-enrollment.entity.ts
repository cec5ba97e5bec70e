import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, keyColumn, nullableDateColumn } from '../../common/columns';
import { moneyColumn } from '../../common/money';
import { AssistanceUnit, Program } from './civil-affairs.enums';

/** An enrollment in an assistance program, of a whole household or of one person. */
@ObjectType({ description: 'An enrollment in an assistance program.' })
@Entity('ca_assistance_enrollment')
export class AssistanceEnrollment {
  @Field()
  @PrimaryColumn(keyColumn)
  enrollmentNumber!: string;

  @Field(() => Program)
  @Column({ type: 'varchar', length: 24 })
  program!: Program;

  @Field(() => AssistanceUnit)
  @Column({ type: 'varchar', length: 16 })
  unit!: AssistanceUnit;

  @Field(() => String, { nullable: true, description: 'The enrolled household (unit HOUSEHOLD).' })
  @Index()
  @Column({ ...keyColumn, nullable: true })
  householdNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'The enrolled person (unit SINGLE_PERSON).' })
  @Index()
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumber!: string | null;

  @Field(() => LocalDateResolver)
  @Column(dateColumn)
  startDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'End (exclusive); null while it lasts.' })
  @Column(nullableDateColumn)
  endDate!: string | null;

  @Field(() => Float, { description: 'Yuan per month.' })
  @Column(moneyColumn)
  monthlyAmount!: number;
}
