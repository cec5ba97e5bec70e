import path from 'node:path';
import type { Caller } from '../../src/auth/caller';
import { PROJECT_ROOT } from '../../src/common/paths';
import { CoverageGap, CoveragePersonRule } from '../../src/coverage/coverage.entities';
import { CoverageService } from '../../src/coverage/coverage.service';
import { ParameterStore } from '../../src/policy/parameter-store';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * CSV export of gap lists (issue 10 point 4): GET /export/persons.csv and households.csv, run
 * page by page through the GraphQL pipeline: the rows equal the API's list, the caller's scope
 * and masking apply, every exported person is audited, and no token means no file.
 */

const ASOF = '2025-10-15';
const POLICY_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const HEPING: Caller = { sub: 'csv-heping', role: 'district', district: '120101' };
const ANALYST: Caller = { sub: 'csv-analyst', role: 'analyst' };

const LIST = /* GraphQL */ `
  query Gap($filter: PersonFilter, $first: Int, $after: String) {
    persons(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { idNumber name registeredDistrict residenceDistrict household { householdNumber } } }
    }
  }
`;

/** Parses the hub's CSV (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe.each(databasesUnderTest())('CSV export of gap lists (%s)', (kind) => {
  let hub: TestHub;
  let ruleId: string;
  /** A rule with lapsed (ENROLLED_NOT_ELIGIBLE) rows. */
  let lapsedRuleId: string;

  async function apiList(caller: Caller | null, filter: Record<string, unknown>): Promise<string[][]> {
    const gql = caller ? hub.as(caller) : hub.gql;
    const rows: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse = await gql(LIST, { filter, first: 4, after });
      expect(res.errors).toBeUndefined();
      for (const { node: n } of res.data.persons.edges) rows.push([n.idNumber, n.name, n.registeredDistrict, n.residenceDistrict ?? '', n.household?.householdNumber ?? '']);
      if (!res.data.persons.pageInfo.hasNextPage) return rows;
      after = res.data.persons.pageInfo.endCursor;
    }
  }

  async function download(file: string, caller: Caller | null, params: Record<string, string>, headers: Record<string, string> = {}) {
    const auth: Record<string, string> = caller ? { authorization: `Bearer ${await hub.token(caller)}` } : {};
    return fetch(`${hub.url}/export/${file}?${new URLSearchParams(params)}`, { headers: { ...auth, ...headers } });
  }

  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_PAGE: '4' });
    await seedDatabase(hub.dataSource, { households: 300, seed: 2020, asOf: ASOF });
    const modules = withModules();
    const service = new CoverageService(hub.dataSource, ParameterStore.fromFolder(POLICY_DIR), (manager) => createLoaders(manager, modules));
    const { runId } = await service.evaluate(ASOF, { batchSize: 500 });
    // The rule with the most gap rows: an export of several pages.
    const counts = await hub.dataSource.manager
      .createQueryBuilder(CoveragePersonRule, 'g')
      .select('g.ruleId', 'ruleId')
      .addSelect('COUNT(*)', 'n')
      .where('g.runId = :runId AND g.gap = :gap', { runId, gap: CoverageGap.ELIGIBLE_NOT_ENROLLED })
      .groupBy('g.ruleId')
      .orderBy('n', 'DESC')
      .getRawMany<{ ruleId: string; n: unknown }>();
    ruleId = counts[0].ruleId;
    expect(Number(counts[0].n)).toBeGreaterThan(4);
    const lapsed = await hub.dataSource.manager.findOne(CoveragePersonRule, { where: { runId, gap: CoverageGap.ENROLLED_NOT_ELIGIBLE }, order: { ruleId: 'ASC' } });
    if (!lapsed) throw new Error('the seeded population has no lapsed row to export');
    lapsedRuleId = lapsed.ruleId;
  }, 600_000);

  afterAll(() => hub?.stop());

  it('exports the API list row for row, with a BOM and a bilingual header', async () => {
    const params = { eligibleFor: ruleId, notEnrolled: 'true', asOf: ASOF };
    const res = await download('persons.csv', { sub: 'csv-admin', role: 'admin' }, params);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header[0]).toBe('身份证号 ID number');
    const expected = await apiList(null, { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[6]])).toEqual(expected);
    for (const r of rows) expect(r[4]).toBe(ruleId);
  });

  it('exports the lapsed list (enrolledNotEligibleFor), and refuses it mixed with the gap fields', async () => {
    const admin: Caller = { sub: 'csv-admin', role: 'admin' };
    const res = await download('persons.csv', admin, { enrolledNotEligibleFor: lapsedRuleId, asOf: ASOF });
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv((await res.text()).replace(/^\ufeff/, ''));
    const expected = await apiList(null, { enrolledNotEligibleFor: lapsedRuleId, asOf: ASOF });
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[6]])).toEqual(expected);
    for (const r of rows) expect(r[4]).toBe(lapsedRuleId);
    const mixed = await download('persons.csv', admin, { enrolledNotEligibleFor: lapsedRuleId, notEnrolled: 'true', asOf: ASOF });
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.enrolledNotEligibleFor' });
  });

  it('cuts to the district officer\'s scope and audits every exported person', async () => {
    const res = await download('persons.csv', HEPING, { eligibleFor: ruleId, notEnrolled: 'true', asOf: ASOF });
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv((await res.text()).replace(/^\ufeff/, ''));
    const expected = await apiList(HEPING, { eligibleFor: ruleId, notEnrolled: true, asOf: ASOF });
    expect(rows.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
    for (const r of rows) expect([r[2], r[3]]).toContain(HEPING.district);
    const audited = await hub.dataSource.query(`SELECT DISTINCT p.idNumber FROM audit_entry e JOIN audit_entry_person p ON p.entryId = e.id WHERE e.sub = 'csv-heping'`);
    expect(new Set(audited.map((r: { idNumber: string }) => r.idNumber))).toEqual(new Set(rows.map((r) => r[0])));
  });

  it('gives analysts pseudonyms and no names', async () => {
    const res = await download('persons.csv', ANALYST, { eligibleFor: ruleId, notEnrolled: 'true', asOf: ASOF });
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv((await res.text()).replace(/^\ufeff/, ''));
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) {
      expect(r[0]).toMatch(/^P-/);
      expect(r[1]).toBe('***');
      if (r[6]) expect(r[6]).toMatch(/^H-/);
    }
  });

  it('exports households', async () => {
    const res = await download('households.csv', { sub: 'csv-admin', role: 'admin' }, { eligibleFor: ruleId, notEnrolled: 'true', asOf: ASOF });
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\ufeff/, ''));
    expect(header[0]).toBe('户号 Household number');
    const numbers = rows.map((r) => r[0]);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('refuses without a token, a department, and a list not evaluated, before any row', async () => {
    const anonymous = await download('persons.csv', null, { eligibleFor: ruleId, notEnrolled: 'true', asOf: ASOF });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(`${hub.url}/export/persons.csv?notEnrolled=true`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);
    const department = await download('persons.csv', { sub: 'hr', role: 'department', dept: 'human-resources' }, { notEnrolled: 'true', asOf: ASOF }, { 'x-purpose': 'check' });
    expect(department.status).toBe(403);
    const notEvaluated = await download('persons.csv', { sub: 'csv-admin', role: 'admin' }, { notEnrolled: 'true', asOf: '2024-01-02' });
    expect(((await notEvaluated.json()) as any).errors[0].extensions.code).toBe('NOT_EVALUATED');
  });
});
