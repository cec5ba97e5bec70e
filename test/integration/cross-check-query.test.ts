import type { Caller } from '../../src/auth/caller';
import { composeIdNumber } from '../../src/identity/id-number';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { idNumberEndingInX, newHouseholdNumber, newIdNumber, newRecordNumber, withWrongCheckDigit } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * crossCheck(idNumbers, asOf) for partner departments (docs/findings.md, "crossCheck"): one result
 * per entry in order, invalid and unknown numbers answered per item, each status field from
 * constructed records and its absence, each department cut to its purpose, audited, and a bounded
 * number of SQL statements whatever the length of the list.
 */

const AS_OF = '2025-06-01';
const PURPOSE = { 'x-purpose': 'clause 6 cross-check of the quarter' };
const HR = (sub: string): Caller => ({ sub, role: 'department', dept: 'human-resources' });
const DISABILITY = (sub: string): Caller => ({ sub, role: 'department', dept: 'disability' });

const FIELDS = `idNumber status message registeredUnemployed insured drawingBenefit dibao lowIncome tekun temporaryAssistance
  severeDisability findings civilAffairsReceivedAt humanResourcesReceivedAt disabilityReceivedAt`;
const CROSS_CHECK = `query CrossCheck($ids: [String!]!, $asOf: LocalDate) { crossCheck(idNumbers: $ids, asOf: $asOf) { ${FIELDS} } }`;

const NOTHING = {
  registeredUnemployed: null, insured: null, drawingBenefit: null, dibao: null, lowIncome: null, tekun: null,
  temporaryAssistance: null, severeDisability: null, findings: null,
  civilAffairsReceivedAt: null, humanResourcesReceivedAt: null, disabilityReceivedAt: null,
};
const ALL_FALSE = {
  registeredUnemployed: false, insured: false, drawingBenefit: false, dibao: false, lowIncome: false, tekun: false,
  temporaryAssistance: false, severeDisability: false, findings: [],
};

async function ingest(hub: TestHub, document: string, input: object) {
  const res = await hub.gql(document, { input });
  expect(res.errors).toBeUndefined();
  const report = Object.values(res.data)[0] as { errors: unknown[] };
  expect(report.errors).toEqual([]);
}

/** Persons built so that each status field and each finding is true for one of them and false for the others. */
async function world(hub: TestHub) {
  const w = {
    plain: newIdNumber('120101', '1980-01-01'),
    unregistered: newIdNumber('120101', '1985-02-02'),
    drawer: newIdNumber('120101', '1983-03-03'),
    dibaoHousehold: newHouseholdNumber('120101'),
    paidWhileInsured: newIdNumber('120102', '1979-04-04'),
    paidUnregistered: newIdNumber('120102', '1990-05-05', 'FEMALE'),
    severe: newIdNumber('120103', '1970-06-06'),
    elder: newIdNumber('120103', '1940-07-07', 'FEMALE'),
    // A check character X: asked for with a lower-case x, it is the same person.
    lowIncomeHead: idNumberEndingInX('120104', '1975-08-08'),
    lowIncomeHousehold: newHouseholdNumber('120104'),
    ended: newIdNumber('120105', '1960-09-09'),
    hrOnly: newIdNumber('120106', '1988-10-10'),
    disabilityOnly: newIdNumber('120106', '1966-11-11', 'FEMALE'),
    unknown: newIdNumber('120110', '1999-12-12'),
    caReceived: { before: new Date(), after: new Date() },
    hrReceived: { before: new Date(), after: new Date() },
  };
  const person = (idNumber: string, registeredDistrict = idNumber.slice(0, 6)) => ({ idNumber, name: '王测试', registeredDistrict });
  w.caReceived.before = new Date();
  await ingest(hub, INGEST_CIVIL_AFFAIRS, {
    persons: [w.plain, w.unregistered, w.drawer, w.paidWhileInsured, w.paidUnregistered, w.severe, w.elder, w.lowIncomeHead, w.ended].map((id) => person(id)),
    households: [
      { householdNumber: w.dibaoHousehold, registeredDistrict: '120101', members: [
        { idNumber: w.unregistered, relation: 'HEAD', monthlyIncome: 0 },
        { idNumber: w.drawer, relation: 'SPOUSE', monthlyIncome: 1500 },
      ] },
      { householdNumber: w.lowIncomeHousehold, registeredDistrict: '120104', members: [{ idNumber: w.lowIncomeHead, relation: 'HEAD', monthlyIncome: 1300 }] },
    ],
    enrollments: [
      { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.dibaoHousehold, startDate: '2024-01-01', monthlyAmount: 900 },
      { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.severe, startDate: '2023-01-01', monthlyAmount: 1010 },
      { enrollmentNumber: newRecordNumber('TK'), program: 'TEKUN', unit: 'SINGLE_PERSON', idNumber: w.elder, startDate: '2022-01-01', monthlyAmount: 1500 },
      { enrollmentNumber: newRecordNumber('LI'), program: 'LOW_INCOME', unit: 'HOUSEHOLD', householdNumber: w.lowIncomeHousehold, startDate: '2025-01-01', monthlyAmount: 300 },
      { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.ended, startDate: '2021-01-01', endDate: '2025-03-01', monthlyAmount: 1010 },
    ],
    temporaryAssistancePayments: [
      { paymentNumber: newRecordNumber('TA'), idNumber: w.paidWhileInsured, paidOn: '2025-05-10', amount: 500, kind: 'EMERGENCY' },
      { paymentNumber: newRecordNumber('TA'), idNumber: w.paidUnregistered, paidOn: '2025-01-15', amount: 500, kind: 'EMERGENCY' },
    ],
  });
  w.caReceived.after = new Date();
  w.hrReceived.before = new Date();
  await ingest(hub, INGEST_HUMAN_RESOURCES, {
    unemploymentRegistrations: [
      { registrationNumber: newRecordNumber('UR'), idNumber: w.unregistered, name: '王测试', district: '120101', startDate: '2023-01-01', endDate: '2024-01-01' },
      { registrationNumber: newRecordNumber('UR'), idNumber: w.paidWhileInsured, name: '王测试', district: '120102', startDate: '2025-01-01' },
      { registrationNumber: newRecordNumber('UR'), idNumber: w.elder, name: '王侧试', district: '120103', startDate: '2000-01-01', endDate: '2001-01-01' },
      { registrationNumber: newRecordNumber('UR'), idNumber: w.hrOnly, name: '李外人', district: '120106', startDate: '2025-02-01' },
    ],
    insuranceEnrollments: [
      { idNumber: w.drawer, name: '王测试', startDate: '2025-02-01', drawingBenefit: true },
      { idNumber: w.paidWhileInsured, name: '王测试', startDate: '2024-06-01', drawingBenefit: false },
      { idNumber: w.hrOnly, name: '李外人', startDate: '2025-03-01', drawingBenefit: true },
    ],
    incomeMonths: ['2025-03', '2025-04', '2025-05'].map((month) => ({ idNumber: w.unregistered, month, amount: 0 })),
  });
  w.hrReceived.after = new Date();
  await ingest(hub, INGEST_DISABILITY, {
    certificates: [
      { certificateNumber: `${w.severe}41`, idNumber: w.severe, name: '王测验', category: 4, grade: 1, issuedOn: '2020-01-01' },
      { certificateNumber: `${w.disabilityOnly}12`, idNumber: w.disabilityOnly, name: '赵外人', category: 1, grade: 2, issuedOn: '2024-01-01' },
      { certificateNumber: `${w.plain}43`, idNumber: w.plain, name: '王测试', category: 4, grade: 3, issuedOn: '2024-01-01' },
    ],
  });
  return w;
}

type World = Awaited<ReturnType<typeof world>>;

function receivedBetween(value: string | null, window: { before: Date; after: Date }) {
  expect(value).not.toBeNull();
  const at = new Date(value as string).getTime();
  // DATETIME(3) keeps milliseconds; allow the clock's rounding.
  expect(at).toBeGreaterThanOrEqual(window.before.getTime() - 5);
  expect(at).toBeLessThanOrEqual(window.after.getTime() + 5);
}

describe.each(databasesUnderTest())('crossCheck on %s', (kind) => {
  let hub: TestHub;
  let w: World;
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BATCH: '5000' });
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  const everyone = () => [w.plain, w.unregistered, w.drawer, w.paidWhileInsured, w.paidUnregistered, w.severe, w.elder, w.lowIncomeHead, w.ended, w.hrOnly, w.disabilityOnly];
  const byId = (results: any[]) => new Map(results.map((r) => [r.idNumber, r]));

  test('mixed valid, invalid and unknown ID numbers: one result per entry, in order, never an error', async () => {
    const lowerX = w.lowIncomeHead.toLowerCase();
    const ids = [w.plain, 'abc', withWrongCheckDigit(w.severe), w.unknown, w.severe, ' ', w.plain, lowerX, '990101198001011234'];
    const res = await hub.as(HR(`mixed-${kind}`), PURPOSE)(CROSS_CHECK, { ids, asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const results = res.data.crossCheck;
    expect(results.map((r: any) => r.idNumber)).toEqual(ids);
    expect(results.map((r: any) => r.status)).toEqual([
      'FOUND', 'INVALID_ID_NUMBER', 'INVALID_ID_NUMBER', 'UNKNOWN', 'FOUND', 'INVALID_ID_NUMBER', 'FOUND', 'FOUND', 'INVALID_ID_NUMBER',
    ]);
    expect(results[1]).toEqual({ idNumber: 'abc', status: 'INVALID_ID_NUMBER', message: 'an ID number has 18 characters, this one has 3', ...NOTHING });
    expect(results[2].message).toMatch(/^check character should be/);
    expect(results[8].message).toBe('990101 is not a known administrative division code');
    expect(results[3]).toEqual({ idNumber: w.unknown, status: 'UNKNOWN', message: null, ...NOTHING });
    // The same number twice: the same answer at both places.
    expect(results[6]).toEqual(results[0]);
    // A lower-case x is the same number, answered under the spelling given.
    expect(results[7]).toMatchObject({ idNumber: lowerX, status: 'FOUND', lowIncome: true });
    const empty = await hub.as(HR(`mixed-${kind}`), PURPOSE)(CROSS_CHECK, { ids: [] });
    expect(empty).toMatchObject({ data: { crossCheck: [] } });
  });

  test('each status field from constructed records, and false where the records do not support it (admin)', async () => {
    const res = await hub.gql(CROSS_CHECK, { ids: everyone(), asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const r = byId(res.data.crossCheck);
    const expectStatus = (id: string, fields: object) => expect(r.get(id)).toMatchObject({ status: 'FOUND', message: null, ...ALL_FALSE, ...fields });
    expectStatus(w.plain, {});
    expectStatus(w.unregistered, { dibao: true, findings: ['DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED'] });
    expectStatus(w.drawer, { dibao: true, insured: true, drawingBenefit: true, findings: ['DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT'] });
    expectStatus(w.paidWhileInsured, { registeredUnemployed: true, insured: true, temporaryAssistance: true, findings: ['TEMPORARY_ASSISTANCE_WHILE_INSURED'] });
    expectStatus(w.paidUnregistered, { findings: ['TEMPORARY_ASSISTANCE_NOT_REGISTERED'] });
    expectStatus(w.severe, { dibao: true, severeDisability: true, findings: ['NAME_MISMATCH'] });
    expectStatus(w.elder, { tekun: true, findings: ['NAME_MISMATCH'] });
    expectStatus(w.lowIncomeHead, { lowIncome: true });
    expectStatus(w.ended, {});
    expectStatus(w.hrOnly, { registeredUnemployed: true, insured: true, drawingBenefit: true });
    expectStatus(w.disabilityOnly, { severeDisability: true });
    // Received: civil affairs and human resources as ingested; nothing where a department never sent anything.
    receivedBetween(r.get(w.unregistered).civilAffairsReceivedAt, w.caReceived);
    receivedBetween(r.get(w.unregistered).humanResourcesReceivedAt, w.hrReceived);
    expect(r.get(w.unregistered).disabilityReceivedAt).toBeNull();
    expect(r.get(w.hrOnly).civilAffairsReceivedAt).toBeNull();
    expect(r.get(w.severe).disabilityReceivedAt).not.toBeNull();
  });

  test('status on another date: an enrollment not yet started or ended, a payment out of the window', async () => {
    const before = byId((await hub.gql(CROSS_CHECK, { ids: [w.ended, w.lowIncomeHead, w.paidWhileInsured, w.paidUnregistered], asOf: '2024-12-31' })).data.crossCheck);
    expect(before.get(w.ended)).toMatchObject({ dibao: true });
    expect(before.get(w.lowIncomeHead)).toMatchObject({ lowIncome: false });
    // Before the payment it does not exist yet; neither does its finding.
    expect(before.get(w.paidWhileInsured)).toMatchObject({ temporaryAssistance: false, findings: [] });
    const inWindow = byId((await hub.gql(CROSS_CHECK, { ids: [w.paidUnregistered], asOf: '2025-04-14' })).data.crossCheck);
    expect(inWindow.get(w.paidUnregistered)).toMatchObject({ temporaryAssistance: true });
    const outOfWindow = byId((await hub.gql(CROSS_CHECK, { ids: [w.paidUnregistered], asOf: '2025-04-15' })).data.crossCheck);
    expect(outOfWindow.get(w.paidUnregistered)).toMatchObject({ temporaryAssistance: false, findings: ['TEMPORARY_ASSISTANCE_NOT_REGISTERED'] });
  });

  test('human resources: their records, the programs and the findings; nothing of disability', async () => {
    const res = await hub.as(HR(`hr-${kind}`), PURPOSE)(CROSS_CHECK, { ids: everyone(), asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const r = byId(res.data.crossCheck);
    for (const result of r.values()) {
      if (result.status !== 'FOUND') continue;
      expect(result.severeDisability).toBeNull();
      expect(result.disabilityReceivedAt).toBeNull();
    }
    expect(r.get(w.drawer)).toMatchObject({ dibao: true, insured: true, drawingBenefit: true, findings: ['DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT'] });
    expect(r.get(w.unregistered)).toMatchObject({ dibao: true, registeredUnemployed: false, findings: ['DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED'] });
    expect(r.get(w.paidWhileInsured)).toMatchObject({ temporaryAssistance: true, findings: ['TEMPORARY_ASSISTANCE_WHILE_INSURED'] });
    // A name differing on their own registration: theirs to correct. On a disability certificate: not theirs to know.
    expect(r.get(w.elder)).toMatchObject({ tekun: true, findings: ['NAME_MISMATCH'] });
    expect(r.get(w.severe)).toMatchObject({ status: 'FOUND', dibao: true, severeDisability: null, findings: [] });
    expect(r.get(w.hrOnly)).toMatchObject({ status: 'FOUND', registeredUnemployed: true, dibao: false, civilAffairsReceivedAt: null });
    receivedBetween(r.get(w.hrOnly).humanResourcesReceivedAt, w.hrReceived);
    // Known to the disability federation alone: not a person human resources may learn of.
    expect(r.get(w.disabilityOnly)).toEqual({ idNumber: w.disabilityOnly, status: 'UNKNOWN', message: null, ...NOTHING });
  });

  test('the disability federation: severe disability and the programs; nothing of insurance or registration', async () => {
    const res = await hub.as(DISABILITY(`dis-${kind}`), PURPOSE)(CROSS_CHECK, { ids: everyone(), asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const r = byId(res.data.crossCheck);
    for (const result of r.values()) {
      if (result.status !== 'FOUND') continue;
      expect(result).toMatchObject({ registeredUnemployed: null, insured: null, drawingBenefit: null, humanResourcesReceivedAt: null });
    }
    expect(r.get(w.severe)).toMatchObject({ dibao: true, severeDisability: true, findings: ['NAME_MISMATCH'] });
    receivedBetween(r.get(w.severe).civilAffairsReceivedAt, w.caReceived);
    expect(r.get(w.severe).disabilityReceivedAt).not.toBeNull();
    expect(r.get(w.disabilityOnly)).toMatchObject({ status: 'FOUND', severeDisability: true, dibao: false });
    // Every other finding rests on human resources' records.
    for (const id of [w.unregistered, w.drawer, w.paidWhileInsured, w.paidUnregistered, w.elder]) expect(r.get(id).findings).toEqual([]);
    expect(r.get(w.paidWhileInsured)).toMatchObject({ temporaryAssistance: true });
    expect(r.get(w.hrOnly)).toEqual({ idNumber: w.hrOnly, status: 'UNKNOWN', message: null, ...NOTHING });
    expect(JSON.stringify(res.data)).not.toContain('王');
  });

  test('district officers and analysts are refused; a department must state its purpose', async () => {
    const officer = await hub.as({ sub: `officer-${kind}`, role: 'district', district: '120101' })(CROSS_CHECK, { ids: [w.plain] });
    expect(officer.data).toBeNull();
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await hub.as({ sub: `analyst-${kind}`, role: 'analyst' })(CROSS_CHECK, { ids: [w.plain] });
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const noPurpose = await hub.as(HR(`no-purpose-${kind}`))(CROSS_CHECK, { ids: [w.plain] });
    expect(noPurpose.errors?.[0].extensions?.code).toBe('PURPOSE_REQUIRED');
    // The refused attempt may be logged; it names nobody.
    const audit = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personCount } } } }`, { sub: `officer-${kind}` });
    for (const e of audit.data.auditLog.edges) expect(e.node.personCount).toBe(0);
  });

  test('the audit entry lists exactly the persons answered FOUND, as read, with the purpose', async () => {
    const sub = `audited-${kind}`;
    const ids = [w.drawer, 'not-an-id', w.unknown, w.disabilityOnly, w.hrOnly, w.drawer];
    const res = await hub.as(HR(sub), PURPOSE)(CROSS_CHECK, { ids, asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const audit = await hub.gql(
      `query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { role dept fields purpose personCount persons { idNumber usage } } } } }`,
      { sub },
    );
    const entries = audit.data.auditLog.edges.map((e: any) => e.node);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: 'department', dept: 'human-resources', fields: 'crossCheck', purpose: PURPOSE['x-purpose'], personCount: 2 });
    expect(entries[0].persons).toEqual(
      [w.drawer, w.hrOnly].sort().map((idNumber) => ({ idNumber, usage: 'read' })),
    );
  });

  test('lists longer than 10,000 are refused; 10,000 pass the pipeline (body, strings, cost) and are answered', async () => {
    const many = manyIdNumbers(10_000);
    const tooMany = await hub.as(HR(`long-${kind}`), PURPOSE)(CROSS_CHECK, { ids: [...many, w.plain] });
    expect(tooMany.data).toBeNull();
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'LIST_TOO_LONG', field: 'idNumbers', limit: 10_000 });
    const ids = [...many.slice(0, 9_990), ...everyone().slice(0, 10)];
    const started = Date.now();
    const res = await hub.as(HR(`long-${kind}`), PURPOSE)(CROSS_CHECK, { ids, asOf: AS_OF });
    const ms = Date.now() - started;
    expect(res.errors).toBeUndefined();
    expect(res.data.crossCheck).toHaveLength(10_000);
    expect(res.data.crossCheck.slice(-10).map((r: any) => r.idNumber)).toEqual(everyone().slice(0, 10));
    console.log(`${kind}: crossCheck of 10,000 ID numbers (10 known): ${ms} ms, ${res.extensions?.sqlStatements} SQL statements`);
  });

  test('statements do not grow with the list: 2,000 ID numbers cost at most twice what 100 cost (one batch per thousand)', async () => {
    const population = await bigWorld(hub, 2_000);
    const small = await hub.as(HR(`count-${kind}`), PURPOSE)(CROSS_CHECK, { ids: population.slice(0, 100), asOf: AS_OF });
    const large = await hub.as(HR(`count-${kind}`), PURPOSE)(CROSS_CHECK, { ids: population, asOf: AS_OF });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.crossCheck.filter((r: any) => r.status === 'FOUND')).toHaveLength(2_000);
    expect(large.data.crossCheck.filter((r: any) => r.dibao)).toHaveLength(1_000);
    const statements = [small.extensions?.sqlStatements, large.extensions?.sqlStatements];
    console.log(`${kind}: SQL statements for crossCheck of 100 ID numbers: ${statements[0]}, of 2,000: ${statements[1]}`);
    expect(statements[0]).toBeGreaterThan(5);
    expect(statements[1]).toBeLessThanOrEqual(2 * statements[0]);
  });
});

/** Distinct valid ID numbers nobody holds: a birth date per thousand sequences. */
function manyIdNumbers(count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const day = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10);
    ids.push(composeIdNumber('120113', day, i % 1000));
  }
  return ids;
}

/** `count` persons in households of two, every other household on dibao, each with a human-resources record. */
async function bigWorld(hub: TestHub, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const day = new Date(Date.UTC(1970, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10);
    ids.push(composeIdNumber('120115', day, i % 1000));
  }
  const households = [];
  const enrollments = [];
  for (let i = 0; i < ids.length; i += 2) {
    const householdNumber = `HX-${i}`;
    households.push({ householdNumber, registeredDistrict: '120115', members: [
      { idNumber: ids[i], relation: 'HEAD', monthlyIncome: 500 },
      { idNumber: ids[i + 1], relation: 'SPOUSE', monthlyIncome: 0 },
    ] });
    if (i % 4 === 0) enrollments.push({ enrollmentNumber: `DBX-${i}`, program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber, startDate: '2024-01-01', monthlyAmount: 900 });
  }
  await ingest(hub, INGEST_CIVIL_AFFAIRS, { persons: ids.map((idNumber) => ({ idNumber, name: '批量', registeredDistrict: '120115' })) });
  await ingest(hub, INGEST_CIVIL_AFFAIRS, { households, enrollments });
  await ingest(hub, INGEST_HUMAN_RESOURCES, {
    unemploymentRegistrations: ids.map((idNumber, i) => ({ registrationNumber: `URX-${i}`, idNumber, name: '批量', district: '120115', startDate: '2025-01-01' })),
  });
  return ids;
}
