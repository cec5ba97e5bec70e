import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Clause 5 through the API: review dates exist from the day the review intervals take effect
 * (2020-07-01); the day before, households and 特困 persons that will have one answer null, not
 * NO_PARAMETER_IN_FORCE. Also the rule declarations the API answers beside docs/rules.md.
 */

const check = { moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false };

async function ingest(hub: TestHub, c: Omit<RuleCase, 'name' | 'asOf' | 'expect'>) {
  const world = buildWorld({ name: 'review', asOf: '2020-07-01', expect: { outcome: '', conditions: {}, amount: null }, ...c });
  const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: world.civilAffairs });
  expect(res.errors).toBeUndefined();
  expect(res.data.ingestCivilAffairs.errors).toEqual([]);
  return world;
}

const REVIEW = /* GraphQL */ `
  query($id: String!, $asOf: LocalDate) {
    person(idNumber: $id) {
      nextReviewDue(asOf: $asOf) reviewOverdue(asOf: $asOf)
      household { nextReviewDue(asOf: $asOf) reviewOverdue(asOf: $asOf) }
    }
  }
`;

describe.each(databasesUnderTest())('review cadence on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterAll(() => hub?.stop());

  const review = async (id: string, asOf: string) => {
    const res = await hub.gql(REVIEW, { id, asOf });
    expect(res.errors).toBeUndefined();
    return res.data.person;
  };

  test('an enrolled household with a check: null on 2020-06-30, a date on 2020-07-01', async () => {
    const world = await ingest(hub, {
      subject: 'a',
      persons: { a: { birthDate: '1975-05-05' }, b: { birthDate: '1950-05-05' } },
      household: { members: [{ person: 'a', relation: 'HEAD', monthlyIncome: 0 }, { person: 'b', relation: 'PARENT', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: '2019-12-20', ...check, incomeStable: false }],
      enrollments: [{ program: 'DIBAO', unit: 'HOUSEHOLD', startDate: '2020-01-01', monthlyAmount: 2020 }],
    });
    expect(await review(world.ids.a, '2020-06-30')).toEqual({ nextReviewDue: null, reviewOverdue: null, household: { nextReviewDue: null, reviewOverdue: null } });
    // Unstable income and a member of working age: 6 months after the check, already past.
    expect(await review(world.ids.a, '2020-07-01')).toEqual({
      nextReviewDue: null,
      reviewOverdue: null,
      household: { nextReviewDue: '2020-06-20', reviewOverdue: true },
    });
  });

  test('a 特困 person: null on 2020-06-30, a date on 2020-07-01', async () => {
    const world = await ingest(hub, {
      subject: 't',
      persons: { t: { birthDate: '1940-02-02', supporterStatus: 'NONE' } },
      household: { members: [{ person: 't', relation: 'HEAD', monthlyIncome: 0 }] },
      economicChecks: [{ checkedOn: '2020-04-10', ...check, incomeStable: true }],
      enrollments: [{ program: 'TEKUN', unit: 'SINGLE_PERSON', person: 't', startDate: '2019-01-01', monthlyAmount: 1500 }],
    });
    expect(await review(world.ids.t, '2020-06-30')).toEqual({ nextReviewDue: null, reviewOverdue: null, household: { nextReviewDue: null, reviewOverdue: null } });
    expect(await review(world.ids.t, '2020-07-01')).toEqual({
      nextReviewDue: '2021-04-10',
      reviewOverdue: false,
      household: { nextReviewDue: '2021-04-10', reviewOverdue: false },
    });
  });

  test('eligibilityRules answers each condition with its meaning, in the order of conditionCodes', async () => {
    const res = await hub.gql('{ eligibilityRules { id conditionCodes conditions { code meaning } } }');
    expect(res.errors).toBeUndefined();
    const rules = res.data.eligibilityRules;
    expect(rules).toHaveLength(7);
    for (const rule of rules) {
      expect(rule.conditions.map((c: any) => c.code)).toEqual(rule.conditionCodes);
      for (const c of rule.conditions) expect(c.meaning).toMatch(/^[A-Z].{20,}\.$/);
    }
    const tekun = rules.find((r: any) => r.id === 'tekun');
    expect(tekun.conditions.find((c: any) => c.code === 'no-able-supporter').meaning).toContain('legal supporter');
  });
});
