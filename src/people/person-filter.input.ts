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

  @Field(() => String, {
    nullable: true,
    description: 'A rule id, with notEnrolled: true: eligible under the rule and not enrolled in its program, per the newest completed evaluation pass for `asOf` (the coverage gap).',
  })
  eligibleFor?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: eligible and not enrolled (for eligibleFor\'s rule, or any rule), per the newest completed evaluation pass for `asOf`; NOT_EVALUATED without one.',
  })
  notEnrolled?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A rule id: enrolled in the rule\'s program and its decision not ELIGIBLE (a review is due), per the newest completed evaluation pass for `asOf`; NOT_EVALUATED without one. Not with eligibleFor or notEnrolled.',
  })
  enrolledNotEligibleFor?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Date for enrollment and certificate validity, and of the evaluation pass gap filters read; today by default.' })
  asOf?: string | null;
}
