import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { dateColumn, idNumberColumn, nullableDateColumn } from '../../common/columns';
import { SituationKind } from './civil-affairs.enums';

/** A situation that bears on supporting others: deceased, missing, imprisoned, in rehabilitation, out of contact. */
@ObjectType({ description: 'A recorded situation of a person, with its dates.' })
@Entity('ca_person_situation')
export class PersonSituation {
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Field(() => SituationKind)
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: SituationKind;

  @Field(() => LocalDateResolver)
  @PrimaryColumn(dateColumn)
  since!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the situation ended (exclusive); null while it lasts.' })
  @Column(nullableDateColumn)
  until!: string | null;
}
