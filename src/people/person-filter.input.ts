import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { Program } from '../departments/civil-affairs/civil-affairs.enums';

@InputType({ description: 'Filters for `persons`; all given filters must hold.' })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: 'District code: registered there or living there.' })
  district?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Lives in a district other than the registered one (人户分离).' })
  livesAwayFromRegistration?: boolean | null;

  @Field(() => Program, { nullable: true, description: 'Has a valid enrollment, own or household\'s, on `asOf`.' })
  enrolledProgram?: Program | null;

  @Field(() => Int, { nullable: true, description: 'Holds a disability certificate of this grade valid on `asOf`.' })
  disabilityGrade?: number | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Date for enrollment and certificate validity; today by default.' })
  asOf?: string | null;
}
