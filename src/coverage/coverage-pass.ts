import { randomBytes } from 'node:crypto';
import { IsNull, MoreThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { lastReceipts, type SourceDepartment } from '../ingestion/receipts/receipts';
import type { LocalDate } from '../common/local-date';
import type { HubLoaders } from '../context/hub-context';
import { findingsForMany } from '../cross-check/finding-facts';
import { Person } from '../departments/civil-affairs/person.entity';
import { checkOverrides, overridesKey, withOverrides, type ParameterOverride } from '../policy/parameter-overrides';
import type { ParameterStore } from '../policy/parameter-store';
import { countPopulation, countRunRows, storeCounts } from './coverage-counts';
import { coverageRowsOf, rulesInForce } from './coverage-rows';
import { CoverageCount, CoverageFinding, CoveragePersonRule, CoverageReview, CoverageRun, CoverageRunStatus } from './coverage.entities';

/** Persons per batch of the pass: one transaction, and one round of loader statements, each. */
export const DEFAULT_COVERAGE_BATCH = 1000;
/** Rows per INSERT: within SQLite's bound parameters and MySQL's packet size. */
const ROWS_PER_INSERT = 200;
/** A RUNNING run older than this is taken for abandoned (its process died) and cleared by the next pass for its date. */
const ABANDONED_AFTER_MS = 24 * 3600_000;

/** Where a run keeps each department's data freshness. */
export const FRESHNESS_COLUMNS: ReadonlyArray<[department: SourceDepartment, column: 'civilAffairsReceivedAt' | 'humanResourcesReceivedAt' | 'disabilityReceivedAt']> = [
  ['civil-affairs', 'civilAffairsReceivedAt'],
  ['human-resources', 'humanResourcesReceivedAt'],
  ['disability', 'disabilityReceivedAt'],
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
  /** Called once the run's row is written (status RUNNING), before the first batch. */
  onStarted?: (run: CoverageRun) => void;
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

/**
 * The evaluation pass (docs/coverage.md, "The evaluation pass"): decides every rule for every
 * person civil affairs holds and stores what matters for coverage, with the run's counts, so that
 * the figures are read, never recomputed, per request.
 */
export class CoveragePass {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parameters: ParameterStore,
    private readonly loadersFor: (manager: EntityManager) => HubLoaders,
  ) {}

  /** How many persons a pass would evaluate now. */
  countPersons(): Promise<number> {
    return this.dataSource.manager.count(Person);
  }

  /** When each department last sent records (its newest receipt; null: never). */
  private async freshness(): Promise<Pick<CoverageRun, 'civilAffairsReceivedAt' | 'humanResourcesReceivedAt' | 'disabilityReceivedAt'>> {
    const last = await lastReceipts(this.dataSource.manager);
    return Object.fromEntries(FRESHNESS_COLUMNS.map(([department, column]) => [column, last[department]])) as Pick<
      CoverageRun,
      'civilAffairsReceivedAt' | 'humanResourcesReceivedAt' | 'disabilityReceivedAt'
    >;
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
    options.onStarted?.({ ...run });
    // The records' own counts as the pass starts, the time its figures describe.
    const population = await countPopulation(this.dataSource.manager, asOf);
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
    await this.dataSource.transaction(async (manager) => {
      await storeCounts(manager, run.id, population, await countRunRows(manager, run.id));
      await manager.update(CoverageRun, { id: run.id }, { status: CoverageRunStatus.DONE, finishedAt: new Date() });
    });
    await this.replaceOlderRuns(run);
    return { ...progress, elapsedMs: Date.now() - started.getTime(), runId: run.id, asOf, status: CoverageRunStatus.DONE, overrides };
  }

  private async removeRows(runId: string): Promise<void> {
    for (const entity of [CoveragePersonRule, CoverageFinding, CoverageReview, CoverageCount]) await this.dataSource.manager.delete(entity, { runId });
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

  /** The newest pass still running on any date (one left RUNNING for a day is taken for abandoned). */
  runningPass(): Promise<CoverageRun | null> {
    return this.dataSource.manager.findOne(CoverageRun, {
      where: { status: CoverageRunStatus.RUNNING, startedAt: MoreThan(new Date(Date.now() - ABANDONED_AFTER_MS)) },
      order: { id: 'DESC' },
    });
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
}
