import path from 'node:path';
import { In } from 'typeorm';
import type { Caller } from '../../src/auth/caller';
import { PROJECT_ROOT } from '../../src/common/paths';
import { CoverageGap, CoveragePersonRule } from '../../src/coverage/coverage.entities';
import { CoverageService } from '../../src/coverage/coverage.service';
import { Household } from '../../src/departments/civil-affairs/household.entity';
import { Person } from '../../src/departments/civil-affairs/person.entity';
import { TIANJIN_DISTRICT_CODES } from '../../src/identity/districts';
import { ParameterStore } from '../../src/policy/parameter-store';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * Gap lists (issue 10 point 4): `persons(filter: { eligibleFor, notEnrolled })` and `households`
 * on the seeded population after an evaluation pass, checked to the person against the stored gap
 * rows and against districtStats per district, within each caller's scope and masking.
 */

const ASOF = '2025-10-15';
const SEED = { households: 300, seed: 2020, asOf: ASOF };
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const HEPING: Caller = { sub: 'heping-officer', role: 'district', district: '120101' };
const ANALYST: Caller = { sub: 'gap-analyst', role: 'analyst' };

const GAP_PERSONS = /* GraphQL */ `
  query Gap($filter: PersonFilter, $first: Int, $after: String) {
    persons(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { idNumber name registeredDistrict residenceDistrict } }
    }
  }
`;
const GAP_HOUSEHOLDS = /* GraphQL */ `
  query Gap($filter: HouseholdGapFilter!, $first: Int, $after: String) {
    households(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { householdNumber registeredDistrict residenceDistrict } }
    }
  }
`;
const STATS = /* GraphQL */ `
  query Stats($asOf: LocalDate) { districtStats(asOf: $asOf) { districtCode eligibility { ruleId eligibleNotEnrolled enrolledNotEligible } } }
`;

type Node = Record<string, any>;

describe.each(databasesUnderTest())('gap lists (%s)', (kind) => {
  let hub: TestHub;
  let gapRows: CoveragePersonRule[];
  let ruleIds: string[];
  /** The ENROLLED_NOT_ELIGIBLE rows of the same run: the lapsed list's. */
  let lapsedRows: CoveragePersonRule[];
  let lapsedRuleIds: string[];

  async function all(as: Caller | null, query: string, field: 'persons' | 'households', filter: Record<string, unknown>): Promise<{ nodes: Node[]; totalCount: number }> {
    const gql = as ? hub.as(as) : hub.gql;
    const nodes: Node[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const res: GraphQLResponse = await gql(query, { filter, first: 100, after });
      expect(res.errors).toBeUndefined();
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: Node }> } = res.data[field];
      totalCount = page.totalCount;
      nodes.push(...page.edges.map((e: { node: Node }) => e.node));
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    hub = await startTestHub(kind);
    await seedDatabase(hub.dataSource, SEED);
    const modules = withModules();
    const service = new CoverageService(hub.dataSource, ParameterStore.fromFolder(POLICY_DIR), (manager) => createLoaders(manager, modules));
    const result = await service.evaluate(ASOF, { batchSize: 500 });
    gapRows = await hub.dataSource.manager.find(CoveragePersonRule, { where: { runId: result.runId, gap: CoverageGap.ELIGIBLE_NOT_ENROLLED } });
    ruleIds = [...new Set(gapRows.map((r) => r.ruleId))].sort();
    lapsedRows = await hub.dataSource.manager.find(CoveragePersonRule, { where: { runId: result.runId, gap: CoverageGap.ENROLLED_NOT_ELIGIBLE } });
    lapsedRuleIds = [...new Set(lapsedRows.map((r) => r.ruleId))].sort();
  }, 600_000);

  afterAll(() => hub?.stop());

  it('has a gap to list', () => {
    expect(ruleIds.length).toBeGreaterThan(1);
  });

  it('lists exactly the stored gap rows of each rule, and of any rule', async () => {
    for (const ruleId of ruleIds) {
      const { nodes, totalCount } = await all(null, GAP_PERSONS, 'persons', { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
      const expected = gapRows.filter((r) => r.ruleId === ruleId).map((r) => r.idNumber).sort();
      expect(nodes.map((n) => n.idNumber)).toEqual(expected);
      expect(totalCount).toBe(expected.length);
    }
    const any = await all(null, GAP_PERSONS, 'persons', { notEnrolled: true, asOf: ASOF });
    expect(any.nodes.map((n) => n.idNumber)).toEqual([...new Set(gapRows.map((r) => r.idNumber))].sort());
  });

  it('agrees with districtStats in every district, to the person', async () => {
    const stats = await hub.gql(STATS, { asOf: ASOF });
    expect(stats.errors).toBeUndefined();
    for (const district of TIANJIN_DISTRICT_CODES) {
      const entry = stats.data.districtStats.find((s: Node) => s.districtCode === district);
      for (const { ruleId, eligibleNotEnrolled } of entry.eligibility) {
        const res = await hub.gql(GAP_PERSONS, { filter: { eligibleFor: ruleId, notEnrolled: true, district, asOf: ASOF }, first: 1 });
        expect(res.errors).toBeUndefined();
        expect([district, ruleId, res.data.persons.totalCount]).toEqual([district, ruleId, eligibleNotEnrolled]);
      }
    }
    // One district's list to the person.
    const busiest = ruleIds[0];
    const { nodes } = await all(null, GAP_PERSONS, 'persons', { eligibleFor: busiest, notEnrolled: true, district: HEPING.district, asOf: ASOF });
    const expected = gapRows
      .filter((r) => r.ruleId === busiest && (r.registeredDistrict === HEPING.district || r.residenceDistrict === HEPING.district))
      .map((r) => r.idNumber)
      .sort();
    expect(nodes.map((n) => n.idNumber)).toEqual(expected);
  });

  it('gives a district officer only their district, and an analyst pseudonyms', async () => {
    const ruleId = ruleIds[0];
    const theirs = await all(HEPING, GAP_PERSONS, 'persons', { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    const inHeping = gapRows.filter((r) => r.ruleId === ruleId && (r.registeredDistrict === HEPING.district || r.residenceDistrict === HEPING.district));
    expect(theirs.nodes.map((n) => n.idNumber)).toEqual(inHeping.map((r) => r.idNumber).sort());
    for (const n of theirs.nodes) expect([n.registeredDistrict, n.residenceDistrict]).toContain(HEPING.district);

    const masked = await all(ANALYST, GAP_PERSONS, 'persons', { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    expect(masked.totalCount).toBe(gapRows.filter((r) => r.ruleId === ruleId).length);
    for (const n of masked.nodes) {
      expect(n.idNumber).toMatch(/^P-/);
      expect(n.name).toBe('***');
    }
  });

  it('lists the households of the gap, scoped like household', async () => {
    const ruleId = ruleIds[0];
    const numbers = [...new Set(gapRows.filter((r) => r.ruleId === ruleId && r.householdNumber != null).map((r) => r.householdNumber as string))].sort();
    const { nodes, totalCount } = await all(null, GAP_HOUSEHOLDS, 'households', { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    expect(nodes.map((n) => n.householdNumber)).toEqual(numbers);
    expect(totalCount).toBe(numbers.length);

    const households = await hub.dataSource.manager.find(Household, { where: { householdNumber: In(numbers) } });
    const hepingNumbers = households.filter((h) => h.registeredDistrict === HEPING.district || h.residenceDistrict === HEPING.district).map((h) => h.householdNumber).sort();
    const theirs = await all(HEPING, GAP_HOUSEHOLDS, 'households', { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    expect(theirs.nodes.map((n) => n.householdNumber)).toEqual(hepingNumbers);
  });

  it('refuses what it cannot answer with stable codes', async () => {
    const notEvaluated = await hub.gql(GAP_PERSONS, { filter: { eligibleFor: ruleIds[0], notEnrolled: true, asOf: '2024-01-02' } });
    expect(notEvaluated.errors?.[0].extensions?.code).toBe('NOT_EVALUATED');
    const households = await hub.gql(GAP_HOUSEHOLDS, { filter: { notEnrolled: true, asOf: '2024-01-02' } });
    expect(households.errors?.[0].extensions?.code).toBe('NOT_EVALUATED');
    const unknown = await hub.gql(GAP_PERSONS, { filter: { eligibleFor: 'no.such.rule', notEnrolled: true, asOf: ASOF } });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_RULE');
    const alone = await hub.gql(GAP_PERSONS, { filter: { eligibleFor: ruleIds[0], asOf: ASOF } });
    expect(alone.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.eligibleFor' });
    const department = await hub.as({ sub: 'hr', role: 'department', dept: 'human-resources' }, { 'x-purpose': 'check' })(GAP_PERSONS, {
      filter: { notEnrolled: true, asOf: ASOF },
    });
    expect(department.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('audits the persons listed', async () => {
    const ruleId = ruleIds[0];
    const res = await hub.as(HEPING)(GAP_PERSONS, { filter: { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF }, first: 5 });
    const listed: string[] = res.data.persons.edges.map((e: { node: Node }) => e.node.idNumber);
    const entries = await hub.dataSource.query(
      `SELECT p.idNumber FROM audit_entry e JOIN audit_entry_person p ON p.entryId = e.id WHERE e.sub = 'heping-officer' ORDER BY e.at DESC`,
    );
    const audited = new Set(entries.map((r: { idNumber: string }) => r.idNumber));
    for (const id of listed) expect(audited.has(id)).toBe(true);
    expect(await hub.dataSource.manager.count(Person)).toBeGreaterThan(listed.length);
  });

  describe('the lapsed list (enrolledNotEligibleFor)', () => {
    const inHeping = (r: CoveragePersonRule) => r.registeredDistrict === HEPING.district || r.residenceDistrict === HEPING.district;
    /** The rule with the most lapsed rows in Heping: a district list worth checking person by person. */
    const hepingRule = () => {
      const counts = lapsedRuleIds.map((ruleId) => [ruleId, lapsedRows.filter((r) => r.ruleId === ruleId && inHeping(r)).length] as const);
      return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    };

    it('has lapsed rows, in Heping too', () => {
      expect(lapsedRuleIds.length).toBeGreaterThan(0);
      expect(lapsedRows.filter(inHeping).length).toBeGreaterThan(0);
    });

    it('counts districtStats\' enrolledNotEligible in every district and rule, and lists one district to the person', async () => {
      const stats = await hub.gql(STATS, { asOf: ASOF });
      expect(stats.errors).toBeUndefined();
      let nonZero = 0;
      for (const district of TIANJIN_DISTRICT_CODES) {
        const entry = stats.data.districtStats.find((s: Node) => s.districtCode === district);
        for (const { ruleId, enrolledNotEligible } of entry.eligibility) {
          const res = await hub.gql(GAP_PERSONS, { filter: { enrolledNotEligibleFor: ruleId, district, asOf: ASOF }, first: 1 });
          expect(res.errors).toBeUndefined();
          expect([district, ruleId, res.data.persons.totalCount]).toEqual([district, ruleId, enrolledNotEligible]);
          if (enrolledNotEligible > 0) nonZero++;
        }
      }
      expect(nonZero).toBeGreaterThan(0);

      const ruleId = hepingRule();
      const { nodes, totalCount } = await all(null, GAP_PERSONS, 'persons', { enrolledNotEligibleFor: ruleId, district: HEPING.district, asOf: ASOF });
      const expected = lapsedRows.filter((r) => r.ruleId === ruleId && inHeping(r)).map((r) => r.idNumber).sort();
      expect(nodes.map((n) => n.idNumber)).toEqual(expected);
      expect(totalCount).toBe(expected.length);
      // Nobody of the coverage gap of the rule is in it: the two lists are disjoint per rule.
      const gap = new Set(gapRows.filter((r) => r.ruleId === ruleId).map((r) => r.idNumber));
      for (const id of expected) expect(gap.has(id)).toBe(false);
    });

    it('gives a district officer only their district, and lists households the same way', async () => {
      const ruleId = hepingRule();
      const theirs = await all(HEPING, GAP_PERSONS, 'persons', { enrolledNotEligibleFor: ruleId, asOf: ASOF });
      expect(theirs.nodes.map((n) => n.idNumber)).toEqual(lapsedRows.filter((r) => r.ruleId === ruleId && inHeping(r)).map((r) => r.idNumber).sort());
      const everyone = await all(null, GAP_PERSONS, 'persons', { enrolledNotEligibleFor: ruleId, asOf: ASOF });
      expect(everyone.totalCount).toBe(lapsedRows.filter((r) => r.ruleId === ruleId).length);
      expect(theirs.totalCount).toBeLessThan(everyone.totalCount);

      const numbers = [...new Set(lapsedRows.filter((r) => r.ruleId === ruleId && r.householdNumber != null).map((r) => r.householdNumber as string))].sort();
      const households = await all(null, GAP_HOUSEHOLDS, 'households', { enrolledNotEligibleFor: ruleId, asOf: ASOF });
      expect(households.nodes.map((n) => n.householdNumber)).toEqual(numbers);
      const rows = await hub.dataSource.manager.find(Household, { where: { householdNumber: In(numbers) } });
      const hepingNumbers = rows.filter((h) => h.registeredDistrict === HEPING.district || h.residenceDistrict === HEPING.district).map((h) => h.householdNumber).sort();
      const hepingHouseholds = await all(HEPING, GAP_HOUSEHOLDS, 'households', { enrolledNotEligibleFor: ruleId, asOf: ASOF });
      expect(hepingHouseholds.nodes.map((n) => n.householdNumber)).toEqual(hepingNumbers);
    });

    it('refuses an unknown rule, a mix with the gap fields and a date not evaluated', async () => {
      const ruleId = lapsedRuleIds[0];
      const field = 'filter.enrolledNotEligibleFor';
      const unknown = await hub.gql(GAP_PERSONS, { filter: { enrolledNotEligibleFor: 'no.such.rule', asOf: ASOF } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'UNKNOWN_RULE', field });
      for (const mix of [{ eligibleFor: ruleId, notEnrolled: true }, { notEnrolled: true }, { eligibleFor: ruleId }, { notEnrolled: false }]) {
        const persons = await hub.gql(GAP_PERSONS, { filter: { ...mix, enrolledNotEligibleFor: ruleId, asOf: ASOF } });
        expect(persons.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(persons.errors?.[0].message).toMatch(/nobody is in both/);
        const households = await hub.gql(GAP_HOUSEHOLDS, { filter: { ...mix, enrolledNotEligibleFor: ruleId, asOf: ASOF } });
        expect(households.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const notEvaluated = await hub.gql(GAP_PERSONS, { filter: { enrolledNotEligibleFor: ruleId, asOf: '2024-01-02' } });
      expect(notEvaluated.errors?.[0].extensions).toMatchObject({ code: 'NOT_EVALUATED', field });
      const households = await hub.gql(GAP_HOUSEHOLDS, { filter: { enrolledNotEligibleFor: ruleId, asOf: '2024-01-02' } });
      expect(households.errors?.[0].extensions?.code).toBe('NOT_EVALUATED');
      const neither = await hub.gql(GAP_HOUSEHOLDS, { filter: { asOf: ASOF } });
      expect(neither.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.notEnrolled' });
    });
  });
});
