import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, idNumberColumn, nameColumn, nullableDateColumn } from '../../common/columns';

/** Unemployment-insurance enrollment; keyed by person and start, which is how human resources keys it. */
@ObjectType({ description: 'An unemployment-insurance enrollment (失业保险参保).' })
@Entity('hr_insurance_enrollment')
export class InsuranceEnrollment {
  @Field()
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Field(() => LocalDateResolver)
  @PrimaryColumn(dateColumn)
  startDate!: string;

  @Field({ description: 'The name as human resources records it.' })
  @Column(nameColumn)
  name!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'End (exclusive); null while insured.' })
  @Column(nullableDateColumn)
  endDate!: string | null;

  @Field({ description: 'Drawing unemployment-insurance benefit (领取失业保险金).' })
  @Column({ type: 'boolean' })
  drawingBenefit!: boolean;
}
