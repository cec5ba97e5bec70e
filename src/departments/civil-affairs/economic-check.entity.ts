import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, keyColumn } from '../../common/columns';
import { moneyColumn } from '../../common/money';
import { VehicleHolding } from './civil-affairs.enums';

/** A household economic status check (家庭经济状况核对): the property figures the rules test. */
@ObjectType({ description: 'A household economic status check and the property it found.' })
@Entity('ca_economic_check')
export class EconomicCheck {
  @Field()
  @PrimaryColumn(keyColumn)
  householdNumber!: string;

  @Field(() => LocalDateResolver)
  @PrimaryColumn(dateColumn)
  checkedOn!: string;

  @Field(() => Float, { description: 'Money assets (cash, deposits, securities), yuan.' })
  @Column(moneyColumn)
  moneyAssets!: number;

  @Field(() => Float, { description: 'Assessed value of property other than the one residence, yuan.' })
  @Column(moneyColumn)
  otherPropertyValue!: number;

  @Field(() => VehicleHolding)
  @Column({ type: 'varchar', length: 24 })
  vehicle!: VehicleHolding;

  @Field(() => Int, { description: 'Number of homes owned.' })
  @Column({ type: 'int' })
  homes!: number;

  @Field({ description: 'Owns non-residential property (shops, offices, factories).' })
  @Column({ type: 'boolean' })
  nonResidentialProperty!: boolean;

  @Field({ description: 'Income judged stable by the check; unstable income shortens the review interval.' })
  @Column({ type: 'boolean' })
  incomeStable!: boolean;
}
