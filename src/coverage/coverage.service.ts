import { randomBytes } from 'node:crypto';
import { Brackets, IsNull, Not, type DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { hubToday } from '../common/clock';
import { ErrorCode, userError } from '../common/errors';
import type { LocalDate } from '../common/local-date';
import type { HubContext, HubLoaders } from '../context/hub-context';
import { findingsForMany } from '../cross-check/finding-facts';
import { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { Program } from '../departments/civil-affairs/civil-affairs.enums';
import { whereEnrolledIn } from '../departments/civil-affairs/civil-affairs.conditions';
import { Household } from '../departments/civil-affairs/household.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import { RULES } from '../eligibility/rules';
import { TIANJIN_DISTRICT_CODES, TIANJIN_DISTRICTS } from '../identity/districts';
import { checkOverrides, overridesAsArguments, overridesKey, ParameterOverrideError, withOverrides, type ParameterOverride } from '../policy/parameter-overrides';
import { NoValueInForceError, type ParameterStore } from '../policy/parameter-store';
import { PushNotification } from '../push/notification.entity';
import { NotificationStatus } from '../push/push.enums';
import { percentile } from '../push/response-times';
import { coverageRowsOf, rulesInForce } from './coverage-rows';
import { CoverageFinding, CoveragePersonRule, CoverageReview, CoverageRun, CoverageRunStatus } from './coverage.entities';
import { CoverageEvaluation, CoverageEvaluationStatus, DistrictStats, WhatIfStats, type DataFreshness, type ParameterOverrideInput } from './coverage.types';
import { CITY, livingAwayOf, runFiguresOf, sumByKey, total, type PairCount, type RunCounts } from './district-figures';

/** Persons per batch of the pass: one transaction, and one round of loader statements, each. */
export const DEFAULT_COVERAGE_BATCH = 1000;
/** Rows per INSERT: within SQLite's bound parameters and MySQL's packet size. */
const ROWS_PER_INSERT = 200;
/** The push's time to act is measured over notifications created in this many last days (as notificationResponseTimes). */
export const PUSH_WINDOW_DAYS = 90;
/** A RUNNING run older than this is taken for abandoned (its process died) and cleared by the next pass for its date. */
const ABANDONED_AFTER_MS = 24 * 3600_000;

/** The ingestion root fields per department, as the audit log names them (AuditEntry.fields). */
const INGESTION_FIELDS: ReadonlyArray<[department: string, field: string, column: keyof CoverageRun]> = [
  ['civil-affairs', 'ingestCivilAffairs', 'civilAffairsReceivedAt'],
  ['human-resources', 'ingestHumanResources', 'humanResourcesReceivedAt'],
  ['disability', 'ingestDisability', 'disabilityReceivedAt'],
];

export interface CoverageProgress {
  persons: number;
  batches: number;
  /** Rows written: gaps and lapses, findings, overdue reviews. */
  rows: number;
  elapsedMs: number;
}

export interface CoverageOptions {
  batchSize?: number;
  onProgress?: (progress: CoverageProgress) => void;
  /** Asked between batches: true stops the pass, which then counts as FAILED (its rows are removed). */
  shouldStop?: () => boolean;
  /** A what-if pass: these parameter values instead of the ones in force (checked with checkOverrides). */
  overrides?: readonly ParameterOverride[];
}

export interface CoverageResult extends CoverageProgress {
  runId: string;
  asOf: LocalDate;
  status: CoverageRunStatus;
  overrides: ParameterOverride[];
}

function chunked<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const newRunId = (at: Date) => at.getTime().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
const num = (v: unknown) => Number(v ?? 0);

/**
 * The coverage gap (issue point 3, docs/coverage.md): the evaluation pass, which decides every
 * rule for every person civil affairs holds and stores what matters for coverage, and the
 * per-district figures read from it and from set-based counts.
 */
export class CoverageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parameters: ParameterStore,
    private readonly loadersFor: (manager: EntityManager) => HubLoaders,
  ) {}

  /** How many persons a pass would evaluate now. */
  countPersons(): Promise<number> {
    return this.dataSource.manager.count(Person);
  }

  /** The latest audited ingestion call of each department (null: none). */
  private async freshness(): Promise<Pick<CoverageRun, 'civilAffairsReceivedAt' | 'humanResourcesReceivedAt' | 'disabilityReceivedAt'>> {
    const out: Record<string, Date | null> = {};
    for (const [, field, column] of INGESTION_FIELDS) {
      // Newest first along the index on `at`: stops at the first match however long the log.
      const latest = await this.dataSource.manager
        .createQueryBuilder(AuditEntry, 'a')
        .select(['a.id', 'a.at'])
        .where('a.fields LIKE :field', { field: `%${field}%` })
        .orderBy('a.at', 'DESC')
        .limit(1)
        .getOne();
      out[column] = latest?.at ?? null;
    }
    return out as Pick<CoverageRun, 'civilAffairsReceivedAt' | 'humanResourcesReceivedAt' | 'disabilityReceivedAt'>;
  }

  /**
   * The evaluation pass on `asOf`: every person civil affairs holds, in ID-number order, a batch
   * at a time (facts through fresh loaders, every rule in force decided by the pure engine,
   * findings), each batch's rows written in one transaction under a RUNNING run. When the last
   * batch is written the run becomes DONE and replaces the previous DONE run for the date, which
   * readers used until then. A failure or a stop marks it FAILED and removes its rows.
   */
  async evaluate(asOf: LocalDate, options: CoverageOptions = {}): Promise<CoverageResult> {
    const batchSize = options.batchSize ?? DEFAULT_COVERAGE_BATCH;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be 1 or more, not ${batchSize}`);
    const started = new Date();
    const overrides = checkOverrides(options.overrides ?? [], this.parameters);
    const store = withOverrides(this.parameters, overrides);
    const rules = rulesInForce(store, asOf);
    const run: CoverageRun = {
      id: newRunId(started),
      asOf,
      status: CoverageRunStatus.RUNNING,
      startedAt: started,
      finishedAt: null,
      persons: 0,
      ruleIds: rules.map((r) => r.id).join(','),
      ...(await this.freshness()),
      overrides: overridesKey(overrides),
    };
    await this.dataSource.manager.insert(CoverageRun, run);
    const progress: CoverageProgress = { persons: 0, batches: 0, rows: 0, elapsedMs: 0 };
    const householdsSeen = new Set<string>();
    let after = '';
    try {
      for (;;) {
        const ids = (
          await this.dataSource.manager
            .createQueryBuilder(Person, 'p')
            .select('p.idNumber', 'idNumber')
            .where('p.idNumber > :after', { after })
            .orderBy('p.idNumber', 'ASC')
            .limit(batchSize)
            .getRawMany<{ idNumber: string }>()
        ).map((r) => r.idNumber);
        if (ids.length === 0) break;
        // Fresh loaders per batch: their caches hold one batch's records, not the city's.
        const subjects = await findingsForMany(this.loadersFor(this.dataSource.manager), ids, asOf, store);
        const rows = coverageRowsOf(run.id, asOf, store, rules, subjects, householdsSeen);
        await this.dataSource.transaction(async (manager) => {
          for (const part of chunked(rows.personRules, ROWS_PER_INSERT)) await manager.insert(CoveragePersonRule, part);
          for (const part of chunked(rows.findings, ROWS_PER_INSERT)) await manager.insert(CoverageFinding, part);
          for (const part of chunked(rows.reviews, ROWS_PER_INSERT)) await manager.insert(CoverageReview, part);
          await manager.update(CoverageRun, { id: run.id }, { persons: progress.persons + ids.length });
        });
        progress.persons += ids.length;
        progress.batches += 1;
        progress.rows += rows.personRules.length + rows.findings.length + rows.reviews.length;
        progress.elapsedMs = Date.now() - started.getTime();
        options.onProgress?.({ ...progress });
        after = ids[ids.length - 1];
        if (ids.length < batchSize) break;
        if (options.shouldStop?.()) throw new Error('the pass was stopped before the last batch');
      }
    } catch (error) {
      await this.dataSource.manager.update(CoverageRun, { id: run.id }, { status: CoverageRunStatus.FAILED, finishedAt: new Date() });
      await this.removeRows(run.id);
      throw error;
    }
    await this.dataSource.manager.update(CoverageRun, { id: run.id }, { status: CoverageRunStatus.DONE, finishedAt: new Date() });
    await this.replaceOlderRuns(run);
    return { ...progress, elapsedMs: Date.now() - started.getTime(), runId: run.id, asOf, status: CoverageRunStatus.DONE, overrides };
  }

  private async removeRows(runId: string): Promise<void> {
    for (const entity of [CoveragePersonRule, CoverageFinding, CoverageReview]) await this.dataSource.manager.delete(entity, { runId });
  }

  /**
   * The run just done replaces the other runs of its date that started before it (DONE, FAILED,
   * or RUNNING for a day: abandoned); if one that started after it is DONE already, that one
   * stays and this one goes. Readers take the newest DONE run, so they never see a gap. Only runs
   * with the same overrides count: a what-if pass never replaces the run of the values in force.
   */
  private async replaceOlderRuns(run: CoverageRun): Promise<void> {
    const others = await this.dataSource.manager.find(CoverageRun, { where: { asOf: run.asOf, id: Not(run.id), overrides: run.overrides ?? IsNull() } });
    const abandoned = new Date(Date.now() - ABANDONED_AFTER_MS);
    const newerDone = others.some((o) => o.id > run.id && o.status === CoverageRunStatus.DONE);
    const superseded = others.filter((o) => o.id < run.id && (o.status !== CoverageRunStatus.RUNNING || o.startedAt < abandoned)).map((o) => o.id);
    if (newerDone) superseded.push(run.id);
    for (const id of superseded) {
      await this.removeRows(id);
      await this.dataSource.manager.delete(CoverageRun, { id });
    }
  }

  /**
   * The run whose figures answer for `asOf` (the newest DONE), and the newest run of any status:
   * of the values in force (`overrides` null, what gap lists read too), or of exactly these
   * overrides (overridesKey).
   */
  async runsFor(asOf: LocalDate, overrides: string | null = null): Promise<{ done: CoverageRun | null; latest: CoverageRun | null }> {
    const which = overrides ?? IsNull();
    const [done, latest] = await Promise.all([
      this.dataSource.manager.findOne(CoverageRun, { where: { asOf, status: CoverageRunStatus.DONE, overrides: which }, order: { id: 'DESC' } }),
      this.dataSource.manager.findOne(CoverageRun, { where: { asOf, overrides: which }, order: { id: 'DESC' } }),
    ]);
    return { done, latest };
  }

  private evaluationOf(asOf: LocalDate, done: CoverageRun | null, latest: CoverageRun | null, overrides: readonly ParameterOverride[] = []): CoverageEvaluation {
    const scenario = overrides.length ? ` with the what-if values ${overrides.map((o) => `${o.name}=${o.value}`).join(', ')}` : '';
    const evaluation = new CoverageEvaluation();
    evaluation.asOf = asOf;
    if (done) {
      const freshness: DataFreshness[] = INGESTION_FIELDS.map(([department, , column]) => ({ department, lastReceivedAt: done[column] as Date | null }));
      return Object.assign(evaluation, {
        status: CoverageEvaluationStatus.DONE,
        startedAt: done.startedAt,
        evaluatedAt: done.finishedAt,
        persons: done.persons,
        ruleIds: done.ruleIds ? done.ruleIds.split(',') : [],
        dataFreshness: freshness,
        note: `eligibility figures from the evaluation pass for ${asOf}${scenario} finished at ${done.finishedAt?.toISOString()}, on the records held when it started; counts of persons, households, enrollments and the push are as of now`,
      });
    }
    const status = latest?.status === CoverageRunStatus.RUNNING ? CoverageEvaluationStatus.RUNNING : latest ? CoverageEvaluationStatus.FAILED : CoverageEvaluationStatus.NOT_EVALUATED;
    const why = {
      [CoverageEvaluationStatus.RUNNING]: `an evaluation pass for ${asOf}${scenario} is running and none has completed`,
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
    const m = this.dataSource.manager;
    const [inForce, whatIf, persons, households, personPrograms, householdPrograms, push] = await Promise.all([
      this.runCounts(date, null),
      overrides.length ? this.runCounts(date, overrides) : null,
      pairCounts(m.createQueryBuilder(Person, 'x'), null),
      pairCounts(m.createQueryBuilder(Household, 'x'), null),
      this.personsByProgram(date),
      pairCounts(
        m.createQueryBuilder(Household, 'x').innerJoin(AssistanceEnrollment, 'e', 'e.householdNumber = x.householdNumber').where(VALID_ENROLLMENT, { asOf: date }),
        'e.program',
        'COUNT(DISTINCT x.householdNumber)',
      ),
      this.pushFigures(areas),
    ]);
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

  /** The newest DONE run for the date and overrides, and the counts of its rows (null: none). */
  private async runCounts(asOf: LocalDate, overrides: readonly ParameterOverride[] | null): Promise<{ done: CoverageRun | null; latest: CoverageRun | null; counts: RunCounts | null }> {
    const { done, latest } = await this.runsFor(asOf, overridesKey(overrides ?? []));
    if (!done) return { done, latest, counts: null };
    const m = this.dataSource.manager;
    const [gaps, findings, reviews] = await Promise.all([
      pairCounts(m.createQueryBuilder(CoveragePersonRule, 'x').where('x.runId = :runId', { runId: done.id }), ['x.ruleId', 'x.gap']),
      this.findingCounts(done.id),
      pairCounts(m.createQueryBuilder(CoverageReview, 'x').where('x.runId = :runId', { runId: done.id }), 'x.kind'),
    ]);
    return { done, latest, counts: { gaps, findings, reviews } };
  }

  /**
   * Persons with a valid enrollment in each program on asOf, their own or their household's: the
   * `persons` filter's own condition (whereEnrolledIn), so a gap list and its count agree.
   */
  private async personsByProgram(asOf: LocalDate): Promise<PairCount[]> {
    const perProgram = await Promise.all(
      Object.values(Program).map(async (program) => {
        const qb = this.dataSource.manager.createQueryBuilder(Person, 'x');
        whereEnrolledIn(qb, 'x', program, asOf);
        return (await pairCounts(qb, null)).map((p) => ({ ...p, key: program }));
      }),
    );
    return perProgram.flat();
  }

  private async findingCounts(runId: string): Promise<{ findings: PairCount[]; persons: PairCount[] }> {
    const m = this.dataSource.manager;
    const base = () => m.createQueryBuilder(CoverageFinding, 'x').where('x.runId = :runId', { runId });
    const [findings, persons] = await Promise.all([pairCounts(base(), 'x.code'), pairCounts(base(), 'x.code', 'COUNT(DISTINCT x.idNumber)')]);
    return { findings, persons };
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

/** An enrollment (alias `e`) valid on :asOf: started, not ended (docs/readings.md, "Valid record"). */
const VALID_ENROLLMENT = new Brackets((w) => w.where('e.startDate <= :asOf').andWhere('(e.endDate IS NULL OR e.endDate > :asOf)'));

/**
 * Counts grouped by the (registered, residence) districts of the row aliased `x`, and by `key`
 * (one expression or several, joined with '|'): the form district-figures.ts folds per area.
 */
async function pairCounts<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, key: string | string[] | null, count = 'COUNT(*)'): Promise<PairCount[]> {
  const keys = key == null ? [] : Array.isArray(key) ? key : [key];
  qb.select('x.registeredDistrict', 'registeredDistrict').addSelect('x.residenceDistrict', 'residenceDistrict').addSelect(count, 'count');
  keys.forEach((k, i) => qb.addSelect(k, `k${i}`));
  qb.groupBy('x.registeredDistrict').addGroupBy('x.residenceDistrict');
  for (const k of keys) qb.addGroupBy(k);
  const rows = await qb.getRawMany<Record<string, unknown>>();
  return rows.map((r) => ({
    registeredDistrict: (r.registeredDistrict as string | null) ?? null,
    residenceDistrict: (r.residenceDistrict as string | null) ?? null,
    key: keys.map((_, i) => String(r[`k${i}`])).join('|'),
    count: num(r.count),
  }));
}
