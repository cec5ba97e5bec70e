import type { Caller } from '../../src/auth/caller';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * Analysts work with pseudonymous records: nothing in their answers maps back to a person
 * (no ID number or any part of it, no name, no birth date, no record or certificate number),
 * yet the same person is the same pseudonym in every answer, so they can join and count.
 */

const ANALYST: Caller = { sub: 'analyst-privacy', role: 'analyst' };
const HEPING: Caller = { sub: 'officer-heping-privacy', role: 'district', district: '120101' };

const EVERYTHING = `query($first: Int, $after: String) { persons(first: $first, after: $after, filter: { district: "120105" }) {
  totalCount pageInfo { endCursor hasNextPage }
  edges { cursor node {
    idNumber name sex birthDate birthYear age(asOf: "2025-03-14") registeredDistrict residenceDistrict fatherIdNumber motherIdNumber
    household { householdNumber size members { idNumber relation monthlyIncome person { idNumber name } }
      economicChecks { householdNumber checkedOn moneyAssets } enrollments { enrollmentNumber householdNumber idNumber program } }
    enrollments { enrollmentNumber idNumber householdNumber }
    seriousIllnessCertifications { certificationNumber idNumber tier }
    temporaryAssistancePayments { paymentNumber idNumber amount }
    disabilityCertificates { certificateNumber idNumber name category grade }
    unemploymentRegistrations { registrationNumber idNumber name }
    insuranceEnrollments { idNumber name startDate }
    incomeMonths { idNumber month amount }
  } } } }`;

async function world(hub: TestHub) {
  const father = newIdNumber('120105', '1961-08-23');
  const child = newIdNumber('120105', '2009-11-30', 'FEMALE');
  const household = newHouseholdNumber('120105');
  const numbers = { enrollment: newRecordNumber('EN'), illness: newRecordNumber('SI'), payment: newRecordNumber('TA'), registration: newRecordNumber('UR') };
  const certificate = `${father}12`;
  const ca = await hub.gql(INGEST_CIVIL_AFFAIRS, {
    input: {
      persons: [
        { idNumber: father, name: '欧阳明哲', registeredDistrict: '120105' },
        { idNumber: child, name: '欧阳小雪', registeredDistrict: '120105', fatherIdNumber: father },
      ],
      households: [{ householdNumber: household, registeredDistrict: '120105', members: [
        { idNumber: father, relation: 'HEAD', monthlyIncome: 800 },
        { idNumber: child, relation: 'CHILD', monthlyIncome: 0 },
      ] }],
      economicChecks: [{ householdNumber: household, checkedOn: '2024-12-01', moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
      enrollments: [{ enrollmentNumber: numbers.enrollment, program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: household, startDate: '2024-01-01', monthlyAmount: 1200 }],
      seriousIllnessCertifications: [{ certificationNumber: numbers.illness, idNumber: father, tier: 1000, validFrom: '2024-01-01' }],
      temporaryAssistancePayments: [{ paymentNumber: numbers.payment, idNumber: father, paidOn: '2024-03-01', amount: 500, kind: 'EMERGENCY' }],
    },
  });
  expect(ca.data.ingestCivilAffairs.rejected).toBe(0);
  const hr = await hub.gql(INGEST_HUMAN_RESOURCES, {
    input: {
      unemploymentRegistrations: [{ registrationNumber: numbers.registration, idNumber: father, name: '欧阳明哲', district: '120105', startDate: '2024-02-01' }],
      insuranceEnrollments: [{ idNumber: father, name: '欧阳明哲', startDate: '2010-01-01', endDate: '2023-01-01', drawingBenefit: false }],
      incomeMonths: [{ idNumber: father, month: '2024-01', amount: 300 }],
    },
  });
  expect(hr.data.ingestHumanResources.rejected).toBe(0);
  const dis = await hub.gql(INGEST_DISABILITY, {
    input: { certificates: [{ certificateNumber: certificate, idNumber: father, name: '欧阳明哲', category: 1, grade: 2, issuedOn: '2015-01-01' }] },
  });
  expect(dis.data.ingestDisability.rejected).toBe(0);
  return { father, child, household, certificate, numbers, secrets: [father, child, household, certificate, ...Object.values(numbers), '欧阳明哲', '欧阳小雪', '1961-08-23', '2009-11-30'] };
}

/** Every string of an answer, so that a secret cannot hide in a nested field. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe.each(databasesUnderTest())('analysts on %s', (kind) => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  const analystPage = async (): Promise<GraphQLResponse> => hub.as(ANALYST)(EVERYTHING, { first: 10 });

  test('nothing in a full answer maps back to a person: no ID number or part of one, no name, no birth date, no record number', async () => {
    const res = await analystPage();
    expect(res.errors).toBeUndefined();
    const text = strings(res.data);
    for (const secret of w.secrets) expect(text.join('\n')).not.toContain(secret);
    // Not even the digits a mask used to keep, or the birth-date digits of the ID number.
    for (const id of [w.father, w.child]) {
      expect(text.join('\n')).not.toContain(id.slice(6, 14));
      expect(text.join('\n')).not.toContain(id.slice(14));
    }
    expect(text.join('\n')).not.toMatch(/\d{17}[\dX]/);
    const father = res.data.persons.edges.map((e: any) => e.node).find((p: any) => p.birthYear === 1961);
    expect(father).toMatchObject({ name: '***', birthDate: '1961-01-01', age: 64, sex: 'MALE', registeredDistrict: '120105' });
    expect(father.idNumber).toMatch(/^P-[\w-]{20}$/);
  });

  test('the same person is the same pseudonym everywhere and in every request, so analysts can join', async () => {
    const first = await analystPage();
    const second = await analystPage();
    // Cursors are encrypted afresh each time; the records themselves are identical.
    const nodesOf = (r: GraphQLResponse) => r.data.persons.edges.map((e: any) => e.node);
    expect(nodesOf(second)).toEqual(nodesOf(first));
    const nodes = first.data.persons.edges.map((e: any) => e.node);
    const father = nodes.find((p: any) => p.birthYear === 1961);
    const child = nodes.find((p: any) => p.birthYear === 2009);
    expect(child.fatherIdNumber).toBe(father.idNumber);
    expect(father.household.members.map((m: any) => m.idNumber)).toEqual(expect.arrayContaining([father.idNumber, child.idNumber]));
    expect(father.household.economicChecks[0].householdNumber).toBe(father.household.householdNumber);
    expect(father.disabilityCertificates[0].idNumber).toBe(father.idNumber);
    expect(father.incomeMonths[0].idNumber).toBe(father.idNumber);
    expect(father.household.enrollments[0].enrollmentNumber).toBe(father.enrollments[0].enrollmentNumber);
  });

  test('analysts cannot look a person or household up by its real number, nor ask per-person decisions', async () => {
    const analyst = hub.as(ANALYST);
    const byId = await analyst('query($id: String!) { person(idNumber: $id) { name } }', { id: w.father });
    expect(byId.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(byId.data?.person ?? null).toBeNull();
    const byNumber = await analyst('query($n: String!) { household(householdNumber: $n) { size } }', { n: w.household });
    expect(byNumber.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const decisions = await analyst('{ persons(first: 1, filter: { district: "120105" }) { edges { node { eligibility { outcome } } } } }');
    expect(decisions.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('an analyst\'s age cannot be stepped day by day to find a birthday', async () => {
    const ages = await hub.as(ANALYST)(`{ persons(first: 10, filter: { district: "120105" }) { edges { node { birthYear
      before: age(asOf: "2025-08-22") after: age(asOf: "2025-08-23") } } } }`);
    const father = ages.data.persons.edges.map((e: any) => e.node).find((p: any) => p.birthYear === 1961);
    expect(father.before).toBe(father.after);
  });

  test('over WebSocket an analyst receives the same pseudonymous answer', async () => {
    const http = await analystPage();
    const ws = await hub.wsOnce(ANALYST, EVERYTHING, { first: 10 });
    expect(ws.data.persons.edges.map((e: any) => e.node)).toEqual(http.data.persons.edges.map((e: any) => e.node));
  });

  test('a district officer sees a parent\'s ID number only when the parent is theirs to see', async () => {
    const child = newIdNumber('120101', '2012-02-02', 'FEMALE');
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ idNumber: child, name: '李小', registeredDistrict: '120101', fatherIdNumber: w.father, motherIdNumber: newIdNumber('120101', '1985-01-01', 'FEMALE') }] } });
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
    const seen = await hub.as(HEPING)('query($id: String!) { person(idNumber: $id) { fatherIdNumber motherIdNumber } }', { id: child });
    // The father is registered in 120105; the mother is unknown to civil affairs: both are absent alike.
    expect(seen.data.person).toEqual({ fatherIdNumber: null, motherIdNumber: null });
    const admin = await hub.gql('query($id: String!) { person(idNumber: $id) { fatherIdNumber } }', { id: child });
    expect(admin.data.person.fatherIdNumber).toBe(w.father);
  });
});
