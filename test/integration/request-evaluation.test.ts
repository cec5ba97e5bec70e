import type { Caller } from '../../src/auth/caller';
import { CoverageCount, CoverageRun, CoverageRunStatus } from '../../src/coverage/coverage.entities';
import { CITY } from '../../src/coverage/district-figures';
import { seedDatabase } from '../../src/seed/seed-database';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * requestEvaluation (docs/coverage.md, "Requesting a pass"): the city bureau and analysts start a
 * pass from the API, in the background; districtStats shows it RUNNING, then DONE with the same
 * figures an operator's `hub evaluate` gives; one pass at a time; nobody else may start one.
 */

const ASOF = '2025-10-15';
const WHAT_IF = [{ name: 'dibao-standard', value: 1500 }];
const ANALYST: Caller = { sub: 'budget-analyst', role: 'analyst' };
const HEPING: Caller = { sub: 'heping-officer', role: 'district', district: '120101' };
const HR: Caller = { sub: 'hr-uploader', role: 'department', dept: 'human-resources' };

const REQUEST = /* GraphQL */ `
  mutation Request($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) {
    requestEvaluation(asOf: $asOf, parameters: $parameters) { asOf status startedAt evaluatedAt persons note }
  }
`;
const STATS = /* GraphQL */ `
  query Stats($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) {
    districtStats(asOf: $asOf, parameters: $parameters) {
      districtCode
      eligibility { ruleId eligibleNotEnrolled enrolledNotEligible }
      evaluation { status }
      whatIf { eligibility { ruleId eligibleNotEnrolled enrolledNotEligible } findings { code findings persons } reviewsOverdue { households tekunPersons } evaluation { status persons } }
    }
  }
`;

describe.each(databasesUnderTest())('requestEvaluation (%s)', (kind) => {
  let hub: TestHub;

  const runs = () => hub.dataSource.manager.find(CoverageRun, { order: { id: 'ASC' } });

  async function whatIfWhenDone(): Promise<Array<Record<string, any>>> {
    for (let i = 0; i < 600; i++) {
      const res = await hub.as(ANALYST)(STATS, { asOf: ASOF, parameters: WHAT_IF });
      expect(res.errors).toBeUndefined();
      const status = res.data.districtStats[0].whatIf.evaluation.status;
      if (status === 'DONE') return res.data.districtStats;
      expect(status).toBe('RUNNING');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the requested pass did not finish');
  }

  beforeAll(async () => {
    hub = await startTestHub(kind);
    await seedDatabase(hub.dataSource, { households: 200, seed: 2020, asOf: ASOF });
  }, 300_000);

  afterAll(async () => {
    await hub?.stop();
  });

  test('district officers and departments may not start a pass; a bad value is refused and starts nothing', async () => {
    for (const [caller, headers] of [[HEPING, {}], [HR, { 'x-purpose': 'curious' }]] as const) {
      const res = await hub.as(caller, headers)(REQUEST, { asOf: ASOF });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await hub.as(ANALYST)(REQUEST, { asOf: ASOF, parameters: [{ name: 'dibao-standard', value: -5 }] });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters[0].value' });
    const unknown = await hub.as(ANALYST)(REQUEST, { asOf: ASOF, parameters: [{ name: 'no-such-parameter', value: 1 }] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters[0].name' });
    expect(await runs()).toEqual([]);
  });

  test('an analyst starts a what-if pass: RUNNING at once, one at a time, then DONE; run again, the same figures', async () => {
    const res = await hub.as(ANALYST)(REQUEST, { asOf: ASOF, parameters: WHAT_IF });
    expect(res.errors).toBeUndefined();
    expect(res.data.requestEvaluation).toMatchObject({ asOf: ASOF, status: 'RUNNING', evaluatedAt: null });
    const again = await hub.gql(REQUEST, { asOf: ASOF });
    expect(again.errors?.[0].extensions?.code).toBe('EVALUATION_RUNNING');

    const requested = await whatIfWhenDone();
    const city = requested.find((s) => s.districtCode === CITY)!;
    expect(city.whatIf.evaluation.persons).toBeGreaterThan(400);
    // The in-force figures are untouched: no in-force pass was asked for.
    expect(city.evaluation.status).toBe('NOT_EVALUATED');
    const [run] = await runs();
    expect(run).toMatchObject({ status: CoverageRunStatus.DONE, overrides: '[{"name":"dibao-standard","value":1500}]' });
    expect(await hub.dataSource.manager.count(CoverageCount, { where: { runId: run.id } })).toBeGreaterThan(0);

    // The same scenario run again by the admin replaces it, once done, with the same figures.
    const second = await hub.gql(REQUEST, { asOf: ASOF, parameters: WHAT_IF });
    expect(second.errors).toBeUndefined();
    for (let i = 0; i < 600 && (await runs()).some((r) => r.id === run.id); i++) await new Promise((r) => setTimeout(r, 100));
    const after = await runs();
    expect(after.map((r) => r.status)).toEqual([CoverageRunStatus.DONE]);
    expect(after[0].id).not.toBe(run.id);
    const rerun = await whatIfWhenDone();
    expect(rerun.map((s) => s.whatIf.evaluation)).toEqual(requested.map((s) => s.whatIf.evaluation));
    expect(rerun.map((s) => s.whatIf)).toEqual(requested.map((s) => s.whatIf));
  }, 300_000);

  test('an in-force pass requested by the admin gives districtStats its eligibility figures', async () => {
    const res = await hub.gql(REQUEST, { asOf: ASOF });
    expect(res.errors).toBeUndefined();
    for (let i = 0; i < 600; i++) {
      const stats = await hub.gql(STATS, { asOf: ASOF });
      if (stats.data.districtStats[0].evaluation.status === 'DONE') {
        expect(stats.data.districtStats.every((s: { eligibility: unknown[] | null }) => Array.isArray(s.eligibility) && s.eligibility.length > 0)).toBe(true);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the requested pass did not finish');
  }, 300_000);
});
