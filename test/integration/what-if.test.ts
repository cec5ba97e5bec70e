import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { CoverageFinding, CoveragePersonRule, CoverageReview, CoverageRun, CoverageRunStatus } from '../../src/coverage/coverage.entities';
import { CoverageService } from '../../src/coverage/coverage.service';
import { CITY } from '../../src/coverage/district-figures';
import type { ParameterOverride } from '../../src/policy/parameter-overrides';
import { ParameterStore } from '../../src/policy/parameter-store';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * What-if (issue 10 point 5): a pass with dibao-standard overridden gives, to the person, the rows
 * and figures of a pass over a copy of the parameter files with that value edited; the figures in
 * force stay those of the files as they are; districtStats shows both side by side.
 */

const ASOF = '2025-10-15';
/** A standard high enough to move the seeded population's figures (1100 does not: the test would prove nothing). */
const STANDARD = 1500;
const WHAT_IF: ParameterOverride[] = [{ name: 'dibao-standard', value: STANDARD }];
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');

const STATS = /* GraphQL */ `
  query Stats($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) {
    districtStats(asOf: $asOf, parameters: $parameters) {
      districtCode persons
      eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible }
      findings { code findings persons }
      reviewsOverdue { households tekunPersons }
      evaluation { status ruleIds note }
      whatIf {
        parameters { parameter value valueInForce }
        eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible }
        findings { code findings persons }
        reviewsOverdue { households tekunPersons }
        evaluation { asOf status ruleIds persons note }
      }
    }
  }
`;

type Stats = Array<Record<string, any>>;
const figures = (stats: Stats) => stats.map((s) => ({ districtCode: s.districtCode, eligibility: s.eligibility, findings: s.findings, reviewsOverdue: s.reviewsOverdue }));

describe.each(databasesUnderTest())('what-if districtStats (%s)', (kind) => {
  let hub: TestHub;
  let service: CoverageService;
  let editedDir: string;
  let edited: { stats: Stats; rows: Set<string> };
  let inForce: { stats: Stats; runId: string; rows: Set<string> };

  /** Every row of a run, without its run id: equal sets are equal runs, to the person. */
  async function rowsOf(runId: string): Promise<Set<string>> {
    const m = hub.dataSource.manager;
    const strip = ({ runId: _r, ...rest }: Record<string, unknown>) => JSON.stringify(rest, Object.keys(rest).sort());
    const [rules, findings, reviews] = await Promise.all([
      m.find(CoveragePersonRule, { where: { runId } }),
      m.find(CoverageFinding, { where: { runId } }),
      m.find(CoverageReview, { where: { runId } }),
    ]);
    return new Set([...rules, ...findings, ...reviews].map((r) => strip(r as unknown as Record<string, unknown>)));
  }

  async function stats(parameters?: unknown): Promise<Stats> {
    const res = await hub.gql(STATS, { asOf: ASOF, parameters });
    expect(res.errors).toBeUndefined();
    return res.data.districtStats;
  }

  beforeAll(async () => {
    hub = await startTestHub(kind);
    if (kind !== 'sqlite') {
      // Until the migration adding coverage_run.overrides is written: the statement it will hold.
      const columns = await hub.dataSource.query(`SHOW COLUMNS FROM \`coverage_run\` LIKE 'overrides'`);
      if (columns.length === 0) await hub.dataSource.query('ALTER TABLE `coverage_run` ADD `overrides` text NULL');
    }
    await seedDatabase(hub.dataSource, { households: 300, seed: 2020, asOf: ASOF });
    const modules = withModules();
    const loaders = (manager: Parameters<typeof createLoaders>[0]) => createLoaders(manager, modules);
    // The parameter files with the dibao standard edited: every value, as the override answers it.
    editedDir = mkdtempSync(path.join(tmpdir(), 'hub-policy-'));
    cpSync(POLICY_DIR, editedDir, { recursive: true });
    const file = path.join(editedDir, 'dibao-standard.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const v of json.values) v.value = STANDARD;
    writeFileSync(file, JSON.stringify(json, null, 2));
    // First a pass of the edited files (as if they were in force), then the real files' pass, which replaces it.
    const editedRun = await new CoverageService(hub.dataSource, ParameterStore.fromFolder(editedDir), loaders).evaluate(ASOF, { batchSize: 500 });
    edited = { stats: await stats(), rows: await rowsOf(editedRun.runId) };
    service = new CoverageService(hub.dataSource, ParameterStore.fromFolder(POLICY_DIR), loaders);
    const real = await service.evaluate(ASOF, { batchSize: 500 });
    inForce = { stats: await stats(), runId: real.runId, rows: await rowsOf(real.runId) };
  }, 600_000);

  afterAll(async () => {
    if (editedDir) rmSync(editedDir, { recursive: true, force: true });
    await hub?.stop();
  });

  test('the override changes the figures (the test would prove nothing otherwise)', () => {
    expect(figures(edited.stats)).not.toEqual(figures(inForce.stats));
    expect(edited.rows).not.toEqual(inForce.rows);
  });

  test('without a what-if pass, whatIf says NOT_EVALUATED and the command to run; the figures in force are there', async () => {
    const s = await stats(WHAT_IF);
    expect(figures(s)).toEqual(figures(inForce.stats));
    for (const area of s) {
      expect(area.whatIf).toMatchObject({ parameters: [{ parameter: 'dibao-standard', value: STANDARD, valueInForce: 1045 }], eligibility: null, findings: null, reviewsOverdue: null });
      expect(area.whatIf.evaluation.status).toBe('NOT_EVALUATED');
      expect(area.whatIf.evaluation.note).toContain(`hub evaluate --as-of ${ASOF} --parameter dibao-standard=${STANDARD}`);
    }
    expect((await stats()).every((a) => a.whatIf === null)).toBe(true);
  });

  test('a what-if pass equals a pass over the edited parameter file, to the person; the figures in force are unchanged', async () => {
    const result = await service.evaluate(ASOF, { batchSize: 500, overrides: WHAT_IF });
    expect(result).toMatchObject({ status: CoverageRunStatus.DONE, overrides: WHAT_IF });
    expect(await rowsOf(result.runId)).toEqual(edited.rows);
    // Both runs stay: the what-if never replaces the run of the values in force.
    const runs = await hub.dataSource.manager.find(CoverageRun, { where: { asOf: ASOF }, order: { id: 'ASC' } });
    expect(runs.map((r) => [r.id, r.overrides])).toEqual([
      [inForce.runId, null],
      [result.runId, `[{"name":"dibao-standard","value":${STANDARD}}]`],
    ]);
    expect(await rowsOf(inForce.runId)).toEqual(inForce.rows);
    const s = await stats(WHAT_IF);
    expect(figures(s)).toEqual(figures(inForce.stats));
    expect(s.map((a) => ({ districtCode: a.districtCode, ...a.whatIf, parameters: undefined, evaluation: undefined }))).toEqual(
      figures(edited.stats).map((f) => ({ ...f, parameters: undefined, evaluation: undefined })),
    );
    const city = s.find((a) => a.districtCode === CITY)!;
    expect(city.whatIf.evaluation).toMatchObject({ asOf: ASOF, status: 'DONE', persons: city.persons, ruleIds: city.evaluation.ruleIds });
    expect(city.whatIf.evaluation.note).toContain(`dibao-standard=${STANDARD}`);
    // Another value is another scenario: not answered by this run.
    const other = await stats([{ name: 'dibao-standard', value: 1200 }]);
    expect(other[0].whatIf.evaluation.status).toBe('NOT_EVALUATED');
    // A second what-if pass of the same values replaces the first, not the run in force.
    const again = await service.evaluate(ASOF, { overrides: WHAT_IF });
    const after = await hub.dataSource.manager.find(CoverageRun, { where: { asOf: ASOF }, order: { id: 'ASC' } });
    expect(after.map((r) => r.id)).toEqual([inForce.runId, again.runId]);
    expect(await hub.dataSource.manager.count(CoveragePersonRule, { where: { runId: result.runId } })).toBe(0);
  }, 300_000);

  test('an unknown name or a value of the wrong kind is BAD_USER_INPUT naming the argument', async () => {
    const cases: Array<[unknown, string]> = [
      [[{ name: 'dibao-standard', value: 1100 }, { name: 'dibao-standrad', value: 1 }], 'parameters[1].name'],
      [[{ name: 'adult-age', value: 17.5 }], 'parameters[0].value'],
      [[{ name: 'dibao-standard', value: -1 }], 'parameters[0].value'],
      [[{ name: 'dibao-standard', value: 1 }, { name: 'dibao-standard', value: 2 }], 'parameters[1].name'],
    ];
    for (const [parameters, field] of cases) {
      const res = await hub.gql(STATS, { asOf: ASOF, parameters });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
