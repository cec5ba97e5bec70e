import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One operation on personal records: who, what, why and when. Rows are only ever inserted; no
 * code path of the hub updates or deletes them.
 */
@ObjectType({ description: 'An operation that read or wrote personal records.' })
@Entity('audit_entry')
export class AuditEntry {
  /**
   * Milliseconds since 1970 in hex, then random hex: ids sort by time and several hub instances
   * never collide, without an auto-increment counter that a distributed database serialises on.
   */
  @Field(() => ID, { description: 'Sorts by time.' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Field(() => DateTimeISOResolver, { description: 'When, in UTC.' })
  @Index()
  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Field({ description: 'The token subject.' })
  @Index()
  @Column({ type: 'varchar', length: 128 })
  sub!: string;

  @Field()
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 6, nullable: true })
  district!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  dept!: string | null;

  @Field({ description: 'Operation name as the client sent it, or "anonymous".' })
  @Column({ type: 'varchar', length: 128 })
  operation!: string;

  @Field({ description: 'The root fields of the operation, comma-separated.' })
  @Column({ type: 'varchar', length: 255 })
  fields!: string;

  @Field(() => String, { nullable: true, description: 'The X-Purpose header.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  purpose!: string | null;

  @Field(() => Int, { description: 'Persons touched.' })
  @Column({ type: 'int' })
  personCount!: number;
}

/** The persons an audit entry touched, so that "who looked at this person" is one indexed query. */
@Entity('audit_entry_person')
export class AuditEntryPerson {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  entryId!: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 18 })
  idNumber!: string;

  /** read, derived or refused (see AuditUsage). */
  @Column({ type: 'varchar', length: 8 })
  usage!: string;
}
