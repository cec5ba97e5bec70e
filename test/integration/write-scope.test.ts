import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';
import type { Caller } from '../../src/auth/caller';

/*
 * A district officer's writes are judged against what is stored: the stored record, its owner
 * before and after, a household's members' current households, a parent's district. Every
 * takeover below is read back as admin to show nothing changed, alongside a good record of the
 * same batch that was stored, and the batch's audit entry lists whom the refusal revealed.
 */

const PERSON = `query($id: String!) { person(idNumber: $id) {
  idNumber name registeredDistrict fatherIdNumber motherIdNumber situations { kind since }
  household { householdNumber }
  enrollments { enrollmentNumber unit householdNumber idNumber monthlyAmount }
  seriousIllnessCertifications { certificationNumber tier }
  temporaryAssistancePayments { paymentNumber amount }
} }`;
const HOUSEHOLD = `query($n: String!) { household(householdNumber: $n) {
  householdNumber registeredDistrict members { idNumber relation monthlyIncome }
  economicChecks { checkedOn moneyAssets } enrollments { enrollmentNumber unit monthlyAmount }
} }`;
const AUDIT = `query($sub: String) { auditLog(filter: { sub: $sub }, first: 10) { edges { node { fields persons { idNumber usage } } } } }`;

const check = (householdNumber: string, checkedOn: string, moneyAssets: number) => ({
  householdNumber, checkedOn, moneyAssets, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true,
});

/**
 * Heping (120101) has two households; Binhai (120116) one, with a lodger registered in Heping and
 * its own check, enrollments (of the household and of persons), certification and payment.
 */
async function world(hub: TestHub) {
  const w = {
    hHead: newIdNumber('120101', '1960-01-01'),
    hChild: newIdNumber('120101', '2012-02-02', 'FEMALE'),
    hOther: newIdNumber('120101', '1975-05-05'),
    hMover: newIdNumber('120101', '1980-06-06'),
    bHead: newIdNumber('120116', '1950-03-03'),
    bSpouse: newIdNumber('120116', '1952-04-04', 'FEMALE'),
    bChild: newIdNumber('120116', '2010-07-07'),
    lodger: newIdNumber('120101', '1990-08-08'),
    hHousehold: newHouseholdNumber('120101'),
    hHousehold2: newHouseholdNumber('120101'),
    bHousehold: newHouseholdNumber('120116'),
    bHouseholdEnrollment: newRecordNumber('EN'),
    bPersonEnrollment: newRecordNumber('EN'),
    bPersonEnrollment2: newRecordNumber('EN'),
    bCertification: newRecordNumber('IC'),
    bPayment: newRecordNumber('TA'),
  };
  const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
    input: {
      persons: [
        { idNumber: w.hHead, name: '张建华', registeredDistrict: '120101' },
        { idNumber: w.hChild, name: '张小雨', registeredDistrict: '120101', fatherIdNumber: w.hHead },
        { idNumber: w.hOther, name: '赵其', registeredDistrict: '120101', motherIdNumber: w.bSpouse },
        { idNumber: w.hMover, name: '钱动', registeredDistrict: '120101' },
        { idNumber: w.bHead, name: '李海', registeredDistrict: '120116' },
        { idNumber: w.bSpouse, name: '周梅', registeredDistrict: '120116', situations: [{ kind: 'IMPRISONED', since: '2024-01-15' }] },
        { idNumber: w.bChild, name: '李小海', registeredDistrict: '120116', fatherIdNumber: w.bHead, motherIdNumber: w.bSpouse },
        { idNumber: w.lodger, name: '王客', registeredDistrict: '120101', residenceDistrict: '120116' },
      ],
      households: [
        { householdNumber: w.hHousehold, registeredDistrict: '120101', members: [
          { idNumber: w.hHead, relation: 'HEAD', monthlyIncome: 900 },
          { idNumber: w.hChild, relation: 'CHILD', monthlyIncome: 0 },
        ] },
        { householdNumber: w.hHousehold2, registeredDistrict: '120101', members: [
          { idNumber: w.hOther, relation: 'HEAD', monthlyIncome: 100 },
          { idNumber: w.hMover, relation: 'SIBLING', monthlyIncome: 50 },
        ] },
        { householdNumber: w.bHousehold, registeredDistrict: '120116', members: [
          { idNumber: w.bHead, relation: 'HEAD', monthlyIncome: 3000 },
          { idNumber: w.bSpouse, relation: 'SPOUSE', monthlyIncome: 0 },
          { idNumber: w.bChild, relation: 'CHILD', monthlyIncome: 0 },
          { idNumber: w.lodger, relation: 'OTHER', monthlyIncome: 2000 },
        ] },
      ],
      economicChecks: [check(w.bHousehold, '2025-01-01', 5000)],
      enrollments: [
        { enrollmentNumber: w.bHouseholdEnrollment, program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.bHousehold, startDate: '2025-01-01', monthlyAmount: 800 },
        { enrollmentNumber: w.bPersonEnrollment, program: 'TEKUN', unit: 'SINGLE_PERSON', idNumber: w.bHead, startDate: '2025-01-01', monthlyAmount: 1200 },
        { enrollmentNumber: w.bPersonEnrollment2, program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.bSpouse, startDate: '2025-01-01', monthlyAmount: 600 },
      ],
      seriousIllnessCertifications: [{ certificationNumber: w.bCertification, idNumber: w.bSpouse, tier: 1000, validFrom: '2024-01-01' }],
      temporaryAssistancePayments: [{ paymentNumber: w.bPayment, idNumber: w.bChild, paidOn: '2025-03-01', amount: 1500, kind: 'EMERGENCY' }],
    },
  });
  expect(res.data.ingestCivilAffairs).toMatchObject({ rejected: 0 });
  return w;
}

describe.each(databasesUnderTest())('writes checked against what exists, on %s', (kind) => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  const officer = (name: string): Caller => ({ sub: `heping-${name}-${kind}`, role: 'district', district: '120101' });
  const person = async (id: string) => (await hub.gql(PERSON, { id })).data.person;
  const household = async (n: string) => (await hub.gql(HOUSEHOLD, { n })).data.household;
  const memberIds = async (n: string) => (await household(n)).members.map((m: any) => m.idNumber).sort();
  const errorsOf = (report: any) => report.errors.map((e: any) => [e.list, e.index, e.field, e.code]);
  /** The persons the officer's one audit entry lists as revealed by a refusal. */
  const refusedIn = async (caller: Caller) => {
    const edges = (await hub.gql(AUDIT, { sub: caller.sub })).data.auditLog.edges;
    expect(edges).toHaveLength(1);
    return edges[0].node.persons.filter((p: any) => p.usage === 'refused').map((p: any) => p.idNumber).sort();
  };

  test('a member list cannot take another district\'s person, nor anyone out of another district\'s household', async () => {
    const caller = officer('members');
    const newcomer = newIdNumber('120101', '1985-09-09');
    const unsent = newIdNumber('120101', '2015-10-10');
    const newHousehold = newHouseholdNumber('120101');
    const res = await hub.as(caller)(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [{ idNumber: newcomer, name: '孙新', registeredDistrict: '120101' }],
        households: [
          { householdNumber: w.hHousehold, registeredDistrict: '120101', members: [
            { idNumber: w.hHead, relation: 'HEAD', monthlyIncome: 900 },
            { idNumber: w.hChild, relation: 'CHILD', monthlyIncome: 0 },
            { idNumber: w.bChild, relation: 'CHILD', monthlyIncome: 0 },
          ] },
          // The lodger is registered in Heping, but listed in Binhai's household.
          { householdNumber: w.hHousehold2, registeredDistrict: '120101', members: [
            { idNumber: w.hOther, relation: 'HEAD', monthlyIncome: 100 },
            { idNumber: w.lodger, relation: 'OTHER', monthlyIncome: 0 },
          ] },
          // Persons of the district move between its households; persons not sent yet may join.
          { householdNumber: newHousehold, registeredDistrict: '120101', members: [
            { idNumber: newcomer, relation: 'HEAD', monthlyIncome: 0 },
            { idNumber: w.hMover, relation: 'SIBLING', monthlyIncome: 50 },
            { idNumber: unsent, relation: 'CHILD', monthlyIncome: 0 },
          ] },
        ],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(errorsOf(report)).toEqual([
      ['households', 0, 'members[2].idNumber', 'OUT_OF_SCOPE'],
      ['households', 1, 'members[1].idNumber', 'OUT_OF_SCOPE'],
    ]);
    expect(report.errors[0].message).toBe(report.errors[1].message);
    expect(report.accepted).toBe(2);

    expect(await memberIds(w.bHousehold)).toEqual([w.bHead, w.bSpouse, w.bChild, w.lodger].sort());
    expect(await memberIds(w.hHousehold)).toEqual([w.hHead, w.hChild].sort());
    expect(await memberIds(w.hHousehold2)).toEqual([w.hOther]);
    expect(await memberIds(newHousehold)).toEqual([newcomer, w.hMover, unsent].sort());
    expect(await refusedIn(caller)).toEqual([w.bChild, w.lodger].sort());
  });

  test('an enrollment, certification or payment of another district cannot be taken over by its number (WebSocket)', async () => {
    const caller = officer('numbers');
    const own = newRecordNumber('EN');
    const res = await hub.wsOnce(caller, INGEST_CIVIL_AFFAIRS, {
      input: {
        enrollments: [
          { enrollmentNumber: w.bPersonEnrollment, program: 'TEKUN', unit: 'SINGLE_PERSON', idNumber: w.hHead, startDate: '2025-01-01', monthlyAmount: 1 },
          // From a Binhai household to a Heping person, and from a Binhai person to a Heping household.
          { enrollmentNumber: w.bHouseholdEnrollment, program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.hChild, startDate: '2025-01-01', monthlyAmount: 1 },
          { enrollmentNumber: w.bPersonEnrollment2, program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.hHousehold, startDate: '2025-01-01', monthlyAmount: 1 },
          { enrollmentNumber: own, program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.hChild, startDate: '2025-01-01', monthlyAmount: 300 },
        ],
        seriousIllnessCertifications: [{ certificationNumber: w.bCertification, idNumber: w.hHead, tier: 500, validFrom: '2024-01-01' }],
        temporaryAssistancePayments: [{ paymentNumber: w.bPayment, idNumber: w.hChild, paidOn: '2025-03-01', amount: 1, kind: 'EMERGENCY' }],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(errorsOf(report)).toEqual([
      ['enrollments', 0, 'enrollmentNumber', 'OUT_OF_SCOPE'],
      ['enrollments', 1, 'enrollmentNumber', 'OUT_OF_SCOPE'],
      ['enrollments', 2, 'enrollmentNumber', 'OUT_OF_SCOPE'],
      ['seriousIllnessCertifications', 0, 'certificationNumber', 'OUT_OF_SCOPE'],
      ['temporaryAssistancePayments', 0, 'paymentNumber', 'OUT_OF_SCOPE'],
    ]);
    expect(report.accepted).toBe(1);

    expect((await person(w.bHead)).enrollments).toEqual(expect.arrayContaining([
      expect.objectContaining({ enrollmentNumber: w.bPersonEnrollment, idNumber: w.bHead, monthlyAmount: 1200 }),
    ]));
    expect((await person(w.bSpouse)).enrollments).toEqual(expect.arrayContaining([
      expect.objectContaining({ enrollmentNumber: w.bPersonEnrollment2, unit: 'SINGLE_PERSON', idNumber: w.bSpouse, monthlyAmount: 600 }),
    ]));
    expect((await household(w.bHousehold)).enrollments).toEqual([{ enrollmentNumber: w.bHouseholdEnrollment, unit: 'HOUSEHOLD', monthlyAmount: 800 }]);
    expect((await household(w.hHousehold)).enrollments).toEqual([]);
    expect((await person(w.bSpouse)).seriousIllnessCertifications).toEqual([{ certificationNumber: w.bCertification, tier: 1000 }]);
    expect((await person(w.bChild)).temporaryAssistancePayments).toEqual([{ paymentNumber: w.bPayment, amount: 1500 }]);
    const child = await person(w.hChild);
    expect(child.enrollments.map((e: any) => e.enrollmentNumber)).toEqual([own]);
    expect(child.temporaryAssistancePayments).toEqual([]);
    expect((await person(w.hHead)).seriousIllnessCertifications).toEqual([]);
    // The household enrollment reveals the whole Binhai household, the lodger included.
    expect(await refusedIn(caller)).toEqual([w.bHead, w.bSpouse, w.bChild, w.lodger].sort());
  });

  test('a check is its household\'s, and a household refused for another reason lets no check through', async () => {
    const caller = officer('checks');
    const ownHousehold = newHouseholdNumber('120101');
    // A number Binhai will use next: the officer's household under it is refused (the member is listed twice).
    const binhaisNext = newHouseholdNumber('120116');
    const member = newIdNumber('120101', '1970-11-11');
    const res = await hub.as(caller)(INGEST_CIVIL_AFFAIRS, {
      input: {
        households: [
          { householdNumber: ownHousehold, registeredDistrict: '120101', members: [{ idNumber: member, relation: 'HEAD', monthlyIncome: 0 }] },
          { householdNumber: binhaisNext, registeredDistrict: '120101', members: [{ idNumber: member, relation: 'HEAD', monthlyIncome: 0 }] },
        ],
        economicChecks: [check(w.bHousehold, '2025-01-01', 0), check(binhaisNext, '2025-02-01', 0), check(ownHousehold, '2025-02-01', 42)],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(errorsOf(report)).toEqual([
      ['households', 1, 'members[0].idNumber', 'MEMBER_OF_TWO_HOUSEHOLDS'],
      ['economicChecks', 0, 'householdNumber', 'OUT_OF_SCOPE'],
      ['economicChecks', 1, 'householdNumber', 'OUT_OF_SCOPE'],
    ]);
    expect(report.errors[1].message).toBe(report.errors[2].message);

    const binhaiHead = newIdNumber('120116', '1966-12-12');
    const later = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: { households: [{ householdNumber: binhaisNext, registeredDistrict: '120116', members: [{ idNumber: binhaiHead, relation: 'HEAD', monthlyIncome: 0 }] }] },
    });
    expect(later.data.ingestCivilAffairs.rejected).toBe(0);
    expect((await household(binhaisNext)).economicChecks).toEqual([]);
    expect((await household(w.bHousehold)).economicChecks).toEqual([{ checkedOn: '2025-01-01', moneyAssets: 5000 }]);
    expect((await household(ownHousehold)).economicChecks).toEqual([{ checkedOn: '2025-02-01', moneyAssets: 42 }]);
    // Neither refusal tells whether the household exists: nobody is listed as revealed.
    expect(await refusedIn(caller)).toEqual([]);
  });

  test('a parent link may not reach into another district; a link already stored may be sent again', async () => {
    const caller = officer('parents');
    const newcomer = newIdNumber('120101', '2019-01-01');
    const unsentParent = newIdNumber('120105', '1989-02-02');
    const res = await hub.as(caller)(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [
          { idNumber: w.hChild, name: '张小雨', registeredDistrict: '120101', fatherIdNumber: w.bHead },
          { idNumber: newcomer, name: '吴新', registeredDistrict: '120101', motherIdNumber: w.bSpouse },
          { idNumber: w.hOther, name: '赵其其', registeredDistrict: '120101', motherIdNumber: w.bSpouse },
          { idNumber: newIdNumber('120101', '2020-03-03'), name: '吴二', registeredDistrict: '120101', fatherIdNumber: unsentParent, motherIdNumber: w.hOther },
        ],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(errorsOf(report)).toEqual([
      ['persons', 0, 'fatherIdNumber', 'OUT_OF_SCOPE'],
      ['persons', 1, 'motherIdNumber', 'OUT_OF_SCOPE'],
    ]);
    expect(report.accepted).toBe(2);
    expect((await person(w.hChild)).fatherIdNumber).toBe(w.hHead);
    expect(await person(newcomer)).toBeNull();
    expect(await person(w.hOther)).toMatchObject({ name: '赵其其', motherIdNumber: w.bSpouse });
    expect(await refusedIn(caller)).toEqual([w.bHead, w.bSpouse].sort());
  });

  test('a person or household stored in another district cannot be taken over, situations and members included', async () => {
    const caller = officer('takeover');
    const own = newIdNumber('120101', '1999-04-04');
    const res = await hub.as(caller)(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [
          { idNumber: w.bSpouse, name: '周梅', registeredDistrict: '120101', situations: [] },
          { idNumber: newIdNumber('120102', '1977-07-07'), name: '外人', registeredDistrict: '120102' },
          { idNumber: own, name: '郑自', registeredDistrict: '120101', situations: [{ kind: 'OUT_OF_CONTACT', since: '2025-01-01' }] },
        ],
        households: [{ householdNumber: w.bHousehold, registeredDistrict: '120101', members: [{ idNumber: own, relation: 'HEAD', monthlyIncome: 0 }] }],
      },
    });
    const report = res.data.ingestCivilAffairs;
    expect(errorsOf(report)).toEqual([
      ['persons', 0, 'registeredDistrict', 'OUT_OF_SCOPE'],
      ['persons', 1, 'registeredDistrict', 'OUT_OF_SCOPE'],
      ['households', 0, 'registeredDistrict', 'OUT_OF_SCOPE'],
    ]);
    expect(new Set(report.errors.map((e: any) => e.message)).size).toBe(1);
    expect(await person(w.bSpouse)).toMatchObject({ registeredDistrict: '120116', situations: [{ kind: 'IMPRISONED', since: '2024-01-15' }] });
    expect(await household(w.bHousehold)).toMatchObject({ registeredDistrict: '120116' });
    expect(await memberIds(w.bHousehold)).toEqual([w.bHead, w.bSpouse, w.bChild, w.lodger].sort());
    expect((await person(own)).situations).toEqual([{ kind: 'OUT_OF_CONTACT', since: '2025-01-01' }]);
    // The unknown Xiqing person reveals nothing; the Binhai spouse and household do.
    expect(await refusedIn(caller)).toEqual([w.bHead, w.bSpouse, w.bChild, w.lodger].sort());
  });

  test('an admin\'s batch is not judged by district', async () => {
    const enrollment = newRecordNumber('EN');
    const first = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: { enrollments: [{ enrollmentNumber: enrollment, program: 'DIBAO', unit: 'SINGLE_PERSON', idNumber: w.bHead, startDate: '2025-01-01', monthlyAmount: 10 }] },
    });
    const moved = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: { enrollments: [{ enrollmentNumber: enrollment, program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.hHousehold2, startDate: '2025-01-01', monthlyAmount: 10 }] },
    });
    expect([first.data.ingestCivilAffairs.rejected, moved.data.ingestCivilAffairs.rejected]).toEqual([0, 0]);
    expect((await household(w.hHousehold2)).enrollments.map((e: any) => e.enrollmentNumber)).toEqual([enrollment]);
  });
});
