import type { Caller } from '../../src/auth/caller';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Derived answers (eligibility, review dates) about persons in a district officer's scope must not
 * carry the records of anyone outside it: not a parent registered elsewhere, not a household
 * registered and living elsewhere, not a member of another district — and must not tell whether
 * an ID number exists at all. The decision still uses those records (its outcome stays right).
 */

const AS_OF = '2025-06-01';
const WITHHELD = "Decided with records held outside the caller's district; the outcome stands, the figures and records behind it are withheld.";
const ANALYST: Caller = { sub: 'analyst-derived', role: 'analyst' };
const officer = (sub: string): Caller => ({ sub, role: 'district', district: '120101' });

const DECISIONS = `ruleId outcome amount withheld missing parameters { name }
  conditions { code outcome explanation values missing withheld evidence { department record recordId values } }`;
const PERSON = `query($id: String!) { person(idNumber: $id) {
  idNumber eligibility(asOf: "${AS_OF}") { ${DECISIONS} }
  nextReviewDue(asOf: "${AS_OF}") reviewOverdue(asOf: "${AS_OF}") household { householdNumber }
} }`;
const HOUSEHOLD = `query($n: String!) { household(householdNumber: $n) {
  eligibility(asOf: "${AS_OF}") { ${DECISIONS} } nextReviewDue(asOf: "${AS_OF}") reviewOverdue(asOf: "${AS_OF}")
} }`;

/** Two persons alike but for their ID numbers (newIdNumber may repeat itself across a sex boundary). */
function twins(district: string, birthDate: string): [string, string] {
  const first = newIdNumber(district, birthDate);
  let second = newIdNumber(district, birthDate);
  while (second === first) second = newIdNumber(district, birthDate);
  return [first, second];
}

async function world(hub: TestHub) {
  const [childOfUnknown, childOfKnown] = twins('120101', '2013-08-08');
  const w = {
    fatherAway: newIdNumber('120116', '1975-03-03'),
    motherHere: newIdNumber('120101', '1978-04-04', 'FEMALE'),
    child: newIdNumber('120101', '2014-05-05', 'FEMALE'),
    unknownFather: newIdNumber('120116', '1976-06-06'),
    knownFather: newIdNumber('120116', '1981-07-07'),
    childOfUnknown,
    childOfKnown,
    elder: newIdNumber('120101', '1950-01-01'),
    awayHead: newIdNumber('120116', '1952-02-02'),
    awayDaughter: newIdNumber('120116', '1980-03-03', 'FEMALE'),
    awayHousehold: newHouseholdNumber('120116'),
    head: newIdNumber('120101', '1970-01-01'),
    lodger: newIdNumber('120116', '1985-01-01'),
    household: newHouseholdNumber('120101'),
  };
  const person = (idNumber: string, registeredDistrict: string, extra: object = {}) => ({ idNumber, name: '测试', registeredDistrict, ...extra });
  const check = (householdNumber: string, incomeStable: boolean) => ({ householdNumber, checkedOn: '2025-01-01', moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable });
  const civil = await hub.gql(INGEST_CIVIL_AFFAIRS, {
    input: {
      persons: [
        person(w.fatherAway, '120116'),
        person(w.motherHere, '120101'),
        person(w.child, '120101', { fatherIdNumber: w.fatherAway, motherIdNumber: w.motherHere }),
        person(w.knownFather, '120116'),
        person(w.childOfUnknown, '120101', { fatherIdNumber: w.unknownFather }),
        person(w.childOfKnown, '120101', { fatherIdNumber: w.knownFather }),
        person(w.elder, '120101', { supporterStatus: 'NONE' }),
        person(w.awayHead, '120116'),
        person(w.awayDaughter, '120116'),
        person(w.head, '120101'),
        person(w.lodger, '120116'),
      ],
      households: [
        { householdNumber: w.awayHousehold, registeredDistrict: '120116', residenceDistrict: '120116', members: [
          { idNumber: w.awayHead, relation: 'HEAD', monthlyIncome: 3000 },
          { idNumber: w.awayDaughter, relation: 'CHILD', monthlyIncome: 2500 },
          { idNumber: w.elder, relation: 'OTHER', monthlyIncome: 0 },
        ] },
        { householdNumber: w.household, registeredDistrict: '120101', members: [
          { idNumber: w.head, relation: 'HEAD', monthlyIncome: 500 },
          { idNumber: w.lodger, relation: 'OTHER', monthlyIncome: 0 },
        ] },
      ],
      economicChecks: [check(w.awayHousehold, true), check(w.household, false)],
      enrollments: [
        { enrollmentNumber: newRecordNumber('TK'), program: 'TEKUN', unit: 'SINGLE_PERSON', idNumber: w.elder, startDate: '2024-01-01', monthlyAmount: 1500 },
        { enrollmentNumber: newRecordNumber('DB'), program: 'DIBAO', unit: 'HOUSEHOLD', householdNumber: w.household, startDate: '2024-01-01', monthlyAmount: 1000 },
      ],
    },
  });
  expect(civil.data.ingestCivilAffairs.errors).toEqual([]);
  const certificate = (idNumber: string, category: number) => ({ certificateNumber: `${idNumber}${category}1`, idNumber, name: '测试', category, grade: 1, issuedOn: '2020-01-01' });
  const disability = await hub.gql(INGEST_DISABILITY, { input: { certificates: [certificate(w.fatherAway, 4), certificate(w.motherHere, 1), certificate(w.lodger, 4)] } });
  expect(disability.data.ingestDisability.errors).toEqual([]);
  return w;
}

const decision = (decisions: any[], ruleId: string) => decisions.find((d) => d.ruleId === ruleId);
const condition = (d: any, code: string) => d.conditions.find((c: any) => c.code === code);

describe.each(databasesUnderTest())('derived answers across the district boundary on %s', (kind) => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  test('a child in the district, father registered elsewhere with a grade-1 disability: decided, nothing of the father shown (HTTP and WebSocket)', async () => {
    const OFFICER = officer(`heping-child-${kind}`);
    const http = await hub.as(OFFICER)(PERSON, { id: w.child });
    const ws = await hub.wsOnce(OFFICER, PERSON, { id: w.child });
    expect(http.errors).toBeUndefined();
    expect(ws.data).toEqual(http.data);
    const text = JSON.stringify(http.data);
    expect(text).not.toContain(w.fatherAway);
    expect(text).not.toContain(w.fatherAway.slice(0, 14));
    const child = decision(http.data.person.eligibility, 'unsupported-child');
    // Both parents unable (the father by his certificate): the outcome stands.
    expect(child).toMatchObject({ outcome: 'ELIGIBLE', withheld: true, amount: null });
    expect(condition(child, 'parents-unable-to-support')).toEqual({
      code: 'parents-unable-to-support', outcome: 'MET', explanation: WITHHELD, values: {}, missing: [], withheld: true, evidence: [],
    });
    expect(condition(child, 'minor')).toMatchObject({ outcome: 'MET', withheld: false, values: { age: 11 } });
    for (const d of http.data.person.eligibility) {
      for (const c of d.conditions.filter((x: any) => x.withheld)) expect(c).toMatchObject({ explanation: WITHHELD, values: {}, evidence: [] });
    }
    // In Chinese the same conditions are withheld, with the fixed sentence in Chinese.
    const zh = await hub.as(OFFICER, { 'accept-language': 'zh' })(PERSON, { id: w.child });
    expect(JSON.stringify(zh.data)).not.toContain(w.fatherAway);
    expect(condition(decision(zh.data.person.eligibility, 'unsupported-child'), 'parents-unable-to-support')).toMatchObject({
      outcome: 'MET', withheld: true, values: {}, evidence: [], explanation: expect.stringContaining('本辖区以外'),
    });

    const admin = (await hub.gql(PERSON, { id: w.child })).data.person;
    const seen = decision(admin.eligibility, 'unsupported-child');
    expect(seen).toMatchObject({ outcome: 'ELIGIBLE', withheld: false });
    const parents = condition(seen, 'parents-unable-to-support');
    expect(parents).toMatchObject({ withheld: false, values: { father: 'UNABLE', mother: 'UNABLE' } });
    expect(parents.explanation).toContain(`Father ${w.fatherAway}: unable (disability category 4 grade 1)`);
    expect(parents.evidence.map((e: any) => e.recordId)).toContain(`${w.fatherAway}41`);
  });

  test('an unknown father ID and a known father of another district give identical answers', async () => {
    const OFFICER = officer(`heping-probe-${kind}`);
    const answer = async (id: string) => {
      const res = await hub.as(OFFICER)(PERSON, { id });
      expect(res.errors).toBeUndefined();
      return JSON.stringify(res.data).split(id).join('<child>');
    };
    const [unknown, known] = [await answer(w.childOfUnknown), await answer(w.childOfKnown)];
    expect(unknown).toEqual(known);
    expect(unknown).not.toContain(w.unknownFather);
    expect(known).not.toContain(w.knownFather);
    expect(known).not.toContain('"known"');
    // For an admin the two differ: one father is on file, the other is not.
    const admin = async (id: string) => condition(decision((await hub.gql(PERSON, { id })).data.person.eligibility, 'unsupported-child'), 'parents-unable-to-support');
    expect((await admin(w.childOfUnknown)).evidence[0].values.known).toBe(false);
    expect((await admin(w.childOfKnown)).evidence[0].values.known).toBe(true);
  });

  test('a person in the district whose household is registered and living elsewhere: no member, income or review date of it', async () => {
    const OFFICER = officer(`heping-elder-${kind}`);
    const res = await hub.as(OFFICER)(PERSON, { id: w.elder });
    expect(res.errors).toBeUndefined();
    const person = res.data.person;
    const text = JSON.stringify(res.data);
    for (const hidden of [w.awayHead, w.awayDaughter, w.awayHousehold, '5,500', '5500', '3000', '2500']) expect(text).not.toContain(hidden);
    expect(person).toMatchObject({ household: null, nextReviewDue: null, reviewOverdue: null });
    for (const ruleId of ['dibao.household', 'low-income.household']) {
      const d = decision(person.eligibility, ruleId);
      expect(d).toMatchObject({ withheld: true, amount: null });
      expect(d.conditions.every((c: any) => c.withheld)).toBe(true);
    }
    const tekun = decision(person.eligibility, 'tekun');
    expect(condition(tekun, 'no-income-source')).toMatchObject({ withheld: true, explanation: WITHHELD });
    expect(condition(tekun, 'no-labour-capacity')).toMatchObject({ withheld: false, outcome: 'MET', values: { age: 75 } });

    const admin = (await hub.gql(PERSON, { id: w.elder })).data.person;
    expect(admin).toMatchObject({ nextReviewDue: '2026-01-01', reviewOverdue: false, household: { householdNumber: w.awayHousehold } });
    const income = condition(decision(admin.eligibility, 'dibao.household'), 'assessed-income-below-standard');
    expect(income).toMatchObject({ withheld: false, values: { householdIncome: 5500 } });
    expect(JSON.stringify(income.evidence)).toContain(w.awayHead);
  });

  test("a household of the district with a member of another district: that member's figures and the review date are withheld", async () => {
    const OFFICER = officer(`heping-household-${kind}`);
    const res = await hub.as(OFFICER)(HOUSEHOLD, { n: w.household });
    expect(res.errors).toBeUndefined();
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(w.lodger);
    const dibao = decision(res.data.household.eligibility, 'dibao.household');
    expect(dibao).toMatchObject({ withheld: true, amount: null });
    expect(condition(dibao, 'assessed-income-below-standard')).toMatchObject({ outcome: 'MET', withheld: true });
    expect(condition(dibao, 'property-within-standard')).toMatchObject({ outcome: 'MET', withheld: false, values: { members: 2 } });
    // Which parameters were read would tell that a member holds a certificate: all declared ones are listed.
    expect(dibao.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['deduction-disability-severe', 'deduction-serious-illness-500']));
    expect(res.data.household).toMatchObject({ nextReviewDue: null, reviewOverdue: null });

    const admin = (await hub.gql(HOUSEHOLD, { n: w.household })).data.household;
    expect(admin.nextReviewDue).toBe('2025-07-01');
    const seen = decision(admin.eligibility, 'dibao.household');
    // S × n − (500 − 1000 deduction, floored at 0) = 1010 × 2.
    expect(seen).toMatchObject({ withheld: false, amount: 2020 });
    expect(condition(seen, 'assessed-income-below-standard').explanation).toContain(`${w.lodger}: −1,000.00`);
  });

  test('the audit entry lists the father and the household members as derived, the persons asked about as read', async () => {
    const OFFICER = officer(`heping-audit-${kind}`);
    await hub.as(OFFICER)(PERSON, { id: w.child });
    await hub.as(OFFICER)(PERSON, { id: w.elder });
    await hub.as(OFFICER)(HOUSEHOLD, { n: w.household });
    const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 10) { edges { node { persons { idNumber usage } } } } }`, { sub: OFFICER.sub });
    const usage = Object.fromEntries(res.data.auditLog.edges.flatMap((e: any) => e.node.persons.map((p: any) => [p.idNumber, p.usage])));
    expect(usage).toMatchObject({
      [w.child]: 'read', [w.elder]: 'read',
      [w.fatherAway]: 'derived', [w.motherHere]: 'derived',
      [w.awayHead]: 'derived', [w.awayDaughter]: 'derived',
      [w.head]: 'derived', [w.lodger]: 'derived',
    });
    const probed = await hub.as(OFFICER)(PERSON, { id: w.childOfUnknown });
    expect(probed.errors).toBeUndefined();
    const byFather = await hub.gql(`query($id: String) { auditLog(filter: { idNumber: $id, usage: "derived", sub: "${OFFICER.sub}" }) { totalCount } }`, { id: w.unknownFather });
    expect(byFather.data.auditLog.totalCount).toBe(1);
  });

  test('analysts may not ask for per-person or per-household decisions or review dates', async () => {
    const analyst = hub.as(ANALYST);
    for (const field of ['eligibility(asOf: "2025-06-01") { outcome }', 'nextReviewDue', 'reviewOverdue']) {
      // Through the list: analysts cannot look persons or households up by number at all.
      for (const query of [
        `{ persons(first: 20, filter: { district: "120101" }) { edges { node { ${field} } } } }`,
        `{ persons(first: 20, filter: { district: "120101" }) { edges { node { household { ${field} } } } } }`,
      ]) {
        const res = await analyst(query);
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
        expect(JSON.stringify(res.data ?? null)).not.toMatch(/ELIGIBLE|\d{4}-\d\d-\d\d|true|false/);
      }
    }
    expect((await analyst('{ eligibilityRules { id } }')).data.eligibilityRules.length).toBe(7);
  });

  test("redaction costs no SQL statement: an officer's page of decisions costs what the admin's same page does", async () => {
    // Person-level fields only: a page that also asks each household's decisions races two loader
    // chains on MySQL, so its count may vary by a batch with timing, for any caller.
    const page = `query($filter: PersonFilter) { persons(first: 100, filter: $filter) { edges { node {
      eligibility(asOf: "${AS_OF}") { outcome withheld conditions { explanation } } nextReviewDue(asOf: "${AS_OF}") reviewOverdue(asOf: "${AS_OF}")
    } } } }`;
    const OFFICER = officer(`heping-page-${kind}`);
    const own = await hub.as(OFFICER)(page, {});
    // The same persons for an admin: those registered or living in 120101.
    const admin = await hub.gql(page, { filter: { district: '120101' } });
    expect(own.data.persons.edges.length).toBe(admin.data.persons.edges.length);
    expect(own.data.persons.edges.some((e: any) => e.node.eligibility.some((d: any) => d.withheld))).toBe(true);
    expect(own.extensions?.sqlStatements).toBe(admin.extensions?.sqlStatements);
  });
});
