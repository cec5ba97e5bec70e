import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { districtColumn, keyColumn } from '../../common/columns';

@ObjectType('Household', { description: 'A household (户) as civil affairs records it.' })
@Entity('ca_household')
export class Household {
  @Field()
  @PrimaryColumn(keyColumn)
  householdNumber!: string;

  @Field({ description: 'District code of the household registration.' })
  @Index()
  @Column(districtColumn)
  registeredDistrict!: string;

  @Field(() => String, { nullable: true, description: 'District code where the household lives, when known.' })
  @Index()
  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;
}
