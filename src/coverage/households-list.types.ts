import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { Household } from '../departments/civil-affairs/household.entity';

@InputType({
  description: 'Filters for `households`: households with a member in the coverage gap (notEnrolled: true) or enrolled and no longer eligible (enrolledNotEligibleFor); all given filters must hold.',
})
export class HouseholdGapFilter {
  @Field(() => String, { nullable: true, description: 'A rule id: a member is eligible under it and not enrolled in its program (with notEnrolled: true).' })
  eligibleFor?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: a member is eligible and not enrolled (for eligibleFor\'s rule, or any rule), per the newest completed evaluation pass for asOf.',
  })
  notEnrolled?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A rule id: a member is enrolled in the rule\'s program and its decision is not ELIGIBLE (a review is due), per the newest completed evaluation pass for asOf. Not with eligibleFor or notEnrolled.',
  })
  enrolledNotEligibleFor?: string | null;

  @Field(() => String, { nullable: true, description: 'District code: the household registered there or living there.' })
  district?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The date of the evaluation pass read; today by default.' })
  asOf?: string | null;
}

@ArgsType()
export class HouseholdsArgs {
  @Field(() => HouseholdGapFilter)
  filter!: HouseholdGapFilter;

  @Field(() => Int, { nullable: true, description: 'Page size; 20 by default.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

@ObjectType('HouseholdConnection', { description: 'A page of households, ordered by household number.' })
export class HouseholdConnection extends ConnectionType('Household', Household) {}
