import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, districtColumn, idNumberColumn, nameColumn, nullableDateColumn } from '../../common/columns';
import { Sex, SupporterStatus } from './civil-affairs.enums';

/** A resident as civil affairs records them; the hub's Person type adds the other departments. */
@ObjectType('Person', { description: 'A resident, joined across departments on the ID number.' })
@Entity('ca_person')
export class Person {
  @Field({ description: '18-character resident ID number (GB 11643).' })
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Field()
  @Column(nameColumn)
  name!: string;

  @Field(() => Sex, { description: 'From the ID number.' })
  @Column({ type: 'varchar', length: 6 })
  sex!: Sex;

  @Field(() => LocalDateResolver, { description: 'From the ID number.' })
  @Column(dateColumn)
  birthDate!: string;

  @Field({ description: 'District code of the household registration (户籍地).' })
  @Index()
  @Column(districtColumn)
  registeredDistrict!: string;

  @Field(() => String, { nullable: true, description: 'District code where the person lives (居住地), when known.' })
  @Index()
  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Tianjin residence permit (居住证) valid from.' })
  @Column(nullableDateColumn)
  residencePermitValidFrom!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Tianjin residence permit valid until (exclusive).' })
  @Column(nullableDateColumn)
  residencePermitValidUntil!: string | null;

  @Field(() => String, { nullable: true })
  @Index()
  @Column({ ...idNumberColumn, nullable: true })
  fatherIdNumber!: string | null;

  @Field(() => String, { nullable: true })
  @Index()
  @Column({ ...idNumberColumn, nullable: true })
  motherIdNumber!: string | null;

  @Field(() => SupporterStatus, { nullable: true, description: 'Null when civil affairs has not recorded it.' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  supporterStatus!: SupporterStatus | null;
}
