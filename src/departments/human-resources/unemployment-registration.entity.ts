import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, districtColumn, idNumberColumn, keyColumn, nameColumn, nullableDateColumn } from '../../common/columns';

@ObjectType({ description: 'An unemployment registration (失业登记) held by human resources.' })
@Entity('hr_unemployment_registration')
export class UnemploymentRegistration {
  @Field()
  @PrimaryColumn(keyColumn)
  registrationNumber!: string;

  @Field()
  @Index()
  @Column(idNumberColumn)
  idNumber!: string;

  @Field({ description: 'The name as human resources records it.' })
  @Column(nameColumn)
  name!: string;

  @Field({ description: 'District code where the registration was made.' })
  @Column(districtColumn)
  district!: string;

  @Field(() => LocalDateResolver)
  @Column(dateColumn)
  startDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'End (exclusive); null while registered.' })
  @Column(nullableDateColumn)
  endDate!: string | null;
}
