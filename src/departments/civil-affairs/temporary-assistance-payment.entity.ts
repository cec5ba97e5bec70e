import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, idNumberColumn, keyColumn } from '../../common/columns';
import { moneyColumn } from '../../common/money';
import { PaymentKind } from './civil-affairs.enums';

@ObjectType({ description: 'A temporary-assistance payment to a person.' })
@Entity('ca_temporary_assistance_payment')
export class TemporaryAssistancePayment {
  @Field()
  @PrimaryColumn(keyColumn)
  paymentNumber!: string;

  @Field()
  @Index()
  @Column(idNumberColumn)
  idNumber!: string;

  @Field(() => LocalDateResolver)
  @Column(dateColumn)
  paidOn!: string;

  @Field(() => Float, { description: 'Yuan.' })
  @Column(moneyColumn)
  amount!: number;

  @Field(() => PaymentKind)
  @Column({ type: 'varchar', length: 16 })
  kind!: PaymentKind;
}
