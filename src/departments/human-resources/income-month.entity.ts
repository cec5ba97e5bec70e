import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { idNumberColumn } from '../../common/columns';
import { moneyColumn } from '../../common/money';

/** Income human resources saw for a person in one calendar month (wages, benefits paid through it). */
@ObjectType({ description: 'Income recorded by human resources for one calendar month.' })
@Entity('hr_income_month')
export class IncomeMonth {
  @Field()
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Field({ description: 'YYYY-MM.' })
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Field(() => Float, { description: 'Yuan; a month counts as a month with income only when above 0.' })
  @Column(moneyColumn)
  amount!: number;
}
