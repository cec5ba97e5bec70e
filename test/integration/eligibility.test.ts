import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

async function ingestWorld(hub: TestHub, c: Omit<RuleCase, 'expect' | 'name' | 'asOf'>) {
  const world = buildWorld({ name: 'fixture', asOf: '2020-07-01', expect: { outcome: '', conditions: {}, amount: null }, ...c });
  for (const [doc, input] of [
    [INGEST_CIVIL_AFFAIRS, world.civilAffairs],
    [INGEST_HUMAN_RESOURCES, world.humanResources],
    [INGEST_DISABILITY, world.disability],
  ] as const) {
    const res = await hub.gql(doc, { input });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res.data)).toContain('"rejected":0');
  }
  return world;
}

const ELIGIBILITY = /* GraphQL */ `
  query($id: String!, $asOf: LocalDate, $rules: [String!]) {
    person(idNumber: $id) {
      eligibility(asOf: $asOf, ruleIds: $rules) {
        ruleId outcome amount asOf clause program unit effects missing
        conditions { code outcome explanation values evidence { department record recordId values } }
        parameters { name value effectiveFrom reference status note }
      }
    }
  }
`;

describe.each(databasesUnderTest())('eligibility on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterAll(() => hub?.stop());

  test('the same 17-year-old is not 特困 on 2020-06-30 and is on 2020-07-01, when the minors\' limit rises to 18', async () => {
    const world = await ingestWorld(hub, {
      subject: 'p',
      persons: { p: { birthDate: '2003-03-03', supporterStatus: 'NONE' } },
      household: { members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: '2020-05-01', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 0, nonResidentialProperty: false, incomeStable: true }],
    });
    const decide = async (asOf: string) =>
      (await hub.gql(ELIGIBILITY, { id: world.ids.p, asOf, rules: ['tekun'] })).data.person.eligibility[0];
    const before = await decide('2020-06-30');
    const after = await decide('2020-07-01');
    expect(before.outcome).toBe('NOT_ELIGIBLE');
    expect(after.outcome).toBe('ELIGIBLE');
    const capacity = (d: any) => d.conditions.find((c: any) => c.code === 'no-labour-capacity');
    expect(capacity(before)).toMatchObject({ outcome: 'NOT_MET', values: { age: 17, minorAgeLimit: 16 } });
    expect(capacity(after)).toMatchObject({ outcome: 'MET', values: { age: 17, minorAgeLimit: 18 } });
    const limit = (d: any) => d.parameters.find((p: any) => p.name === 'tekun-minor-age-limit');
    expect(limit(before)).toMatchObject({ value: 16, effectiveFrom: '2016-10-10' });
    expect(limit(after)).toMatchObject({ value: 18, effectiveFrom: '2020-07-01', status: 'VERIFY', note: expect.stringContaining('no date') });
  });

  test('a decision explains each condition with figures, records and the parameters used', async () => {
    const world = await ingestWorld(hub, {
      subject: 'head',
      persons: { head: { birthDate: '1970-01-01' }, child: { birthDate: '2010-01-01' } },
      household: { members: [{ person: 'head', relation: 'HEAD', monthlyIncome: 1500 }, { person: 'child', relation: 'CHILD', monthlyIncome: 0 }] },
      disabilityCertificates: [{ person: 'child', category: 5, grade: 1, issuedOn: '2015-01-01' }],
      economicChecks: [{ checkedOn: '2020-06-01', moneyAssets: 20000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: false }],
    });
    const res = await hub.gql(ELIGIBILITY, { id: world.ids.head, asOf: '2020-08-01', rules: ['dibao.household'] });
    const d = res.data.person.eligibility[0];
    expect(d).toMatchObject({ ruleId: 'dibao.household', outcome: 'ELIGIBLE', clause: '1.3', program: 'DIBAO', unit: 'HOUSEHOLD', asOf: '2020-08-01' });
    // 2 × 1010 − (1500 − 1000 deduction for the grade-1 intellectual disability)
    expect(d.amount).toBe(1520);
    const income = d.conditions.find((c: any) => c.code === 'assessed-income-below-standard');
    expect(income.values).toMatchObject({ householdIncome: 1500, deductions: 1000, assessedIncome: 500, threshold: 2020 });
    expect(income.explanation).toContain('2,020.00');
    expect(income.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ department: 'disability', record: 'disability-certificate', recordId: `${world.ids.child}51` })]),
    );
    expect(d.parameters.map((p: any) => p.name).sort()).toEqual(
      ['deduction-disability-severe', 'dibao-standard', 'money-asset-limit-months'].sort(),
    );
    expect(d.parameters.find((p: any) => p.name === 'dibao-standard')).toMatchObject({ value: 1010, effectiveFrom: '2020-04-01', status: 'VERIFY' });
  });

  test('explanations in the language asked for: the `language` argument, else Accept-Language (HTTP header or WebSocket parameter), else English', async () => {
    const world = await ingestWorld(hub, {
      subject: 'child',
      persons: { child: { birthDate: '2003-03-03' } },
      household: { members: [{ person: 'child', relation: 'HEAD', monthlyIncome: 0 }] },
    });
    const QUERY = /* GraphQL */ `
      query($id: String!, $language: Language) {
        person(idNumber: $id) {
          eligibility(asOf: "2020-07-01", ruleIds: ["unsupported-child"], language: $language) { outcome missing conditions { code outcome explanation values } }
          household { eligibility(asOf: "2020-07-01", language: $language) { ruleId conditions { code explanation } } }
        }
      }
    `;
    const ask = async (language: string | null, headers: Record<string, string> = {}) => {
      const res = await hub.gql(QUERY, { id: world.ids.child, language }, headers);
      expect(res.errors).toBeUndefined();
      return res.data.person;
    };
    const english = await ask(null);
    const zhHeader = await ask(null, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    const zhArgument = await ask('ZH');
    const enOverHeader = await ask('EN', { 'accept-language': 'zh' });
    const minor = (p: any) => p.eligibility[0].conditions[0];
    expect(minor(english)).toMatchObject({ code: 'minor', outcome: 'MET', explanation: 'Age 17 on 2020-07-01 is under 18.', values: { age: 17, limit: 18 } });
    expect(minor(zhHeader).explanation).toBe('截至2020-07-01年龄17岁，未满18岁。');
    expect(zhArgument).toEqual(zhHeader);
    expect(enOverHeader).toEqual(english);
    // The parents are not identified: what is missing speaks the same language.
    expect(english.eligibility[0].missing).toEqual(["father's ID number (civil affairs)", "mother's ID number (civil affairs)"]);
    expect(zhHeader.eligibility[0].missing).toEqual(['父亲的身份证号码（民政）', '母亲的身份证号码（民政）']);
    // Household decisions too (no economic check yet).
    const property = (p: any) => p.household.eligibility[0].conditions.find((c: any) => c.code === 'property-within-standard').explanation;
    expect(property(english)).toMatch(/^Household .* has no economic check dated on or before 2020-07-01\.$/);
    expect(property(zhHeader)).toMatch(/^家庭户.*在2020-07-01及之前没有经济状况核对记录。$/);
    // Outcomes and figures are the same whatever the language.
    const facts = (p: any) => p.eligibility.map((d: any) => [d.outcome, d.conditions.map((c: any) => [c.code, c.outcome, c.values])]);
    expect(facts(zhHeader)).toEqual(facts(english));
    const overWs = await hub.wsOnce(ADMIN, QUERY, { id: world.ids.child, language: null }, { 'Accept-Language': 'zh' });
    expect(overWs.errors).toBeUndefined();
    expect(overWs.data.person).toEqual(zhHeader);
  });

  test('all rules by default; an unknown rule id and a date before a rule existed are clear errors', async () => {
    const world = await ingestWorld(hub, { subject: 'p', persons: { p: { birthDate: '1980-01-01' } } });
    const all = await hub.gql(ELIGIBILITY, { id: world.ids.p, asOf: '2021-01-01' });
    expect(all.data.person.eligibility.map((d: any) => d.ruleId)).toEqual([
      'dibao.household',
      'low-income.household',
      'dibao.single-person.severe-disability-or-illness',
      'unsupported-child',
      'dibao.single-person.adult-disabled-child',
      'temporary-assistance.uninsured-unemployed',
      'tekun',
    ]);
    const early = await hub.gql(ELIGIBILITY, { id: world.ids.p, asOf: '2020-01-01' });
    // Before the notice took effect only the rules whose parameters were already in force exist.
    expect(early.data.person.eligibility.map((d: any) => d.ruleId)).toEqual([
      'dibao.single-person.severe-disability-or-illness',
      'unsupported-child',
      'tekun',
    ]);
    const unknown = await hub.gql(ELIGIBILITY, { id: world.ids.p, rules: ['dibao.nonsense'] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'UNKNOWN_RULE', field: 'ruleIds' });
    const beforeRule = await hub.gql(ELIGIBILITY, { id: world.ids.p, asOf: '2020-01-01', rules: ['dibao.household'] });
    expect(beforeRule.errors?.[0].extensions).toMatchObject({ code: 'NO_PARAMETER_IN_FORCE', asOf: '2020-01-01' });
  });

  test('review cadence: 6 months for a dibao household with unstable income and a member able to work, else 12', async () => {
    const world = await ingestWorld(hub, {
      subject: 'a',
      persons: { a: { birthDate: '1975-05-05' }, b: { birthDate: '1950-05-05' } },
      household: { members: [{ person: 'a', relation: 'HEAD', monthlyIncome: 0 }, { person: 'b', relation: 'PARENT', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: '2020-08-31', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: false }],
      enrollments: [{ program: 'DIBAO', unit: 'HOUSEHOLD', startDate: '2020-09-01', monthlyAmount: 2020 }],
    });
    const q = `query($n: String!, $asOf: LocalDate) { household(householdNumber: $n) { nextReviewDue(asOf: $asOf) reviewOverdue(asOf: $asOf) } }`;
    const soon = await hub.gql(q, { n: world.householdNumber, asOf: '2021-01-01' });
    expect(soon.data.household).toEqual({ nextReviewDue: '2021-02-28', reviewOverdue: false });
    const late = await hub.gql(q, { n: world.householdNumber, asOf: '2021-03-01' });
    expect(late.data.household).toEqual({ nextReviewDue: '2021-02-28', reviewOverdue: true });
    const beforeEnrollment = await hub.gql(q, { n: world.householdNumber, asOf: '2020-08-31' });
    expect(beforeEnrollment.data.household).toEqual({ nextReviewDue: null, reviewOverdue: null });

    const elderly = await ingestWorld(hub, {
      subject: 't',
      persons: { t: { birthDate: '1940-02-02', supporterStatus: 'NONE' } },
      household: { members: [{ person: 't', relation: 'HEAD', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: '2020-10-10', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: false }],
      enrollments: [{ program: 'TEKUN', unit: 'SINGLE_PERSON', person: 't', startDate: '2019-01-01', monthlyAmount: 1500 }],
    });
    const p = await hub.gql(`query($id: String!) { person(idNumber: $id) { nextReviewDue(asOf: "2021-06-01") reviewOverdue(asOf: "2021-06-01") household { nextReviewDue(asOf: "2021-06-01") } } }`, {
      id: elderly.ids.t,
    });
    expect(p.data.person).toEqual({ nextReviewDue: '2021-10-10', reviewOverdue: false, household: { nextReviewDue: '2021-10-10' } });
  });

  test('policyParameters lists every parameter in force with its reference and the VERIFY and ASSUMPTION notes', async () => {
    const res = await hub.gql(`{ policyParameters(asOf: "2025-09-01") { name value effectiveFrom reference status note title clause } }`);
    const byName = Object.fromEntries(res.data.policyParameters.map((p: any) => [p.name, p]));
    expect(Object.keys(byName)).toHaveLength(22);
    expect(byName['dibao-standard']).toMatchObject({ value: 1045, effectiveFrom: '2025-09-01', status: 'SOURCED', clause: '1.3' });
    expect(byName['low-income-benefit-share']).toMatchObject({ value: 0.3, status: 'ASSUMPTION', note: expect.stringContaining('assumed') });
    expect(byName['tekun-minor-age-limit']).toMatchObject({ value: 18, status: 'VERIFY' });
    for (const p of res.data.policyParameters) expect(p.reference.length).toBeGreaterThan(3);
    const old = await hub.gql(`{ policyParameters(asOf: "2020-06-30") { name value } }`);
    expect(old.data.policyParameters.find((p: any) => p.name === 'dibao-standard').value).toBe(1010);
    expect(old.data.policyParameters.find((p: any) => p.name === 'tekun-minor-age-limit').value).toBe(16);
  });
});
