import { NoValueInForceError, type ParameterStore } from '../policy/parameter-store';
import { ParameterReader } from '../policy/parameter-reader';
import type { HubContext } from '../server/context';
import { hubToday } from '../shared/clock';
import { ErrorCode, userError } from '../shared/errors';
import type { LocalDate } from '../shared/local-date';
import type { Rule } from './condition';
import { decide, type RuleInput } from './engine';
import type { EligibilityDecision } from './eligibility.types';
import { EligibilityRule } from './eligibility.types';
import { householdReview, tekunReview, type ReviewSchedule } from './review-cadence';
import { HOUSEHOLD_RULES, RULES } from './rules';

function asUserError(error: unknown): never {
  if (error instanceof NoValueInForceError) {
    throw userError(ErrorCode.NO_PARAMETER_IN_FORCE, error.message, { parameter: error.parameter, asOf: error.asOf });
  }
  throw error;
}

/** Eligibility on demand: facts from the request's loaders, decisions from the pure rules. */
export class EligibilityService {
  constructor(private readonly store: ParameterStore) {}

  rules(): EligibilityRule[] {
    return RULES.map((r) =>
      Object.assign(new EligibilityRule(), {
        id: r.id,
        title: r.title,
        program: r.program,
        clause: r.clause,
        unit: r.unit,
        subject: r.subject,
        conditionCodes: [...r.conditionCodes],
        parameters: [...r.parameters],
      }),
    );
  }

  private select(ruleIds: string[] | null | undefined): { rules: readonly Rule[]; explicit: boolean } {
    if (ruleIds == null) return { rules: RULES, explicit: false };
    const unknown = ruleIds.filter((id) => !RULES.some((r) => r.id === id));
    if (unknown.length) {
      throw userError(ErrorCode.UNKNOWN_RULE, `unknown rule id(s): ${unknown.join(', ')}; known: ${RULES.map((r) => r.id).join(', ')}`, {
        field: 'ruleIds',
      });
    }
    return { rules: RULES.filter((r) => ruleIds.includes(r.id)), explicit: true };
  }

  /**
   * Rules asked for by id must be decidable on `asOf`; when all rules are asked for, a rule whose
   * parameters were not yet in force on that date (it did not exist then) is left out.
   */
  private decideAll(rules: readonly Rule[], input: RuleInput, asOf: LocalDate, explicit: boolean): EligibilityDecision[] {
    return rules.flatMap((rule) => {
      try {
        return [decide(rule, input, this.store, asOf)];
      } catch (error) {
        if (error instanceof NoValueInForceError && !explicit) return [];
        return asUserError(error);
      }
    });
  }

  async personDecisions(ctx: HubContext, idNumber: string, asOf?: LocalDate | null, ruleIds?: string[] | null): Promise<EligibilityDecision[]> {
    const { rules, explicit } = this.select(ruleIds);
    const date = asOf ?? hubToday();
    const facts = await ctx.loaders.eligibility.subjectFacts.load(idNumber);
    return this.decideAll(rules, { kind: 'person', facts: { ...facts, asOf: date } }, date, explicit);
  }

  async householdDecisions(ctx: HubContext, householdNumber: string, asOf?: LocalDate | null): Promise<EligibilityDecision[]> {
    const date = asOf ?? hubToday();
    const household = await ctx.loaders.eligibility.householdFacts.load(householdNumber);
    return this.decideAll(HOUSEHOLD_RULES, { kind: 'household', household }, date, false);
  }

  async householdReview(ctx: HubContext, householdNumber: string, asOf?: LocalDate | null): Promise<ReviewSchedule | null> {
    const date = asOf ?? hubToday();
    const household = await ctx.loaders.eligibility.householdFacts.load(householdNumber);
    try {
      return householdReview(household, date, new ParameterReader(this.store, date));
    } catch (error) {
      return asUserError(error);
    }
  }

  /** A 特困 person's own review date (clause 5); null for anyone not enrolled in 特困 support. */
  async personReview(ctx: HubContext, idNumber: string, asOf?: LocalDate | null): Promise<ReviewSchedule | null> {
    const date = asOf ?? hubToday();
    const facts = await ctx.loaders.eligibility.subjectFacts.load(idNumber);
    try {
      return tekunReview(facts.person, facts.household, date, new ParameterReader(this.store, date));
    } catch (error) {
      return asUserError(error);
    }
  }
}
