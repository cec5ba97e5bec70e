import path from 'node:path';
import type { Caller } from '../../src/auth/caller';
import { PROJECT_ROOT } from '../../src/common/paths';
import { findingsForMany } from '../../src/cross-check/finding-facts';
import type { HubModule } from '../../src/context/hub-module';
import { createFindingsListService } from '../../src/cross-check/findings-list.factory';
import type { FindingsListLimits } from '../../src/cross-check/findings-list.service';
import { Person } from '../../src/departments/civil-affairs/person.entity';
import { ParameterStore } from '../../src/policy/parameter-store';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { INGEST_CIVIL_AFFAIRS, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Reading findings (docs/findings.md, "Reading findings"): each code on a person built for it and
 * in the district's list filtered by that code, nothing where the records do not support one, a
 * district officer kept to their district, findings resting on another district's household
 * withheld, pages that neither skip nor repeat across chunk and budget boundaries, and the audit.
 * The scan limits are shrunk (two persons a chunk, three a page, totals up to eight persons) so
 * that a dozen persons cross every boundary.
 */

const AS_OF = '2025-06-01'; // the 3 full months before: 2025-03, 2025-04, 2025-05
const HEPING = '120101';
const BINHAI = '120116';
const officer = (district: string, sub = `officer-${district}`): Caller => ({ sub, role: 'district', district });
const ANALYST: Caller = { sub: 'analyst-findings', role: 'analyst' };
const HR: Caller = { sub: 'hr-findings', role: 'department', dept: 'human-resources' };

const FINDING = 'code clause recordKey withheld evidence { department record recordId values } values';
const PERSON_FINDINGS = `query($id: String!, $asOf: LocalDate) { person(idNumber: $id) { idNumber crossCheckFindings(asOf: $asOf) { ${FINDING} } } }`;
const LIST = `query($d: String, $code: FindingCode, $asOf: LocalDate, $first: Int, $after: String, $total: Boolean!) {
  findings(districtCode: $d, code: $code, asOf: $asOf, first: $first, after: $after) {
    totalCount @include(if: $total)
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { person { idNumber registeredDistrict residenceDistrict } finding { ${FINDING} } } }
  } }`;

type World = Awaited<ReturnType<typeof world>>;

async function world(hub: TestHub) {
  const w = {
    insured: newIdNumber(HEPING, '1980-01-01'),
    unregistered: newIdNumber(HEPING, '1982-02-02'),
    idle: newIdNumber(HEPING, '1985-03-03'),
    benefit: newIdNumber(HEPING, '1986-04-04', 'FEMALE'),
    earner: newIdNumber(HEPING, '2000-05-05'),
    misnamed: newIdNumber(HEPING, '1975-06-06'),
    paidRegistered: newIdNumber(HEPING, '1978-07-07'),
    away: newIdNumber(HEPING, '1983-08-08'),
    livesInHeping: newIdNumber(BINHAI, '1979-09-09'),
    plain: newIdNumber(HEPING, '1990-10-10'),
    awayHead: newIdNumber(BINHAI, '1960-11-11'),
    binhai: newIdNumber(BINHAI, '1981-12-12'),
    household: newHouseholdNumber(HEPING),
    awayHousehold: newHouseholdNumber(BINHAI),
    payments: {
      insured: newRecordNumber('TA'),
      unregistered: newRecordNumber('TA'),
      late: newRecordNumber('TA'),
      paidRegistered: newRecordNumber('TA'),
      livesInHeping: newRecordNumber('TA'),
      binhai: newRecordNumber('TA'),
    },
    misnamedRegistration: newRecordNumber('R'),
  };
  const person = (idNumber: string, registeredDistrict: string, residenceDistrict: string | null = null) => ({
    idNumber, name: '王测', registeredDistrict, residenceDistrict,
  });
  const payment = (paymentNumber: string, idNumber: string, paidOn: string) => ({ paymentNumber, idNumber, paidOn, amount: 500, kind: 'EMERGENCY' });
  const civil = await hub.gql(INGEST_CIVIL_AFFAIRS, {
    input: {
      persons: [
        ...[w.insured, w.unregistered, w.idle, w.benefit, w.earner, w.paidRegistered, w.away, w.plain].map((id) => person(id, HEPING)),
        { ...person(w.misnamed, HEPING), name: '李思' },
        person(w.livesInHeping, BINHAI, HEPING),
        person(w.awayHead, BINHAI),
        person(w.binhai, BINHAI),
      ],
      households: [
        { householdNumber: w.household, registeredDistrict: HEPING, members: [
          { idNumber: w.idle, relation: 'HEAD', monthlyIncome: 0 },
          { idNumber: w.benefit, relation: 'SPOUSE', monthlyIncome: 0 },
          { idNumber: w.earner, relation: 'CHILD', monthlyIncome: 0 },
        ] },
        { householdNumber: w.awayHousehold, registeredDistrict: BINHAI, residenceDistrict: BINHAI, members: [
          { idNumber: w.awayHead, relation: 'HEAD', monthlyIncome: 0 },
          { idNumber: w.away, relation: 'CHILD', monthlyIncome: 0 },
        ] },
      ],
      enrollments: [
        { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.household, startDate: '2024-01-01', monthlyAmount: 2000 },
        { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.awayHousehold, startDate: '2024-01-01', monthlyAmount: 2000 },
      ],
      temporaryAssistancePayments: [
        payment(w.payments.insured, w.insured, '2025-05-01'),
        payment(w.payments.unregistered, w.unregistered, '2025-04-10'),
        // After asOf: does not exist yet on that date.
        payment(w.payments.late, w.plain, '2025-07-01'),
        payment(w.payments.paidRegistered, w.paidRegistered, '2025-05-05'),
        payment(w.payments.livesInHeping, w.livesInHeping, '2025-05-06'),
        payment(w.payments.binhai, w.binhai, '2025-05-07'),
      ],
    },
  });
  expect(civil.data.ingestCivilAffairs.errors).toEqual([]);
  const registration = (idNumber: string, startDate: string, name = '王测', registrationNumber = newRecordNumber('R')) => ({
    registrationNumber, idNumber, name, district: HEPING, startDate,
  });
  const insurance = (idNumber: string, startDate: string, drawingBenefit: boolean) => ({ idNumber, name: '王测', startDate, drawingBenefit });
  const hr = await hub.gql(INGEST_HUMAN_RESOURCES, {
    input: {
      unemploymentRegistrations: [
        registration(w.insured, '2025-01-01'),
        registration(w.benefit, '2025-02-01'),
        registration(w.misnamed, '2025-01-01', '李四', w.misnamedRegistration),
        registration(w.paidRegistered, '2024-01-01'),
        registration(w.away, '2025-01-01'),
      ],
      insuranceEnrollments: [
        insurance(w.insured, '2025-01-01', false),
        insurance(w.benefit, '2025-02-01', true),
        insurance(w.away, '2025-01-01', true),
      ],
      incomeMonths: [
        ...['2025-03', '2025-04', '2025-05'].map((month) => ({ idNumber: w.idle, month, amount: 0 })),
        { idNumber: w.earner, month: '2025-04', amount: 3000 },
      ],
    },
  });
  expect(hr.data.ingestHumanResources.errors).toEqual([]);
  return w;
}

/** Every finding of the world on AS_OF, as [person, code, recordKey], in the list's order. */
function expectedFindings(w: World): Array<[string, string, string]> {
  const all: Array<[string, string, string]> = [
    [w.insured, 'TEMPORARY_ASSISTANCE_WHILE_INSURED', w.payments.insured],
    [w.unregistered, 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', w.payments.unregistered],
    [w.idle, 'DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED', w.household],
    [w.benefit, 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', `${w.household}/${w.benefit}@2025-02-01`],
    [w.misnamed, 'NAME_MISMATCH', `unemployment-registration:${w.misnamedRegistration}`],
    [w.away, 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', `${w.awayHousehold}/${w.away}@2025-01-01`],
    [w.livesInHeping, 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', w.payments.livesInHeping],
    [w.binhai, 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', w.payments.binhai],
  ];
  return all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const inDistrict = (w: World, district: string) => (id: string) =>
  district === HEPING ? ![w.awayHead, w.binhai].includes(id) : [w.awayHead, w.binhai, w.livesInHeping].includes(id);

const triple = (edge: any): [string, string, string] => [edge.node.person.idNumber, edge.node.finding.code, edge.node.finding.recordKey];

/** Every page of a list, following endCursor; the pages as they came. */
async function allPages(gql: TestHub['gql'], variables: Record<string, unknown>): Promise<any[]> {
  const pages: any[] = [];
  let after = (variables.after as string | undefined) ?? null;
  for (let i = 0; i < 50; i++) {
    const res: any = await gql(LIST, { asOf: AS_OF, total: false, ...variables, after });
    expect(res.errors).toBeUndefined();
    pages.push(res.data.findings);
    if (!res.data.findings.pageInfo.hasNextPage) return pages;
    after = res.data.findings.pageInfo.endCursor;
  }
  throw new Error('the list did not end');
}

/** The hub's findings list with smaller scan limits, so that a handful of persons crosses every boundary. */
function smallerScans(limits: FindingsListLimits): HubModule<'findingsList'> {
  return { name: 'findings list with smaller scans', createServices: (env) => ({ findingsList: createFindingsListService(env, limits) }) };
}

describe.each(databasesUnderTest())('reading findings on %s', (kind) => {
  let hub: TestHub;
  let w: World;
  beforeAll(async () => {
    hub = await startTestHub(kind, {}, { extraModules: [smallerScans({ chunkPersons: 2, pagePersons: 3, totalCountPersons: 8 })] });
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  const personFindings = async (id: string, gql = hub.gql) => {
    const res = await gql(PERSON_FINDINGS, { id, asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    return res.data.person?.crossCheckFindings ?? null;
  };

  test('each code on the person built for it, with its evidence', async () => {
    const codes = async (id: string) => (await personFindings(id)).map((f: any) => [f.code, f.recordKey]);
    for (const [id, code, key] of expectedFindings(w)) expect(await codes(id)).toEqual([[code, key]]);

    const [insured] = await personFindings(w.insured);
    expect(insured).toMatchObject({ clause: '6', withheld: false, values: { paidOn: '2025-05-01', amount: 500, insuredSince: ['2025-01-01'] } });
    expect(insured.evidence.map((e: any) => [e.department, e.record, e.recordId])).toEqual([
      ['civil-affairs', 'temporary-assistance-payment', w.payments.insured],
      ['human-resources', 'insurance-enrollment', `${w.insured}@2025-01-01`],
    ]);
    const [idle] = await personFindings(w.idle);
    expect(idle).toMatchObject({ clause: '1.3', values: { householdNumber: w.household, age: 40, months: ['2025-03', '2025-04', '2025-05'] } });
    const [misnamed] = await personFindings(w.misnamed);
    expect(misnamed.values).toMatchObject({ civilAffairsName: '李思', otherName: '李四' });
  });

  test('no finding where the records do not support one', async () => {
    // Registered when paid; dibao member with income in the window; no records at all; paid after asOf.
    for (const id of [w.paidRegistered, w.earner, w.plain, w.awayHead]) expect(await personFindings(id)).toEqual([]);
    // Before the payment and the enrollments, the insured person has nothing either.
    const res = await hub.gql(PERSON_FINDINGS, { id: w.insured, asOf: '2025-04-30' });
    expect(res.data.person.crossCheckFindings).toEqual([]);
    // On the late payment's date it is a finding.
    const late = await hub.gql(PERSON_FINDINGS, { id: w.plain, asOf: '2025-07-01' });
    expect(late.data.person.crossCheckFindings.map((f: any) => [f.code, f.recordKey])).toEqual([['TEMPORARY_ASSISTANCE_NOT_REGISTERED', w.payments.late]]);
  });

  test('the list filtered by each code and district holds exactly the persons built for it', async () => {
    const expected = expectedFindings(w);
    for (const code of ['TEMPORARY_ASSISTANCE_WHILE_INSURED', 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', 'DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED', 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', 'NAME_MISMATCH']) {
      for (const district of [HEPING, BINHAI]) {
        const listed = (await allPages(hub.gql, { d: district, code, first: 2 })).flatMap((p) => p.edges.map(triple));
        expect(listed).toEqual(expected.filter(([id, c]) => c === code && inDistrict(w, district)(id)));
        expect(expected.some(([id, c]) => c === code && inDistrict(w, HEPING)(id))).toBe(true);
      }
    }
    // The whole city (admins), every code.
    const city = (await allPages(hub.gql, { first: 3 })).flatMap((p) => p.edges.map(triple));
    expect(city).toEqual(expected);
  });

  test('pages neither skip nor repeat, whatever their size, across chunks and scan budgets', async () => {
    const expected = expectedFindings(w).filter(([id]) => inDistrict(w, HEPING)(id));
    for (const first of [1, 2, 3, 5]) {
      const pages = await allPages(hub.gql, { d: HEPING, first });
      const listed = pages.flatMap((p) => p.edges.map(triple));
      expect(listed).toEqual(expected);
      for (const page of pages) expect(page.edges.length).toBeLessThanOrEqual(first);
      expect(pages.slice(1).every((p) => p.pageInfo.hasPreviousPage)).toBe(true);
      // Each edge's cursor resumes right after it too.
      const third = pages.flatMap((p) => p.edges)[2];
      const resumed = (await allPages(hub.gql, { d: HEPING, first, after: third.cursor })).flatMap((p) => p.edges.map(triple));
      expect(resumed).toEqual(expected.slice(3));
    }
    // Three persons a page at most: a page of five findings stops short and says there is more.
    const short = (await allPages(hub.gql, { d: HEPING, first: 5 }))[0];
    expect(short.edges.length).toBeLessThan(5);
    expect(short.pageInfo.hasNextPage).toBe(true);
  });

  test('totalCount: computed when selected for a list of few persons, null beyond', async () => {
    const binhai = await hub.gql(LIST, { d: BINHAI, asOf: AS_OF, first: 1, total: true });
    expect(binhai.errors).toBeUndefined();
    expect(binhai.data.findings.totalCount).toBe(2);
    expect(binhai.data.findings.edges).toHaveLength(1);
    const second = await hub.gql(LIST, { d: BINHAI, asOf: AS_OF, first: 1, total: true, after: binhai.data.findings.pageInfo.endCursor });
    expect(second.data.findings).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect([...binhai.data.findings.edges, ...second.data.findings.edges].map(triple)).toEqual(expectedFindings(w).filter(([id]) => inDistrict(w, BINHAI)(id)));
    const byCode = await hub.gql(LIST, { d: BINHAI, code: 'NAME_MISMATCH', asOf: AS_OF, total: true });
    expect(byCode.data.findings).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    // Nine persons in Heping who may have a finding, more than the eight a count may scan.
    const heping = await hub.gql(LIST, { d: HEPING, asOf: AS_OF, first: 1, total: true });
    expect(heping.data.findings.totalCount).toBeNull();
    expect(heping.data.findings.edges).toHaveLength(1);
    // Through a fragment too.
    const fragment = await hub.gql(`query { findings(districtCode: "${BINHAI}", asOf: "${AS_OF}") { ...F } } fragment F on FindingConnection { totalCount }`);
    expect(fragment.data.findings.totalCount).toBe(2);
  });

  test("a district officer lists their own district only; another's is FORBIDDEN and its persons absent", async () => {
    const heping = hub.as(officer(HEPING, `heping-list-${kind}`));
    const own = (await allPages(heping, { first: 2 })).flatMap((p) => p.edges.map(triple));
    const named = (await allPages(heping, { d: HEPING, first: 2 })).flatMap((p) => p.edges.map(triple));
    const expected = expectedFindings(w).filter(([id]) => inDistrict(w, HEPING)(id));
    expect(own.map(([id, code]) => [id, code])).toEqual(expected.map(([id, code]) => [id, code]));
    expect(named).toEqual(own);
    expect(JSON.stringify(own)).not.toContain(w.binhai);

    const other = await heping(LIST, { d: BINHAI, asOf: AS_OF, total: false });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'districtCode' });
    expect(other.data).toBeNull();
    expect(await personFindings(w.binhai, heping)).toBeNull();

    const binhai = hub.as(officer(BINHAI, `binhai-list-${kind}`));
    const theirs = (await allPages(binhai, {})).flatMap((p) => p.edges.map(triple));
    expect(theirs.map(([id]) => id)).toEqual(expectedFindings(w).filter(([id]) => inDistrict(w, BINHAI)(id)).map(([id]) => id));
    // Someone registered in Binhai and living in Heping is on both lists.
    expect(theirs.map(([id]) => id)).toContain(w.livesInHeping);
    expect(own.map(([id]) => id)).toContain(w.livesInHeping);
    expect(JSON.stringify(theirs)).not.toContain(w.insured);
  });

  test("a finding resting on a household of another district is withheld from the officer, household number included", async () => {
    const heping = hub.as(officer(HEPING, `heping-withheld-${kind}`));
    const expectWithheld = (f: any) => {
      expect(f).toEqual({ code: 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', clause: '6', recordKey: '', withheld: true, evidence: [], values: {} });
    };
    const live = await heping(PERSON_FINDINGS, { id: w.away, asOf: AS_OF });
    expect(live.errors).toBeUndefined();
    expect(live.data.person.crossCheckFindings).toHaveLength(1);
    expectWithheld(live.data.person.crossCheckFindings[0]);
    const listed = (await allPages(heping, { code: 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT' })).flatMap((p) => p.edges);
    expect(listed.map((e: any) => e.node.person.idNumber)).toEqual(expectedFindings(w).filter(([, c]) => c === 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT').map(([id]) => id));
    const away = listed.find((e: any) => e.node.person.idNumber === w.away);
    expectWithheld(away.node.finding);
    expect(JSON.stringify(live.data) + JSON.stringify(listed)).not.toContain(w.awayHousehold);
    // The household of their own district is shown whole; the admin sees the other one whole.
    const own = listed.find((e: any) => e.node.person.idNumber === w.benefit).node.finding;
    expect(own).toMatchObject({ withheld: false, recordKey: `${w.household}/${w.benefit}@2025-02-01`, values: { householdNumber: w.household } });
    const [admin] = await personFindings(w.away);
    expect(admin).toMatchObject({ withheld: false, recordKey: `${w.awayHousehold}/${w.away}@2025-01-01`, values: { householdNumber: w.awayHousehold } });
    expect(admin.evidence.map((e: any) => e.record)).toEqual(['assistance-enrollment', 'household-member', 'insurance-enrollment']);
  });

  test('analysts and departments may not read findings', async () => {
    const analyst = hub.as(ANALYST);
    const list = await analyst(LIST, { d: HEPING, asOf: AS_OF, total: false });
    expect(list.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(list.data).toBeNull();
    const field = await analyst(`{ persons(first: 20, filter: { district: "${HEPING}" }) { edges { node { crossCheckFindings(asOf: "${AS_OF}") { code } } } } }`);
    expect(field.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(JSON.stringify(field.data ?? null)).not.toMatch(/TEMPORARY|DIBAO|NAME_MISMATCH/);
    const department = await hub.as(HR, { 'x-purpose': 'checking registrations' })(LIST, { asOf: AS_OF, total: false });
    expect(department.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('bad arguments: an unknown district, a foreign cursor, a page too large', async () => {
    const district = await hub.gql(LIST, { d: '120199', asOf: AS_OF, total: false });
    expect(district.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'districtCode' });
    const persons = await hub.gql(`{ persons(first: 1) { pageInfo { endCursor } } }`);
    const cursor = await hub.gql(LIST, { asOf: AS_OF, total: false, after: persons.data.persons.pageInfo.endCursor });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR' });
    const large = await hub.gql(LIST, { asOf: AS_OF, total: false, first: 100_000 });
    expect(large.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE' });
  });

  test("the audit: the page's persons read, the persons scanned derived, nobody whose records cannot make a finding", async () => {
    const OFFICER = officer(HEPING, `heping-audit-${kind}`);
    const page = await hub.as(OFFICER)(LIST, { asOf: AS_OF, first: 1, total: false });
    expect(page.errors).toBeUndefined();
    await hub.as(OFFICER)(PERSON_FINDINGS, { id: w.away, asOf: AS_OF });
    const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 10) { edges { node { fields persons { idNumber usage } } } } }`, { sub: OFFICER.sub });
    const entries = res.data.auditLog.edges.map((e: any) => e.node);
    const usage = (fields: string) => Object.fromEntries(entries.find((e: any) => e.fields === fields).persons.map((p: any) => [p.idNumber, p.usage]));

    const listed = usage('findings');
    const shown = page.data.findings.edges[0].node.person.idNumber;
    expect(listed[shown]).toBe('read');
    // Heping's persons who can have a finding: not the one whose only payment comes after asOf.
    const heping = [w.insured, w.unregistered, w.idle, w.benefit, w.earner, w.misnamed, w.paidRegistered, w.away, w.livesInHeping].sort();
    // Scanned in ID order up to where the page ended: everyone before the shown person, derived.
    const ids = Object.keys(listed).sort();
    expect(ids).toEqual(heping.slice(0, ids.length));
    expect(ids).toEqual(expect.arrayContaining(heping.filter((id) => id <= shown)));
    for (const id of ids) expect(listed[id]).toBe(id === shown ? 'read' : 'derived');
    expect(ids.length).toBeLessThan(heping.length);

    // The person's findings: the person read; not their household's head in Binhai, whose records no finding reads.
    expect(usage('person')).toEqual({ [w.away]: 'read' });

    // A count scans everyone of the list: all derived, the shown ones read.
    const SECOND = officer(BINHAI, `binhai-audit-${kind}`);
    const counted = await hub.as(SECOND)(LIST, { asOf: AS_OF, first: 1, total: true });
    expect(counted.data.findings.totalCount).toBe(2);
    const second = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 10) { edges { node { fields persons { idNumber usage } } } } }`, { sub: SECOND.sub });
    const all = Object.fromEntries(second.data.auditLog.edges[0].node.persons.map((p: any) => [p.idNumber, p.usage]));
    const first = counted.data.findings.edges[0].node.person.idNumber;
    // Not the head of the household in Binhai: no record of hers could make a finding.
    expect(all).toEqual(Object.fromEntries([w.binhai, w.livesInHeping].map((id) => [id, id === first ? 'read' : 'derived'])));
  });

  test("a page of persons' findings costs one batch of statements, not one per person", async () => {
    const page = (findings: boolean) =>
      `query($first: Int) { persons(first: $first, filter: { district: "${HEPING}" }) { edges { node { idNumber ${findings ? `crossCheckFindings(asOf: "${AS_OF}") { code }` : ''} } } } }`;
    const cost = async (first: number) => {
      const [bare, withFindings] = [await hub.gql(page(false), { first }), await hub.gql(page(true), { first })];
      expect(withFindings.errors).toBeUndefined();
      return { extra: withFindings.extensions?.sqlStatements - bare.extensions?.sqlStatements, findings: withFindings.data.persons.edges.flatMap((e: any) => e.node.crossCheckFindings) };
    };
    const [two, ten] = [await cost(2), await cost(10)];
    expect(ten.findings).toHaveLength(7);
    // The facts gathering's rounds and the payments: a fixed number, whatever the page size (the
    // 2-person page reaches fewer rounds: no household members or parents to gather).
    expect(ten.extra).toBeLessThanOrEqual(25);
    expect(two.extra).toBeGreaterThan(0);
  });
});

/*
 * The list skips most persons in SQL (those without any record a finding needs): over a seeded
 * population it must still hold exactly the findings computed person by person, for every code.
 */
describe.each(databasesUnderTest())('the findings list against every person computed one by one, on %s', (kind) => {
  const SEEDED_AS_OF = '2025-06-01';
  const part = smallerScans({ chunkPersons: 250, pagePersons: 1000, totalCountPersons: 100_000 });
  let hub: TestHub;
  let expected: Array<[string, string, string]>;
  let districts: Map<string, { registeredDistrict: string; residenceDistrict: string | null }>;
  beforeAll(async () => {
    hub = await startTestHub(kind, {}, { extraModules: [part] });
    await seedDatabase(hub.dataSource, { households: 2000, seed: 2020, asOf: SEEDED_AS_OF });
    const persons = await hub.dataSource.manager.find(Person, { order: { idNumber: 'ASC' } });
    districts = new Map(persons.map((p) => [p.idNumber, p]));
    const store = ParameterStore.fromFolder(path.join(PROJECT_ROOT, 'src', 'policy', 'parameters'));
    const loaders = createLoaders(hub.dataSource.manager, withModules());
    const found = await findingsForMany(loaders, persons.map((p) => p.idNumber), SEEDED_AS_OF, store);
    const order = ['TEMPORARY_ASSISTANCE_WHILE_INSURED', 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', 'DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED', 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', 'NAME_MISMATCH'];
    expected = persons.flatMap((p) =>
      (found.get(p.idNumber)?.findings ?? [])
        .map((f): [string, string, string] => [p.idNumber, f.code, f.recordKey])
        .sort((a, b) => order.indexOf(a[1]) - order.indexOf(b[1]) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)),
    );
  }, 300_000);
  afterAll(() => hub?.stop());

  test('every code, the whole city and one district: the same findings, in the same order, with the same count', async () => {
    const codes = new Set(expected.map(([, code]) => code));
    // The seeded population has every kind of finding.
    expect([...codes].sort()).toEqual(['DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT', 'DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED', 'NAME_MISMATCH', 'TEMPORARY_ASSISTANCE_NOT_REGISTERED', 'TEMPORARY_ASSISTANCE_WHILE_INSURED']);
    for (const code of [null, ...codes]) {
      const variables = { asOf: SEEDED_AS_OF, code, first: 100 };
      const listed = (await allPages(hub.gql, variables)).flatMap((p) => p.edges.map(triple));
      expect(listed).toEqual(expected.filter(([, c]) => code == null || c === code));
      const counted = await hub.gql(LIST, { ...variables, total: true });
      expect(counted.data.findings.totalCount).toBe(listed.length);
    }
    const district = '120104';
    const inIt = ([id]: [string, string, string]) => {
      const d = districts.get(id);
      return d?.registeredDistrict === district || d?.residenceDistrict === district;
    };
    const officer = hub.as({ sub: `officer-seeded-${kind}`, role: 'district', district });
    const theirs = (await allPages(officer, { asOf: SEEDED_AS_OF, first: 7 })).flatMap((p) => p.edges.map(triple));
    expect(theirs.map(([id, code]) => [id, code])).toEqual(expected.filter(inIt).map(([id, code]) => [id, code]));
    expect(theirs.length).toBeGreaterThan(0);
  });
});
