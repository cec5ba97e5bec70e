import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES, PERSONS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

const DISTRICTS = ['120101', '120102', '120103', '120116'];

/**
 * 60 two-person households (120 persons): every third lives away from registration, every
 * fourth household is on dibao, every fifth person holds a grade-2 certificate, and everyone has
 * human-resources records — so each page exercises every department loader.
 */
async function seedPopulation(hub: TestHub) {
  const persons: any[] = [];
  const households: any[] = [];
  const enrollments: any[] = [];
  const economicChecks: any[] = [];
  const certificates: any[] = [];
  const registrations: any[] = [];
  const insurance: any[] = [];
  for (let h = 0; h < 60; h++) {
    const registered = DISTRICTS[h % DISTRICTS.length];
    const residence = h % 3 === 0 ? DISTRICTS[(h + 1) % DISTRICTS.length] : registered;
    const householdNumber = newHouseholdNumber(registered);
    const ids = [newIdNumber(registered, '1970-02-02'), newIdNumber(registered, '1998-07-07', 'FEMALE')];
    ids.forEach((idNumber, i) => {
      // The child names the head as father, so eligibility gathers parents too.
      const father = i === 1 ? ids[0] : null;
      persons.push({ idNumber, name: `成员${h}-${i}`, registeredDistrict: registered, residenceDistrict: residence, fatherIdNumber: father });
      registrations.push({ registrationNumber: newRecordNumber('UR'), idNumber, name: `成员${h}-${i}`, district: residence, startDate: '2025-01-01' });
      insurance.push({ idNumber, name: `成员${h}-${i}`, startDate: '2010-01-01', endDate: '2024-12-31', drawingBenefit: false });
      if ((h * 2 + i) % 5 === 0) {
        certificates.push({ certificateNumber: `${idNumber}42`, idNumber, name: `成员${h}-${i}`, category: 4, grade: 2, issuedOn: '2020-01-01' });
      }
    });
    households.push({
      householdNumber,
      registeredDistrict: registered,
      residenceDistrict: residence,
      members: [
        { idNumber: ids[0], relation: 'HEAD', monthlyIncome: 800 },
        { idNumber: ids[1], relation: 'CHILD', monthlyIncome: 0 },
      ],
    });
    economicChecks.push({ householdNumber, checkedOn: '2024-06-01', moneyAssets: 5000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: h % 2 === 1 });
    if (h % 4 === 0) {
      enrollments.push({ enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber, startDate: '2024-01-01', monthlyAmount: 1200 });
    }
  }
  const civil = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons, households: households.slice(0, 30), enrollments, economicChecks } });
  const civil2 = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { households: households.slice(30) } });
  const hr = await hub.gql(INGEST_HUMAN_RESOURCES, { input: { unemploymentRegistrations: registrations, insuranceEnrollments: insurance } });
  const dis = await hub.gql(INGEST_DISABILITY, { input: { certificates } });
  for (const r of [civil.data.ingestCivilAffairs, civil2.data.ingestCivilAffairs, hr.data.ingestHumanResources, dis.data.ingestDisability]) {
    expect(r.rejected).toBe(0);
  }
  return { persons, households, certificates };
}

describe.each(databasesUnderTest())('persons on %s', (kind) => {
  let hub: TestHub;
  let population: Awaited<ReturnType<typeof seedPopulation>>;
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BATCH: '1000' });
    population = await seedPopulation(hub);
  });
  afterAll(() => hub?.stop());

  test('a page of 100 persons costs as many SQL statements as a page of 10', async () => {
    const small = await hub.gql(PERSONS, { first: 10 });
    const large = await hub.gql(PERSONS, { first: 100 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.persons.edges).toHaveLength(10);
    expect(large.data.persons.edges).toHaveLength(100);
    // every department's loader really ran for the large page
    const nodes = large.data.persons.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.household && n.unemploymentRegistrations.length === 1 && n.insuranceEnrollments.length === 1)).toBe(true);
    expect(nodes.some((n: any) => n.disabilityCertificates.length === 1)).toBe(true);
    expect(nodes.some((n: any) => n.enrollments.length === 1)).toBe(true);
    const statements = [small.extensions?.sqlStatements, large.extensions?.sqlStatements];
    console.log(`${kind}: SQL statements for a page of 10 persons: ${statements[0]}, of 100: ${statements[1]}`);
    expect(statements[0]).toBeGreaterThan(5);
    expect(statements[1]).toBe(statements[0]);
  });

  test('deciding every rule for a page of 100 persons costs as many SQL statements as for a page of 10', async () => {
    const query = `query($first: Int) { persons(first: $first) { edges { node {
      idNumber
      eligibility(asOf: "2025-06-01") { ruleId outcome amount conditions { code outcome } }
      nextReviewDue(asOf: "2025-06-01")
      household { eligibility(asOf: "2025-06-01") { ruleId outcome } nextReviewDue(asOf: "2025-06-01") }
    } } } }`;
    const small = await hub.gql(query, { first: 10 });
    const large = await hub.gql(query, { first: 100 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    const decisions = large.data.persons.edges.flatMap((e: any) => e.node.eligibility);
    expect(decisions).toHaveLength(700);
    expect(decisions.filter((d: any) => d.ruleId === 'dibao.household' && d.outcome === 'ELIGIBLE').length).toBeGreaterThan(0);
    expect(large.data.persons.edges.some((e: any) => e.node.household.nextReviewDue === '2024-12-01')).toBe(true);
    const statements = [small.extensions?.sqlStatements, large.extensions?.sqlStatements];
    console.log(`${kind}: SQL statements for the eligibility of a page of 10 persons: ${statements[0]}, of 100: ${statements[1]}`);
    expect(statements[1]).toBe(statements[0]);
  });

  test('totalCount is counted only when selected: one statement fewer without it, the same page either way', async () => {
    const page = `query($withTotal: Boolean!) { persons(first: 20) { totalCount @include(if: $withTotal) edges { node { idNumber } } } }`;
    const without = await hub.gql(page, { withTotal: false });
    const withTotal = await hub.gql(page, { withTotal: true });
    expect(without.errors).toBeUndefined();
    expect(withTotal.errors).toBeUndefined();
    expect(without.data.persons.totalCount).toBeUndefined();
    expect(withTotal.data.persons.totalCount).toBe(population.persons.length);
    expect(without.data.persons.edges).toEqual(withTotal.data.persons.edges);
    expect(withTotal.extensions?.sqlStatements).toBe((without.extensions?.sqlStatements as number) + 1);
  });

  test('pages follow each other by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await hub.gql(PERSONS, { first: 50, after });
      const connection = res.data.persons;
      expect(connection.totalCount).toBe(population.persons.length);
      seen.push(...connection.edges.map((e: any) => e.node.idNumber));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(population.persons.map((p) => p.idNumber).sort());
  });

  test('filters: district (registered or residence), living away, program, disability grade', async () => {
    const ids = async (filter: object) => {
      const res = await hub.gql(PERSONS, { filter, first: 100 });
      expect(res.errors).toBeUndefined();
      return res.data.persons.edges.map((e: any) => e.node.idNumber).sort();
    };
    const inDistrict = population.persons.filter((p) => p.registeredDistrict === '120116' || p.residenceDistrict === '120116');
    expect(await ids({ district: '120116' })).toEqual(inDistrict.map((p) => p.idNumber).sort());

    const away = population.persons.filter((p) => p.residenceDistrict !== p.registeredDistrict);
    expect(await ids({ livesAwayFromRegistration: true })).toEqual(away.map((p) => p.idNumber).sort());
    expect((await ids({ livesAwayFromRegistration: false })).length).toBe(population.persons.length - away.length);

    const dibaoHouseholds = population.households.filter((_, h) => h % 4 === 0);
    const dibao = dibaoHouseholds.flatMap((h) => h.members.map((m: any) => m.idNumber)).sort();
    expect(await ids({ enrolledProgram: 'DIBAO' })).toEqual(dibao);
    expect(await ids({ enrolledProgram: 'DIBAO', asOf: '2023-12-31' })).toEqual([]);

    expect(await ids({ disabilityGrade: 2 })).toEqual(population.certificates.map((c) => c.idNumber).sort());
    expect(await ids({ disabilityGrade: 1 })).toEqual([]);
    const both = await ids({ disabilityGrade: 2, livesAwayFromRegistration: true });
    expect(both).toEqual(population.certificates.map((c) => c.idNumber).filter((id) => away.some((p) => p.idNumber === id)).sort());
  });

  test('bad arguments get specific errors', async () => {
    const tooLarge = await hub.gql(PERSONS, { first: 101 });
    expect(tooLarge.errors?.[0].extensions).toMatchObject({ code: 'PAGE_TOO_LARGE', field: 'first', limit: 100 });
    const zero = await hub.gql(PERSONS, { first: 0 });
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const cursor = await hub.gql(PERSONS, { first: 5, after: 'not-a-cursor' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
    const district = await hub.gql(PERSONS, { filter: { district: '999999' } });
    expect(district.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.district' });
    const grade = await hub.gql(PERSONS, { filter: { disabilityGrade: 7 } });
    expect(grade.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.disabilityGrade' });
  });
});
