import type { DataSource, EntityManager } from 'typeorm';
import { hubToday } from '../common/clock';
import { ErrorCode, userError } from '../common/errors';
import type { LocalDate } from '../common/local-date';
import type { HubContext, HubLoaders } from '../context/hub-context';
import { Program } from '../departments/civil-affairs/civil-affairs.enums';
import { RULES } from '../eligibility/rules';
import { TIANJIN_DISTRICT_CODES, TIANJIN_DISTRICTS } from '../identity/districts';
import { checkOverrides, overridesAsArguments, overridesKey, ParameterOverrideError, type ParameterOverride } from '../policy/parameter-overrides';
import { NoValueInForceError, type ParameterStore } from '../policy/parameter-store';
import { PushNotification } from '../push/notification.entity';
import { NotificationStatus } from '../push/push.enums';
import { percentile } from '../push/response-times';
import { countPopulation, countRunRows, storedCounts, type PopulationCounts } from './coverage-counts';
import { RequestedPasses } from './requested-passes';
import { CoveragePass, FRESHNESS_COLUMNS, type CoverageOptions, type CoverageResult } from './coverage-pass';
import { CoverageRun, CoverageRunStatus } from './coverage.entities';
import { CoverageEvaluation, CoverageEvaluationStatus, DistrictStats, WhatIfStats, type DataFreshness, type ParameterOverrideInput } from './coverage.types';
import { CITY, livingAwayOf, runFiguresOf, sumByKey, total, type RunCounts } from './district-figures';

export { DEFAULT_COVERAGE_BATCH, type CoverageOptions, type CoverageProgress, type CoverageResult } from './coverage-pass';

/** The push's time to act is measured over notifications created in this many last days (as notificationResponseTimes). */
export const PUSH_WINDOW_DAYS = 90;

const num = (v: unknown) => Number(v ?? 0);

/**
 * The coverage gap (issue point 3, docs/coverage.md): the per-district figures, read from the
 * newest completed evaluation pass (coverage-pass.ts) and its stored counts.
 */
export class CoverageService {
  private readonly pass: CoveragePass;
  private readonly requested: RequestedPasses;

  constructor(
    private readonly dataSource: DataSource,
    private readonly parameters: ParameterStore,
    loadersFor: (manager: EntityManager) => HubLoaders,
  ) {
    this.pass = new CoveragePass(dataSource, parameters, loadersFor);
    this.requested = new RequestedPasses(this.pass);
  }

  /** How many persons a pass would evaluate now. */
  countPersons(): Promise<number> {
    return this.pass.countPersons();
  }

  /** The evaluation pass on `asOf` (coverage-pass.ts). */
  evaluate(asOf: LocalDate, options: CoverageOptions = {}): Promise<CoverageResult> {
    return this.pass.evaluate(asOf, options);
  }

  /**
   * Starts a pass for `asOf` (with what-if `parameters`, or the values in force) in the
   * background: for the city bureau and analysts, whose figures cover every district. Answers
   * the run's evaluation, RUNNING; districtStats shows it DONE when its figures are there.
   */
  async requestEvaluation(ctx: HubContext, asOf?: LocalDate | null, parameters?: readonly ParameterOverrideInput[] | null): Promise<CoverageEvaluation> {
    if (ctx.caller?.role !== 'admin' && ctx.caller?.role !== 'analyst') {
      throw userError(ErrorCode.FORBIDDEN, 'an evaluation pass covers every district: the city bureau and analysts request one', { field: 'requestEvaluation' });
    }
    const overrides = this.overridesOf(parameters);
    const date = asOf ?? hubToday();
    const run = await this.requested.start(date, overrides);
    return this.evaluationOf(date, null, run, overrides);
  }

  /** Stops a pass requested through the API, as the hub shuts down. */
  stop(): Promise<void> {
    return this.requested.stop();
  }

  private evaluationOf(asOf: LocalDate, done: CoverageRun | null, latest: CoverageRun | null, overrides: readonly ParameterOverride[] = []): CoverageEvaluation {
    const scenario = overrides.length ? ` with the what-if values ${overrides.map((o) => `${o.name}=${o.value}`).join(', ')}` : '';
    const evaluation = new CoverageEvaluation();
    evaluation.asOf = asOf;
    if (done) {
      const freshness: DataFreshness[] = FRESHNESS_COLUMNS.map(([department, column]) => ({ department, lastReceivedAt: done[column] }));
      return Object.assign(evaluation, {
        status: CoverageEvaluationStatus.DONE,
        startedAt: done.startedAt,
        evaluatedAt: done.finishedAt,
        persons: done.persons,
        ruleIds: done.ruleIds ? done.ruleIds.split(',') : [],
        dataFreshness: freshness,
        note: `eligibility figures from the evaluation pass for ${asOf}${scenario} finished at ${done.finishedAt?.toISOString()}, as are the counts of persons, households and enrollments, all on the records held when it started; the push's figures are as of now`,
      });
    }
    const status = latest?.status === CoverageRunStatus.RUNNING ? CoverageEvaluationStatus.RUNNING : latest ? CoverageEvaluationStatus.FAILED : CoverageEvaluationStatus.NOT_EVALUATED;
    const why = {
      [CoverageEvaluationStatus.RUNNING]: `an evaluation pass for ${asOf}${scenario}, started at ${latest?.startedAt.toISOString()}, is running and none has completed`,
      [CoverageEvaluationStatus.FAILED]: `the latest evaluation pass for ${asOf}${scenario} did not complete`,
      [CoverageEvaluationStatus.NOT_EVALUATED]: `no evaluation pass has been run for ${asOf}${scenario}`,
      [CoverageEvaluationStatus.DONE]: '',
    }[status];
    return Object.assign(evaluation, {
      status,
      startedAt: latest?.startedAt ?? null,
      evaluatedAt: null,
      persons: null,
      ruleIds: [],
      dataFreshness: [],
      note: `${why}: the eligibility, findings and review figures are null (an operator runs \`hub evaluate --as-of ${asOf}${overridesAsArguments(overrides)}\`)`,
    });
  }

  /** The areas a caller sees: every district and the city; a district officer theirs and the city. */
  private areasFor(ctx: HubContext): string[] {
    const caller = ctx.caller;
    if (caller?.role === 'admin' || caller?.role === 'analyst') return [...TIANJIN_DISTRICT_CODES, CITY];
    if (caller?.role === 'district') return [caller.district, CITY];
    throw userError(ErrorCode.FORBIDDEN, 'district statistics are for districts, the city bureau and analysts', { field: 'districtStats' });
  }

  /**
   * Figures per district and for the city (docs/coverage.md): aggregates only, from set-based
   * counts grouped by (registered, residence) district pairs; the eligibility figures from the
   * newest completed pass for `asOf`, or null when there is none: no pass runs inside a request.
   * With `parameters`, `whatIf` holds the same figures from the completed what-if pass of exactly
   * those values (docs/coverage.md, "What-if").
   */
  async districtStats(ctx: HubContext, asOf?: LocalDate | null, parameters?: readonly ParameterOverrideInput[] | null): Promise<DistrictStats[]> {
    const areas = this.areasFor(ctx);
    const overrides = this.overridesOf(parameters);
    const date = asOf ?? hubToday();
    const [inForce, whatIf, push] = await Promise.all([
      this.runCounts(date, null),
      overrides.length ? this.runCounts(date, overrides) : null,
      this.pushFigures(areas),
    ]);
    // Without a completed pass the records are counted now; with one, its stored counts answer.
    const { persons, households, personPrograms, householdPrograms } = inForce.population ?? (await countPopulation(this.dataSource.manager, date));
    const evaluation = this.evaluationOf(date, inForce.done, inForce.latest);
    const runRules = RULES.filter((r) => evaluation.ruleIds.includes(r.id));
    const whatIfEvaluation = whatIf && this.evaluationOf(date, whatIf.done, whatIf.latest, overrides);
    const whatIfRules = whatIfEvaluation && RULES.filter((r) => whatIfEvaluation.ruleIds.includes(r.id));
    const whatIfParameters = overrides.map(({ name, value }) => ({ parameter: name, value, valueInForce: this.valueInForce(name, date) }));
    return areas.map((area) => {
      const byPersonProgram = sumByKey(personPrograms, area);
      const byHouseholdProgram = sumByKey(householdPrograms, area);
      const stats = new DistrictStats();
      return Object.assign(stats, {
        districtCode: area,
        districtName: area === CITY ? '天津市' : TIANJIN_DISTRICTS[area],
        persons: total(persons, area),
        households: total(households, area),
        programs: Object.values(Program).map((program) => ({ program, persons: byPersonProgram.get(program) ?? 0, households: byHouseholdProgram.get(program) ?? 0 })),
        ...livingAwayOf(persons, area),
        ...runFiguresOf(inForce.counts, area, runRules),
        push: push.get(area),
        evaluation,
        whatIf:
          whatIf && whatIfEvaluation && whatIfRules
            ? Object.assign(new WhatIfStats(), { parameters: whatIfParameters, ...runFiguresOf(whatIf.counts, area, whatIfRules), evaluation: whatIfEvaluation })
            : null,
      });
    });
  }

  /** The overrides of a request, checked: a wrong one is BAD_USER_INPUT naming `parameters[i].name` or `.value`. */
  private overridesOf(parameters: readonly ParameterOverrideInput[] | null | undefined): ParameterOverride[] {
    try {
      return checkOverrides(parameters ?? [], this.parameters);
    } catch (error) {
      if (error instanceof ParameterOverrideError) throw userError(ErrorCode.BAD_USER_INPUT, error.message, { field: error.field });
      throw error;
    }
  }

  private valueInForce(name: string, asOf: LocalDate): number | null {
    try {
      return this.parameters.valueOn(name, asOf).value;
    } catch (error) {
      if (error instanceof NoValueInForceError) return null;
      throw error;
    }
  }

  /**
   * The newest DONE run for the date and overrides, and its stored counts (null: none). A run
   * completed before counts were stored has its rows counted now.
   */
  private async runCounts(
    asOf: LocalDate,
    overrides: readonly ParameterOverride[] | null,
  ): Promise<{ done: CoverageRun | null; latest: CoverageRun | null; counts: RunCounts | null; population: PopulationCounts | null }> {
    const { done, latest } = await this.pass.runsFor(asOf, overridesKey(overrides ?? []));
    if (!done) return { done, latest, counts: null, population: null };
    const stored = await storedCounts(this.dataSource.manager, done.id);
    if (stored) return { done, latest, counts: stored.run, population: stored.population };
    return { done, latest, counts: await countRunRows(this.dataSource.manager, done.id), population: null };
  }

  /**
   * The push per area now: open and acknowledged copies (grouped in SQL), and the median time to
   * act over the copies created in the window and acted on (read as two instants each: a median
   * has no portable SQL). The city's figures are over every district's copies.
   */
  private async pushFigures(areas: string[]): Promise<Map<string, DistrictStats['push']>> {
    const m = this.dataSource.manager;
    const districts = areas.filter((a) => a !== CITY);
    const city = areas.includes(CITY);
    const open = await m
      .createQueryBuilder(PushNotification, 'n')
      .select('n.districtCode', 'districtCode')
      .addSelect('n.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('n.status IN (:...statuses)', { statuses: [NotificationStatus.OPEN, NotificationStatus.ACKNOWLEDGED] })
      .groupBy('n.districtCode')
      .addGroupBy('n.status')
      .getRawMany<{ districtCode: string; status: string; count: unknown }>();
    const since = new Date(Date.now() - PUSH_WINDOW_DAYS * 86_400_000);
    const actedQb = m
      .createQueryBuilder(PushNotification, 'n')
      .select(['n.sequence', 'n.districtCode', 'n.createdAt', 'n.actedAt'])
      .where('n.createdAt >= :since', { since })
      .andWhere('n.actedAt IS NOT NULL');
    if (!city) actedQb.andWhere('n.districtCode IN (:...districts)', { districts });
    const acted = await actedQb.getMany();
    const out = new Map<string, DistrictStats['push']>();
    for (const area of areas) {
      const mine = (code: string) => area === CITY || code === area;
      const count = (status: NotificationStatus) => open.filter((r) => r.status === status && mine(r.districtCode)).reduce((s, r) => s + num(r.count), 0);
      const seconds = acted.filter((n) => mine(n.districtCode)).map((n) => ((n.actedAt as Date).getTime() - n.createdAt.getTime()) / 1000);
      out.set(area, {
        open: count(NotificationStatus.OPEN),
        acknowledged: count(NotificationStatus.ACKNOWLEDGED),
        acted: seconds.length,
        medianSecondsToAct: percentile(seconds, 0.5),
        windowDays: PUSH_WINDOW_DAYS,
      });
    }
    return out;
  }
}
