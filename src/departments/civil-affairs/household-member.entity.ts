import { Field, Float, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idNumberColumn, keyColumn } from '../../common/columns';
import { moneyColumn } from '../../common/money';
import { RelationToHead } from './civil-affairs.enums';

/**
 * A person's place in a household. Keyed by the ID number alone: a person belongs to one household
 * at a time, so listing them in another household moves them.
 */
@ObjectType({ description: 'A member of a household, with the monthly income recorded for them.' })
@Entity('ca_household_member')
export class HouseholdMember {
  @Field()
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Index()
  @Column(keyColumn)
  householdNumber!: string;

  @Field(() => RelationToHead)
  @Column({ type: 'varchar', length: 16 })
  relation!: RelationToHead;

  @Field(() => Float, { description: 'Yuan per month.' })
  @Column(moneyColumn)
  monthlyIncome!: number;
}
