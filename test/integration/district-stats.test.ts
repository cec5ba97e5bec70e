import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../src/auth/caller';
import { PROJECT_ROOT } from '../../src/common/paths';
import { CoverageCount, CoveragePersonRule, CoverageRun, CoverageRunStatus } from '../../src/coverage/coverage.entities';
import { CoverageService } from '../../src/coverage/coverage.service';
import { CITY } from '../../src/coverage/district-figures';
import { findingsForMany } from '../../src/cross-check/finding-facts';
import { FindingCode } from '../../src/cross-check/finding-code';
import { AssistanceEnrollment } from '../../src/departments/civil-affairs/assistance-enrollment.entity';
import { Program } from '../../src/departments/civil-affairs/civil-affairs.enums';
import { Household } from '../../src/departments/civil-affairs/household.entity';
import { TIANJIN_DISTRICT_CODES, isTianjinDistrict } from '../../src/identity/districts';
import { ParameterStore } from '../../src/policy/parameter-store';
import { PushNotification } from '../../src/push/notification.entity';
import { NotificationStatus } from '../../src/push/push.enums';
import { percentile } from '../../src/push/response-times';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { INGEST_CIVIL_AFFAIRS, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newIdNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * districtStats (issue 10, point 3) on the seeded demo population: the evaluation pass run for
 * two dates, and every figure of every district and of the city checked against a brute-force
 * count made here, through the API person by person (decisions, enrollments, reviews) and from
 * the tables (households, enrollments, notifications), with the findings from the pure function
 * on every person at once. The gap rows themselves are checked to the person.
 */

const SEED = { households: 300, seed: 2020, asOf: '2025-10-15' };
const DATES = ['2025-10-15', '2026-04-30'];
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const ANALYST: Caller = { sub: 'stats-analyst', role: 'analyst' };
const HEPING: Caller = { sub: 'heping-officer', role: 'district', district: '120101' };
const HR: Caller = { sub: 'hr-uploader', role: 'department', dept: 'human-resources' };

const STATS = /* GraphQL */ `
  query Stats($asOf: LocalDate) {
    districtStats(asOf: $asOf) {
      districtCode districtName persons households livingAway livingAwayIn livingAwayOut
      programs { program persons households }
      eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible }
      findings { code findings persons }
      reviewsOverdue { households tekunPersons }
      push { open acknowledged acted medianSecondsToAct windowDays }
      evaluation { asOf status startedAt evaluatedAt persons ruleIds dataFreshness { department lastReceivedAt } note }
    }
  }
`;

const EVERYONE = /* GraphQL */ `
  query Everyone($first: Int, $after: String, $asOf: LocalDate) {
    persons(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        idNumber registeredDistrict residenceDistrict reviewOverdue(asOf: $asOf)
        enrollments { program startDate endDate }
        household { householdNumber registeredDistrict residenceDistrict reviewOverdue(asOf: $asOf) }
        eligibility(asOf: $asOf) { ruleId program outcome }
      } }
    }
  }
`;

/**
 * Until the module is listed in src/server/modules.ts (and its migration written), its tables are
 * added here to the test hub's data source: the same statements the schema builder would write.
 */

interface PersonRow {
  idNumber: string;
  registeredDistrict: string;
  residenceDistrict: string | null;
  reviewOverdue: boolean | null;
  enrollments: Array<{ program: string; startDate: string; endDate: string | null }>;
  household: { householdNumber: string; registeredDistrict: string; residenceDistrict: string | null; reviewOverdue: boolean | null } | null;
  eligibility: Array<{ ruleId: string; program: string; outcome: string }>;
}

const valid = (e: { startDate: string; endDate: string | null }, asOf: string) => e.startDate <= asOf && (e.endDate == null || e.endDate > asOf);
const inArea = (x: { registeredDistrict: string | null; residenceDistrict: string | null }, area: string) =>
  area === CITY || x.registeredDistrict === area || x.residenceDistrict === area;
const away = (x: { registeredDistrict: string | null; residenceDistrict: string | null }) => x.residenceDistrict != null && x.residenceDistrict !== x.registeredDistrict;
const count = <T>(list: readonly T[], keep: (t: T) => boolean) => list.reduce((n, t) => n + (keep(t) ? 1 : 0), 0);

describe.each(databasesUnderTest())('districtStats and the evaluation pass (%s)', (kind) => {
  let hub: TestHub;
  let service: CoverageService;
  let store: ParameterStore;
  const passes: Array<{ asOf: string; persons: number; ms: number }> = [];

  async function everyone(asOf: string): Promise<PersonRow[]> {
    const out: PersonRow[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse = await hub.gql(EVERYONE, { first: 100, after, asOf });
      expect(res.errors).toBeUndefined();
      const page: { edges: Array<{ node: PersonRow }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.data.persons;
      out.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }

  /** Every figure of every area, counted here without the hub's SQL or the pass. */
  async function bruteForce(asOf: string) {
    const persons = await everyone(asOf);
    const households = await hub.dataSource.manager.find(Household);
    const enrollments = await hub.dataSource.manager.find(AssistanceEnrollment);
    const notifications = await hub.dataSource.manager.find(PushNotification);
    const modules = withModules();
    const found = await findingsForMany(createLoaders(hub.dataSource.manager, modules), persons.map((p) => p.idNumber), asOf, store);
    const since = Date.now() - 90 * 86_400_000;
    const reviewedHouseholds = new Map(persons.flatMap((p) => (p.household ? [[p.household.householdNumber, p.household] as const] : [])));
    const gapRows = new Set<string>();
    for (const p of persons) {
      for (const d of p.eligibility) {
        const enrolled = p.enrollments.some((e) => e.program === d.program && valid(e, asOf));
        const eligible = d.outcome === 'ELIGIBLE';
        if (eligible !== enrolled) gapRows.add(`${d.ruleId}|${p.idNumber}|${eligible ? 'ELIGIBLE_NOT_ENROLLED' : 'ENROLLED_NOT_ELIGIBLE'}`);
      }
    }
    const areas = [...TIANJIN_DISTRICT_CODES, CITY];
    const stats = areas.map((area) => {
      const here = persons.filter((p) => inArea(p, area));
      const copies = notifications.filter((n) => area === CITY || n.districtCode === area);
      const toAct = copies.filter((n) => n.actedAt && n.createdAt.getTime() >= since).map((n) => (n.actedAt!.getTime() - n.createdAt.getTime()) / 1000);
      const ruleIds = [...new Set(persons.flatMap((p) => p.eligibility.map((d) => d.ruleId)))];
      return {
        districtCode: area,
        persons: here.length,
        households: count(households, (h) => inArea(h, area)),
        livingAway: count(here, away),
        livingAwayIn: count(here, (p) =>
          away(p) && (area === CITY ? isTianjinDistrict(p.residenceDistrict) && !isTianjinDistrict(p.registeredDistrict) : p.residenceDistrict === area)),
        livingAwayOut: count(here, (p) =>
          away(p) && (area === CITY ? isTianjinDistrict(p.registeredDistrict) && !isTianjinDistrict(p.residenceDistrict) : p.registeredDistrict === area)),
        programs: Object.values(Program).map((program) => ({
          program,
          persons: count(here, (p) => p.enrollments.some((e) => e.program === program && valid(e, asOf))),
          households: count(households, (h) => inArea(h, area) && enrollments.some((e) => e.householdNumber === h.householdNumber && e.program === program && valid(e, asOf))),
        })),
        eligibility: ruleIds.map((ruleId) => ({
          ruleId,
          eligibleNotEnrolled: count(here, (p) => gapRows.has(`${ruleId}|${p.idNumber}|ELIGIBLE_NOT_ENROLLED`)),
          enrolledNotEligible: count(here, (p) => gapRows.has(`${ruleId}|${p.idNumber}|ENROLLED_NOT_ELIGIBLE`)),
        })),
        findings: Object.values(FindingCode).map((code) => {
          const mine = here.map((p) => found.get(p.idNumber)!.findings.filter((f) => f.code === code));
          return { code, findings: mine.reduce((n, list) => n + new Set(list.map((f) => f.recordKey)).size, 0), persons: count(mine, (list) => list.length > 0) };
        }),
        reviewsOverdue: {
          households: count([...reviewedHouseholds.values()], (h) => inArea(h, area) && h.reviewOverdue === true),
          tekunPersons: count(here, (p) => p.reviewOverdue === true),
        },
        push: {
          open: count(copies, (n) => n.status === NotificationStatus.OPEN),
          acknowledged: count(copies, (n) => n.status === NotificationStatus.ACKNOWLEDGED),
          acted: toAct.length,
          medianSecondsToAct: percentile(toAct, 0.5),
          windowDays: 90,
        },
      };
    });
    return { stats, gapRows, persons };
  }

  beforeAll(async () => {
    hub = await startTestHub(kind);
    await seedDatabase(hub.dataSource, SEED);
    store = ParameterStore.fromFolder(POLICY_DIR);
    const modules = withModules();
    service = new CoverageService(hub.dataSource, store, (manager) => createLoaders(manager, modules));
    // Some notifications acted on, some acknowledged only: the push figures are not all zero.
    const copies = await hub.dataSource.manager.find(PushNotification, { where: { status: NotificationStatus.OPEN }, order: { sequence: 'ASC' }, take: 200 });
    const byDistrict = new Map<string, PushNotification[]>();
    for (const n of copies) byDistrict.set(n.districtCode, [...(byDistrict.get(n.districtCode) ?? []), n]);
    for (const [district, list] of [...byDistrict].slice(0, 3)) {
      const officer = hub.as({ sub: `officer-${district}`, role: 'district', district });
      const ids = list.slice(0, 3).map((n) => String(n.sequence));
      const ack = await officer(`mutation($d: String!, $ids: [ID!]!) { acknowledgeNotifications(districtCode: $d, ids: $ids) }`, { d: district, ids });
      expect(ack.errors).toBeUndefined();
      const acted = await officer(`mutation($d: String!, $id: ID!) { recordNotificationOutcome(districtCode: $d, id: $id, outcome: VISITED) { status } }`, { d: district, id: ids[0] });
      expect(acted.errors).toBeUndefined();
    }
    // One upload by human resources after the seed: its data freshness moves, the others' stay the seed's.
    const sent = await hub.as(HR, { 'x-purpose': 'monthly upload' })(INGEST_HUMAN_RESOURCES, {
      input: { incomeMonths: [{ idNumber: newIdNumber('120104', '1990-01-01'), month: '2025-09', amount: 100 }] },
    });
    expect(sent.errors).toBeUndefined();
  }, 600_000);

  afterAll(async () => {
    if (passes.length) process.stdout.write(`coverage pass on ${kind}: ${passes.map((p) => `${p.asOf} ${p.persons} persons in ${p.ms} ms (${Math.round((p.persons * 1000) / p.ms)} persons/s)`).join('; ')}\n`);
    await hub?.stop();
  });

  test('without a completed pass for the date the eligibility figures are null, and the answer says so', async () => {
    const res = await hub.gql(STATS, { asOf: DATES[0] });
    expect(res.errors).toBeUndefined();
    const stats = res.data.districtStats;
    expect(stats.map((s: { districtCode: string }) => s.districtCode)).toEqual([...TIANJIN_DISTRICT_CODES, CITY]);
    for (const s of stats) {
      expect(s).toMatchObject({ eligibility: null, findings: null, reviewsOverdue: null });
      expect(s.evaluation).toMatchObject({ asOf: DATES[0], status: 'NOT_EVALUATED', evaluatedAt: null, ruleIds: [], dataFreshness: [] });
      expect(s.evaluation.note).toMatch(/no evaluation pass/);
    }
    expect(stats.find((s: { districtCode: string }) => s.districtCode === CITY).persons).toBeGreaterThan(500);
  });

  test.each(DATES)('on %s every figure of every district and of the city equals a brute-force count', async (asOf) => {
    const before = Date.now();
    const result = await service.evaluate(asOf, { batchSize: 250 });
    passes.push({ asOf, persons: result.persons, ms: Date.now() - before });
    expect(result.status).toBe(CoverageRunStatus.DONE);
    const res = await hub.gql(STATS, { asOf });
    expect(res.errors).toBeUndefined();
    // Read, not recounted: the 2 runs, the run's stored counts, and the push's 2 (whatever the population).
    expect(res.extensions?.sqlStatements).toBe(5);
    const { stats: expected, gapRows, persons } = await bruteForce(asOf);
    expect(result.persons).toBe(persons.length);
    const actual = res.data.districtStats as Array<Record<string, any>>;
    const comparable: Array<Record<string, any>> = actual.map(({ districtName: _name, evaluation: _evaluation, ...rest }) => ({
      ...rest,
      eligibility: rest.eligibility.map(({ program: _program, ...r }: Record<string, unknown>) => r),
    }));
    expect(comparable).toEqual(expected);
    // Not all zero: the population has gaps, lapses, findings, overdue reviews and living away.
    const city = comparable.find((s) => s.districtCode === CITY)!;
    expect(city.eligibility.some((r: { eligibleNotEnrolled: number }) => r.eligibleNotEnrolled > 0)).toBe(true);
    expect(city.livingAway).toBeGreaterThan(0);
    expect(city.programs.some((p: { persons: number }) => p.persons > 0)).toBe(true);
    expect(city.eligibility.some((r: { enrolledNotEligible: number }) => r.enrolledNotEligible > 0)).toBe(true);
    expect(city.findings.some((f: { findings: number; persons: number }) => f.findings > f.persons)).toBe(true);
    expect(city.reviewsOverdue.households).toBeGreaterThan(0);
    expect(city.push.acted).toBeGreaterThan(0);
    const evaluation = actual[0].evaluation;
    expect(evaluation).toMatchObject({ asOf, status: 'DONE', persons: persons.length });
    expect(new Date(evaluation.evaluatedAt).getTime()).toBeGreaterThanOrEqual(new Date(evaluation.startedAt).getTime());
    const freshness = Object.fromEntries(evaluation.dataFreshness.map((f: { department: string; lastReceivedAt: string | null }) => [f.department, f.lastReceivedAt]));
    // Each department's newest receipt: the seed's for civil affairs and disability, the later upload's for human resources.
    expect(freshness['civil-affairs']).toEqual(expect.any(String));
    expect(freshness.disability).toEqual(expect.any(String));
    expect(new Date(freshness['human-resources']).getTime()).toBeGreaterThan(new Date(freshness['civil-affairs']).getTime());
    // The stored rows are the brute force's, to the person: what a gap list will page through.
    const rows = await hub.dataSource.manager.find(CoveragePersonRule, { where: { runId: result.runId } });
    expect(new Set(rows.map((r) => `${r.ruleId}|${r.idNumber}|${r.gap}`))).toEqual(gapRows);
  }, 300_000);

  test('the persons filter counts the same enrolled persons as the program figures', async () => {
    const stats = (await hub.gql(STATS, { asOf: DATES[0] })).data.districtStats as Array<Record<string, any>>;
    for (const district of ['120101', '120104']) {
      const figures = stats.find((s) => s.districtCode === district)!;
      for (const program of [Program.DIBAO, Program.LOW_INCOME]) {
        const res = await hub.gql(`query($f: PersonFilter) { persons(filter: $f, first: 1) { totalCount } }`, { f: { district, enrolledProgram: program, asOf: DATES[0] } });
        expect(res.errors).toBeUndefined();
        expect(figures.programs.find((p: { program: string }) => p.program === program).persons).toBe(res.data.persons.totalCount);
      }
    }
  });

  test('a district officer sees their district and the city; analysts every district; departments nothing', async () => {
    const admin = (await hub.gql(STATS, { asOf: DATES[0] })).data.districtStats as Array<{ districtCode: string }>;
    const heping = await hub.as(HEPING)(STATS, { asOf: DATES[0] });
    expect(heping.errors).toBeUndefined();
    expect(heping.data.districtStats).toEqual(admin.filter((s) => s.districtCode === '120101' || s.districtCode === CITY));
    const analyst = await hub.as(ANALYST)(STATS, { asOf: DATES[0] });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data.districtStats).toEqual(admin);
    const department = await hub.as(HR, { 'x-purpose': 'curious' })(STATS, { asOf: DATES[0] });
    expect(department.data ?? null).toBeNull();
    expect(department.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('a new pass for a date replaces the old one once done; a stopped pass leaves the last done one in place', async () => {
    const asOf = DATES[0];
    const before = (await hub.gql(STATS, { asOf })).data.districtStats;
    const [previous] = await hub.dataSource.manager.find(CoverageRun, { where: { asOf } });
    await expect(service.evaluate(asOf, { batchSize: 100, shouldStop: () => true })).rejects.toThrow(/stopped/);
    const runs = await hub.dataSource.manager.find(CoverageRun, { where: { asOf }, order: { id: 'ASC' } });
    expect(runs.map((r) => r.status)).toEqual([CoverageRunStatus.DONE, CoverageRunStatus.FAILED]);
    expect(await hub.dataSource.manager.count(CoveragePersonRule, { where: { runId: runs[1].id } })).toBe(0);
    const during = (await hub.gql(STATS, { asOf })).data.districtStats;
    expect(during).toEqual(before);
    const again = await service.evaluate(asOf);
    const after = await hub.dataSource.manager.find(CoverageRun, { where: { asOf } });
    expect(after.map((r) => r.id)).toEqual([again.runId]);
    expect(await hub.dataSource.manager.count(CoveragePersonRule, { where: { runId: previous.id } })).toBe(0);
    const now = (await hub.gql(STATS, { asOf })).data.districtStats as Array<Record<string, any>>;
    const strip = (list: Array<Record<string, any>>) => list.map(({ evaluation: _e, ...rest }) => rest);
    expect(strip(now)).toEqual(strip(before));
    expect(now[0].evaluation.startedAt).not.toBe(before[0].evaluation.startedAt);
  }, 300_000);

  test("a page view reads the pass's stored figures: records sent later move them only on a date without a pass, or in the next pass", async () => {
    const asOf = DATES[1];
    const byArea = (list: Array<Record<string, any>>) => {
      const map = new Map(list.map((s) => [s.districtCode as string, s]));
      return { get: (area: string) => map.get(area) as Record<string, any>, entries: () => [...map] };
    };
    const before = byArea((await hub.gql(STATS, { asOf })).data.districtStats);
    const noPassDate = '2026-05-01';
    const liveBefore = byArea((await hub.gql(STATS, { asOf: noPassDate })).data.districtStats);
    const newcomer = newIdNumber('120101', '1985-06-06');
    const sent = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ idNumber: newcomer, name: '赵新', registeredDistrict: '120101' }] } });
    expect(sent.errors).toBeUndefined();

    const cached = await hub.gql(STATS, { asOf });
    expect(cached.extensions?.sqlStatements).toBe(5);
    const after = byArea(cached.data.districtStats);
    expect(after.get('120101').persons).toBe(before.get('120101').persons);
    expect(after.get(CITY).persons).toBe(before.get(CITY).persons);
    expect(after.get(CITY).evaluation.note).toMatch(/on the records held when it started/);

    // Without a pass the records are counted on the request (and the statements show it).
    const live = await hub.gql(STATS, { asOf: noPassDate });
    expect(live.extensions?.sqlStatements).toBeGreaterThan(5);
    const liveAfter = byArea(live.data.districtStats);
    expect(liveAfter.get('120101').persons).toBe(liveBefore.get('120101').persons + 1);
    expect(liveAfter.get(CITY).persons).toBe(liveBefore.get(CITY).persons + 1);
    expect(liveAfter.get('120104').persons).toBe(liveBefore.get('120104').persons);

    // A run completed before counts were stored: its rows and the records are counted now, to the same eligibility figures.
    const [run] = await hub.dataSource.manager.find(CoverageRun, { where: { asOf, status: CoverageRunStatus.DONE } });
    await hub.dataSource.manager.delete(CoverageCount, { runId: run.id });
    const recounted = byArea((await hub.gql(STATS, { asOf })).data.districtStats);
    expect(recounted.get(CITY).persons).toBe(before.get(CITY).persons + 1);
    for (const [area, figures] of before.entries()) {
      expect(recounted.get(area).eligibility).toEqual(figures.eligibility);
      expect(recounted.get(area).findings).toEqual(figures.findings);
      expect(recounted.get(area).reviewsOverdue).toEqual(figures.reviewsOverdue);
    }
  });
});
