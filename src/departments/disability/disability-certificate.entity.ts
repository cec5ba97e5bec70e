import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, idNumberColumn, nameColumn, nullableDateColumn } from '../../common/columns';
import { CATEGORY_DIGITS_DESCRIPTION, categoryOfDigit, DisabilityCategory } from './disability.enums';

/** A disability certificate (残疾人证): number = ID number + category digit + grade digit. */
@ObjectType({ description: 'A disability certificate issued by the disabled persons\' federation.' })
@Entity('dis_certificate')
export class DisabilityCertificate {
  @Field({ description: '20 characters: ID number, category digit, grade digit.' })
  @PrimaryColumn({ type: 'varchar', length: 20 })
  certificateNumber!: string;

  @Field()
  @Index()
  @Column(idNumberColumn)
  idNumber!: string;

  @Field({ description: 'The name as the federation records it.' })
  @Column(nameColumn)
  name!: string;

  @Field(() => Int, { description: CATEGORY_DIGITS_DESCRIPTION })
  @Column({ type: 'int' })
  category!: number;

  @Field(() => Int, { description: '1 (most severe) to 4.' })
  @Index()
  @Column({ type: 'int' })
  grade!: number;

  @Field(() => LocalDateResolver)
  @Column(dateColumn)
  issuedOn!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'End of validity (exclusive); null for no end.' })
  @Column(nullableDateColumn)
  validUntil!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Not valid from this date on.' })
  @Column(nullableDateColumn)
  revokedOn!: string | null;

  @Field(() => DisabilityCategory)
  get categoryName(): DisabilityCategory {
    return categoryOfDigit(this.category);
  }
}
