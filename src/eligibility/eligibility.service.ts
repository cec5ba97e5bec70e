import { NoValueInForceError, type ParameterStore } from '../policy/parameter-store';
import { ParameterReader } from '../policy/parameter-reader';
import type { HubContext } from '../context/hub-context';
import { hubToday } from '../common/clock';
import { checkRequestDeadline } from '../db/statement-counter';
import { ErrorCode, userError } from '../common/errors';
import type { LocalDate } from '../common/local-date';
import type { Rule } from './condition';
import { decide, declaredParameters, type RuleInput } from './engine';
import type { EligibilityDecision } from './eligibility.types';
import { EligibilityRule, RuleCondition } from './eligibility.types';
import type { HouseholdFacts, PersonFacts } from './facts';
import type { GatheredFacts } from './facts-gatherer';
import type { Language } from './messages/language';
import { redactDecision, SubjectLens } from './redaction';
import { householdReview, tekunReview, type ReviewSchedule } from './review-cadence';
import { HOUSEHOLD_RULES, RULES } from './rules';

function asUserError(error: unknown): never {
  if (error instanceof NoValueInForceError) {
    throw userError(ErrorCode.NO_PARAMETER_IN_FORCE, error.message, { parameter: error.parameter, asOf: error.asOf });
  }
  throw error;
}

/** Every person whose records the facts hold: the subject, their parents and household members. */
function personsOf(facts: GatheredFacts): PersonFacts[] {
  return [facts.person, facts.father, facts.mother, ...(facts.household?.members.map((m) => m.person) ?? [])].filter((p): p is PersonFacts => p != null);
}

function membersOf(household: HouseholdFacts | null): PersonFacts[] {
  return household?.members.map((m) => m.person) ?? [];
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
        conditionCodes: r.conditions.map((c) => c.code),
        conditions: r.conditions.map((c) => Object.assign(new RuleCondition(), c)),
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
  private decideAll(rules: readonly Rule[], input: RuleInput, asOf: LocalDate, explicit: boolean, language: Language): EligibilityDecision[] {
    checkRequestDeadline();
    return rules.flatMap((rule) => {
      try {
        return [decide(rule, input, this.store, asOf, language)];
      } catch (error) {
        if (error instanceof NoValueInForceError && !explicit) return [];
        return asUserError(error);
      }
    });
  }

  /**
   * The rules decide with every fact; what the caller receives of each decision is then cut to
   * the persons and households in their scope (redaction.ts). Admins see everything.
   */
  private redactAll(ctx: HubContext, decisions: EligibilityDecision[], lens: () => SubjectLens, asOf: LocalDate, language: Language): EligibilityDecision[] {
    if (ctx.scope.unrestricted) return decisions;
    const seen = lens();
    return decisions.map((d) => {
      const rule = RULES.find((r) => r.id === d.ruleId) as Rule;
      return redactDecision(d, seen, () => declaredParameters(rule, this.store, asOf), language);
    });
  }

  /** Decisions explained in `language`, by default the request's (its `Accept-Language`). */
  async personDecisions(
    ctx: HubContext,
    idNumber: string,
    asOf?: LocalDate | null,
    ruleIds?: string[] | null,
    language?: Language | null,
  ): Promise<EligibilityDecision[]> {
    const { rules, explicit } = this.select(ruleIds);
    const date = asOf ?? hubToday();
    const lang = language ?? ctx.language;
    const facts = await ctx.loaders.eligibility.subjectFacts.load(idNumber);
    ctx.audit.derive(personsOf(facts).map((p) => p.idNumber));
    const decisions = this.decideAll(rules, { kind: 'person', facts: { ...facts, asOf: date } }, date, explicit, lang);
    return this.redactAll(ctx, decisions, () => SubjectLens.of(ctx.scope, personsOf(facts), [facts.household]), date, lang);
  }

  async householdDecisions(ctx: HubContext, householdNumber: string, asOf?: LocalDate | null, language?: Language | null): Promise<EligibilityDecision[]> {
    const date = asOf ?? hubToday();
    const lang = language ?? ctx.language;
    const household = await ctx.loaders.eligibility.householdFacts.load(householdNumber);
    ctx.audit.derive(membersOf(household).map((p) => p.idNumber));
    const decisions = this.decideAll(HOUSEHOLD_RULES, { kind: 'household', household }, date, false, lang);
    return this.redactAll(ctx, decisions, () => SubjectLens.of(ctx.scope, membersOf(household), [household]), date, lang);
  }

  /**
   * Clause 5 for a household. The interval turns on every member's age, certificates and own
   * enrollments, so the date is withheld (null) unless the household and all its members are in
   * the caller's scope. Before the intervals are in force there is no date (null), never an error.
   */
  async householdReview(ctx: HubContext, householdNumber: string, asOf?: LocalDate | null): Promise<ReviewSchedule | null> {
    const date = asOf ?? hubToday();
    const household = await ctx.loaders.eligibility.householdFacts.load(householdNumber);
    ctx.audit.derive(membersOf(household).map((p) => p.idNumber));
    if (!ctx.scope.unrestricted && household && !(ctx.scope.covers(household) && membersOf(household).every((p) => ctx.scope.covers(p)))) return null;
    return householdReview(household, date, new ParameterReader(this.store, date));
  }

  /**
   * A 特困 person's own review date (clause 5); null for anyone not enrolled in 特困 support, and
   * withheld (null) when it counts from the economic check of a household outside the caller's scope.
   */
  async personReview(ctx: HubContext, idNumber: string, asOf?: LocalDate | null): Promise<ReviewSchedule | null> {
    const date = asOf ?? hubToday();
    const facts = await ctx.loaders.eligibility.subjectFacts.load(idNumber);
    if (!ctx.scope.unrestricted && facts.household && !ctx.scope.covers(facts.household)) return null;
    return tekunReview(facts.person, facts.household, date, new ParameterReader(this.store, date));
  }
}
