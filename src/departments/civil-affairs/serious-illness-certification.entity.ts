import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, idNumberColumn, keyColumn, nullableDateColumn } from '../../common/columns';

/** A serious-illness certification (重病) of the categorical-assistance scheme, by deduction tier. */
@ObjectType({ description: 'A serious-illness certification; the tier is the yuan deducted from household income.' })
@Entity('ca_serious_illness_certification')
export class SeriousIllnessCertification {
  @Field()
  @PrimaryColumn(keyColumn)
  certificationNumber!: string;

  @Field()
  @Index()
  @Column(idNumberColumn)
  idNumber!: string;

  @Field(() => Int, { description: '500, 1000 or 1500.' })
  @Column({ type: 'int' })
  tier!: number;

  @Field(() => LocalDateResolver)
  @Column(dateColumn)
  validFrom!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'End of validity (exclusive).' })
  @Column(nullableDateColumn)
  validUntil!: string | null;
}
