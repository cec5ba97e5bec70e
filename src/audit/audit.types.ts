import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { AuditEntry } from './audit-entry.entity';

@InputType({ description: 'All given filters must hold.' })
export class AuditFilter {
  @Field(() => String, { nullable: true })
  sub?: string | null;

  @Field(() => String, { nullable: true })
  role?: string | null;

  @Field(() => String, { nullable: true })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'Entries that touched this person.' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'With idNumber: only entries where the person figured this way (read, derived, refused).' })
  usage?: string | null;

  @Field(() => String, { nullable: true, description: 'A root field, e.g. "persons".' })
  field?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Exclusive.' })
  to?: Date | null;
}

@ObjectType({ description: 'A person an audit entry concerns, and how.' })
export class AuditedPerson {
  @Field()
  idNumber!: string;

  @Field({
    description:
      '"read": the answer carried their records; "derived": their records only fed a derived answer (a decision about someone else); "refused": a write was refused because of their existing records, which tells the caller they exist.',
  })
  usage!: string;
}

@ObjectType('AuditEntryConnection', { description: 'Audit entries, newest first.' })
export class AuditEntryConnection extends ConnectionType('AuditEntry', AuditEntry) {}
