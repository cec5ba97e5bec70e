import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES, PERSON } from '../fixtures/documents';
import { idNumberEndingInX, newHouseholdNumber, newIdNumber, newRecordNumber, withWrongCheckDigit } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

const TABLES = [
  'ca_person',
  'ca_person_situation',
  'ca_household',
  'ca_household_member',
  'ca_economic_check',
  'ca_assistance_enrollment',
  'ca_serious_illness_certification',
  'ca_temporary_assistance_payment',
  'hr_unemployment_registration',
  'hr_insurance_enrollment',
  'hr_income_month',
  'dis_certificate',
];

/** Every row of every table, in a stable order, with values as the database returns them. */
async function snapshot(hub: TestHub): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows: Record<string, unknown>[] = await hub.dataSource.query(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();
  }
  return out;
}

function family() {
  const head = newIdNumber('120104', '1961-04-02', 'MALE');
  const spouse = idNumberEndingInX('120104', '1963-08-19');
  const child = newIdNumber('120104', '2008-11-30', 'FEMALE');
  const householdNumber = newHouseholdNumber('120104');
  const civilAffairs = {
    persons: [
      { idNumber: head, name: '王建国', registeredDistrict: '120104', residenceDistrict: '120116', supporterStatus: 'ABLE' },
      {
        idNumber: spouse,
        name: '李秀英',
        registeredDistrict: '120104',
        residenceDistrict: '120116',
        situations: [{ kind: 'IMPRISONED', since: '2024-01-15' }],
      },
      { idNumber: child, name: '王小红', registeredDistrict: '120104', residenceDistrict: '120116', fatherIdNumber: head, motherIdNumber: spouse },
    ],
    households: [
      {
        householdNumber,
        registeredDistrict: '120104',
        residenceDistrict: '120116',
        members: [
          { idNumber: head, relation: 'HEAD', monthlyIncome: 1200.5 },
          { idNumber: spouse, relation: 'SPOUSE', monthlyIncome: 0 },
          { idNumber: child, relation: 'CHILD', monthlyIncome: 0 },
        ],
      },
    ],
    economicChecks: [
      { householdNumber, checkedOn: '2025-06-01', moneyAssets: 12000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: false },
    ],
    enrollments: [
      { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber, startDate: '2025-07-01', monthlyAmount: 1934.5 },
    ],
    seriousIllnessCertifications: [
      { certificationNumber: newRecordNumber('SI'), idNumber: head, tier: 1000, validFrom: '2025-01-01', validUntil: '2027-01-01' },
    ],
    temporaryAssistancePayments: [{ paymentNumber: newRecordNumber('TA'), idNumber: head, paidOn: '2025-03-10', amount: 500, kind: 'EMERGENCY' }],
  };
  return { head, spouse, child, householdNumber, civilAffairs };
}

describe.each(databasesUnderTest())('ingestion on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BATCH: '20' });
  });
  afterAll(() => hub.stop());

  test('civil affairs: a household with its people and records is stored and joined', async () => {
    const f = family();
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: f.civilAffairs });
    expect(res.errors).toBeUndefined();
    expect(res.data.ingestCivilAffairs).toEqual({ accepted: 8, rejected: 0, errors: [] });

    const person = (await hub.gql(PERSON, { idNumber: f.child })).data.person;
    expect(person).toMatchObject({
      name: '王小红',
      sex: 'FEMALE',
      birthDate: '2008-11-30',
      livesAwayFromRegistration: true,
      fatherIdNumber: f.head,
      motherIdNumber: f.spouse,
    });
    expect(person.household.householdNumber).toBe(f.householdNumber);
    expect(person.household.size).toBe(3);
    expect(person.household.members.map((m: any) => m.person.name).sort()).toEqual(['李秀英', '王小红', '王建国'].sort());
    expect(person.household.economicChecks[0]).toMatchObject({ moneyAssets: 12000, vehicle: 'NONE', incomeStable: false });
    expect(person.enrollments).toEqual([expect.objectContaining({ program: 'DIBAO', unit: 'HOUSEHOLD', monthlyAmount: 1934.5 })]);

    const head = (await hub.gql(PERSON, { idNumber: f.head })).data.person;
    expect(head.household.members.find((m: any) => m.idNumber === f.head).monthlyIncome).toBe(1200.5);
    expect(head.seriousIllnessCertifications).toEqual([expect.objectContaining({ tier: 1000, validUntil: '2027-01-01' })]);
    expect(head.temporaryAssistancePayments).toEqual([expect.objectContaining({ amount: 500, kind: 'EMERGENCY' })]);
    const spouse = (await hub.gql(PERSON, { idNumber: f.spouse })).data.person;
    expect(spouse.idNumber.endsWith('X')).toBe(true);
    expect(spouse.situations).toEqual([{ kind: 'IMPRISONED', since: '2024-01-15', until: null }]);
  });

  test('human resources and disability records join the person on the ID number', async () => {
    const f = family();
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: f.civilAffairs });
    const hr = await hub.gql(INGEST_HUMAN_RESOURCES, {
      input: {
        unemploymentRegistrations: [
          { registrationNumber: newRecordNumber('UR'), idNumber: f.head, name: '王建国', district: '120116', startDate: '2025-02-01' },
        ],
        insuranceEnrollments: [{ idNumber: f.head, name: '王建国', startDate: '2015-01-01', endDate: '2025-01-31', drawingBenefit: false }],
        incomeMonths: [
          { idNumber: f.head, month: '2025-01', amount: 4100 },
          { idNumber: f.head, month: '2025-02', amount: 0 },
        ],
      },
    });
    expect(hr.data.ingestHumanResources).toEqual({ accepted: 4, rejected: 0, errors: [] });
    const certificateNumber = `${f.child}52`;
    const dis = await hub.gql(INGEST_DISABILITY, {
      input: { certificates: [{ certificateNumber, idNumber: f.child, name: '王小红', category: 5, grade: 2, issuedOn: '2019-05-05', validUntil: '2029-05-05' }] },
    });
    expect(dis.data.ingestDisability).toEqual({ accepted: 1, rejected: 0, errors: [] });

    const head = (await hub.gql(PERSON, { idNumber: f.head })).data.person;
    expect(head.unemploymentRegistrations).toEqual([expect.objectContaining({ district: '120116', startDate: '2025-02-01', endDate: null })]);
    expect(head.insuranceEnrollments).toEqual([{ name: '王建国', startDate: '2015-01-01', endDate: '2025-01-31', drawingBenefit: false }]);
    expect(head.incomeMonths).toEqual([{ month: '2025-01', amount: 4100 }, { month: '2025-02', amount: 0 }]);
    const child = (await hub.gql(PERSON, { idNumber: f.child })).data.person;
    expect(child.disabilityCertificates).toEqual([
      expect.objectContaining({ certificateNumber, category: 5, categoryName: 'INTELLECTUAL', grade: 2, revokedOn: null }),
    ]);
  });

  test('the same batch sent twice leaves exactly the same rows', async () => {
    const f = family();
    const hr = {
      unemploymentRegistrations: [{ registrationNumber: newRecordNumber('UR'), idNumber: f.head, name: '王建国', district: '120104', startDate: '2025-02-01' }],
      insuranceEnrollments: [{ idNumber: f.head, name: '王建国', startDate: '2016-03-01', drawingBenefit: true }],
      incomeMonths: [{ idNumber: f.head, month: '2025-03', amount: 0 }],
    };
    const dis = { certificates: [{ certificateNumber: `${f.head}41`, idNumber: f.head, name: '王建国', category: 4, grade: 1, issuedOn: '2020-01-01' }] };
    const send = async () => {
      const a = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: f.civilAffairs });
      const b = await hub.gql(INGEST_HUMAN_RESOURCES, { input: hr });
      const c = await hub.gql(INGEST_DISABILITY, { input: dis });
      return [a.data, b.data, c.data];
    };
    const firstReports = await send();
    const first = await snapshot(hub);
    const secondReports = await send();
    const second = await snapshot(hub);
    expect(secondReports).toEqual(firstReports);
    expect(second).toEqual(first);
    expect(first.ca_household_member.length).toBeGreaterThanOrEqual(3);
  });

  test('a mixed batch stores its good records and reports each bad one', async () => {
    const good = newIdNumber('120102', '1990-01-01');
    const wrongCheck = withWrongCheckDigit(newIdNumber('120102', '1991-02-02'));
    const badAddress = newIdNumber('120102', '1992-03-03').replace(/^120102/, '129999');
    const before = await snapshot(hub);
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [
          { idNumber: good, name: '赵一', registeredDistrict: '120102' },
          { idNumber: wrongCheck, name: '钱二', registeredDistrict: '120102' },
          { idNumber: newIdNumber('120103', '1980-01-01'), name: '孙三', registeredDistrict: '120199' },
          { idNumber: good, name: '赵一', registeredDistrict: '120102' },
          { idNumber: newIdNumber('120103', '1980-01-01'), name: ' ', registeredDistrict: '120103' },
          { idNumber: badAddress, name: '周四', registeredDistrict: '120102' },
        ],
        temporaryAssistancePayments: [
          { paymentNumber: newRecordNumber('TA'), idNumber: good, paidOn: '2025-02-30', amount: 500, kind: 'EMERGENCY' },
          { paymentNumber: newRecordNumber('TA'), idNumber: good, paidOn: '2025-02-03', amount: -1, kind: 'EMERGENCY' },
          { paymentNumber: newRecordNumber('TA'), idNumber: good, paidOn: '2025-02-03', amount: 10.005, kind: 'CONTINUED' },
        ],
        enrollments: [
          { enrollmentNumber: newRecordNumber('EN'), program: 'LOW_INCOME', unit: 'SINGLE_PERSON', idNumber: good, startDate: '2025-01-01', monthlyAmount: 300 },
          { enrollmentNumber: newRecordNumber('EN'), program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: good, startDate: '2025-05-01', endDate: '2025-04-01', monthlyAmount: 300 },
        ],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(report.accepted).toBe(1);
    expect(report.rejected).toBe(10);
    const codes = report.errors.map((e: any) => [e.list, e.index, e.field, e.code]);
    expect(codes).toEqual([
      ['persons', 1, 'idNumber', 'INVALID_ID_NUMBER'],
      ['persons', 2, 'registeredDistrict', 'INVALID_DISTRICT'],
      ['persons', 3, '', 'DUPLICATE_IN_BATCH'],
      ['persons', 4, 'name', 'INVALID_NAME'],
      ['persons', 5, 'idNumber', 'INVALID_ID_NUMBER'],
      ['enrollments', 0, 'unit', 'UNIT_MISMATCH'],
      ['enrollments', 1, 'endDate', 'DATE_ORDER'],
      ['temporaryAssistancePayments', 0, 'paidOn', 'INVALID_DATE'],
      ['temporaryAssistancePayments', 1, 'amount', 'INVALID_AMOUNT'],
      ['temporaryAssistancePayments', 2, 'amount', 'INVALID_AMOUNT'],
    ]);
    expect(report.errors[0]).toMatchObject({ key: wrongCheck, message: expect.stringContaining('check character') });
    expect(report.errors[4].message).toContain('administrative division');
    const after = await snapshot(hub);
    expect(after.ca_person.length).toBe(before.ca_person.length + 1);
    expect(after.ca_temporary_assistance_payment).toEqual(before.ca_temporary_assistance_payment);
    expect(after.ca_assistance_enrollment).toEqual(before.ca_assistance_enrollment);
    expect((await hub.gql(PERSON, { idNumber: good })).data.person.name).toBe('赵一');
  });

  test('a household with one bad member is not written at all', async () => {
    const householdNumber = newHouseholdNumber('120105');
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: {
        households: [
          {
            householdNumber,
            registeredDistrict: '120105',
            members: [
              { idNumber: newIdNumber('120105', '1970-01-01'), relation: 'HEAD', monthlyIncome: 100 },
              { idNumber: withWrongCheckDigit(newIdNumber('120105', '1971-01-01')), relation: 'SPOUSE', monthlyIncome: 0 },
            ],
          },
        ],
      },
    });
    expect(res.data.ingestCivilAffairs.errors).toEqual([
      expect.objectContaining({ list: 'households', index: 0, key: householdNumber, field: 'members[1].idNumber', code: 'INVALID_ID_NUMBER' }),
    ]);
    const rows = await hub.dataSource.query(`SELECT COUNT(*) AS n FROM ca_household_member WHERE householdNumber = '${householdNumber}'`);
    expect(Number(rows[0].n)).toBe(0);
    expect((await hub.gql('query($n: String!) { household(householdNumber: $n) { householdNumber } }', { n: householdNumber })).data.household).toBeNull();
  });

  test('a household sent again with fewer members loses the ones not listed', async () => {
    const f = family();
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: f.civilAffairs });
    const household = { ...f.civilAffairs.households[0], members: f.civilAffairs.households[0].members.slice(0, 2) };
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { households: [household] } });
    const child = (await hub.gql(PERSON, { idNumber: f.child })).data.person;
    expect(child.household).toBeNull();
    const head = (await hub.gql(PERSON, { idNumber: f.head })).data.person;
    expect(head.household.size).toBe(2);
  });

  test('certificate numbers must agree with the holder, category and grade', async () => {
    const id = newIdNumber('120110', '1985-06-06');
    const base = { idNumber: id, name: '吴五', issuedOn: '2020-01-01' };
    const res = await hub.gql(INGEST_DISABILITY, {
      input: {
        certificates: [
          { ...base, certificateNumber: `${id}42`, category: 4, grade: 1 },
          { ...base, certificateNumber: `${newIdNumber()}41`, category: 4, grade: 1 },
          { ...base, certificateNumber: `${id}81`, category: 8, grade: 1 },
          { ...base, certificateNumber: `${id}4`, category: 4, grade: 1 },
          { ...base, certificateNumber: `${id}35`, category: 3, grade: 5 },
          { ...base, certificateNumber: `${id}33`, category: 3, grade: 3, validUntil: '2019-01-01' },
        ],
      },
    });
    expect(res.data.ingestDisability.errors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [0, 'certificateNumber', 'CERTIFICATE_MISMATCH'],
      [1, 'certificateNumber', 'CERTIFICATE_MISMATCH'],
      [2, 'category', 'OUT_OF_RANGE'],
      [3, 'certificateNumber', 'CERTIFICATE_MISMATCH'],
      [4, 'grade', 'OUT_OF_RANGE'],
      [5, 'validUntil', 'DATE_ORDER'],
    ]);
    expect(res.data.ingestDisability.accepted).toBe(0);
  });

  test('records that arrive before their person are kept and joined when the person arrives', async () => {
    const id = newIdNumber('120113', '1979-09-09');
    const early = await hub.gql(INGEST_HUMAN_RESOURCES, {
      input: { unemploymentRegistrations: [{ registrationNumber: newRecordNumber('UR'), idNumber: id, name: '郑六', district: '120113', startDate: '2025-04-01' }] },
    });
    expect(early.data.ingestHumanResources.accepted).toBe(1);
    await hub.gql(INGEST_DISABILITY, {
      input: { certificates: [{ certificateNumber: `${id}12`, idNumber: id, name: '郑六', category: 1, grade: 2, issuedOn: '2021-01-01' }] },
    });
    expect((await hub.gql(PERSON, { idNumber: id })).data.person).toBeNull();

    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ idNumber: id, name: '郑六', registeredDistrict: '120113' }] } });
    const person = (await hub.gql(PERSON, { idNumber: id })).data.person;
    expect(person.unemploymentRegistrations).toHaveLength(1);
    expect(person.disabilityCertificates).toEqual([expect.objectContaining({ grade: 2, categoryName: 'VISUAL' })]);
  });

  test('a batch above the limit is refused whole, with the limit in the error', async () => {
    const before = await snapshot(hub);
    const persons = Array.from({ length: 21 }, (_, i) => ({ idNumber: newIdNumber('120101', '1960-01-01'), name: `人${i}`, registeredDistrict: '120101' }));
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons } });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', limit: 20, size: 21 });
    expect(await snapshot(hub)).toEqual(before);
  });

  test('a value outside an enumeration is refused by the schema before anything is stored', async () => {
    const before = await snapshot(hub);
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: { persons: [{ idNumber: newIdNumber(), name: '冯七', registeredDistrict: '120101', supporterStatus: 'MAYBE' }] },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('persons[0].supporterStatus');
    expect(await snapshot(hub)).toEqual(before);
  });
});
