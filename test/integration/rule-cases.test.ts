import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { loadCaseSuites } from '../unit/eligibility/case-facts';
import { endToEndCases } from '../unit/eligibility/case-selection';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * The database path of the rule cases: a sample of each rule's cases (test/cases/README.md, "End
 * to end") sent through ingestion and asked over HTTP. Every case is decided in memory by
 * test/unit/eligibility/rule-cases.unit.test.ts.
 */
const suites = loadCaseSuites().map((suite) => ({ rule: suite.rule, cases: endToEndCases(suite) }));

const DECISION = /* GraphQL */ `
  query CaseDecision($id: String!, $asOf: LocalDate!, $rules: [String!]) {
    person(idNumber: $id) {
      eligibility(asOf: $asOf, ruleIds: $rules) {
        ruleId clause outcome amount effects missing
        conditions { code outcome explanation evidence { department record recordId } }
        parameters { name value effectiveFrom reference }
      }
      household { eligibility(asOf: $asOf) { ruleId outcome amount conditions { code outcome } } }
    }
  }
`;

async function ingest(hub: TestHub, c: RuleCase) {
  const world = buildWorld(c);
  for (const [document, input, field] of [
    [INGEST_CIVIL_AFFAIRS, world.civilAffairs, 'ingestCivilAffairs'],
    [INGEST_HUMAN_RESOURCES, world.humanResources, 'ingestHumanResources'],
    [INGEST_DISABILITY, world.disability, 'ingestDisability'],
  ] as const) {
    const res = await hub.gql(document, { input });
    expect(res.errors).toBeUndefined();
    expect(res.data[field].errors).toEqual([]);
  }
  return world;
}

describe.each(databasesUnderTest())('rule cases on %s', (kind) => {
  let hub: TestHub;
  let declared: Record<string, string[]>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    const rules = await hub.gql('{ eligibilityRules { id parameters } }');
    declared = Object.fromEntries(rules.data.eligibilityRules.map((r: any) => [r.id, r.parameters]));
  });
  afterAll(() => hub?.stop());

  for (const suite of suites) {
    describe(suite.rule, () => {
      test.each(suite.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const world = await ingest(hub, c);
        const res = await hub.gql(DECISION, { id: world.ids[c.subject], asOf: c.asOf, rules: [suite.rule] });
        expect(res.errors).toBeUndefined();
        const [decision] = res.data.person.eligibility;
        const got = {
          outcome: decision.outcome,
          conditions: Object.fromEntries(decision.conditions.map((x: any) => [x.code, x.outcome])),
          amount: decision.amount,
        };
        const explanations = decision.conditions.map((x: any) => `${x.code}: ${x.explanation}`).join('\n');
        expect({ ...got, explanations }).toEqual({ ...c.expect, effects: undefined, missing: undefined, explanations });
        expect(decision.ruleId).toBe(suite.rule);
        for (const condition of decision.conditions) expect(condition.explanation.length).toBeGreaterThan(10);
        if (c.expect.effects) expect(decision.effects).toEqual(c.expect.effects);
        for (const missing of c.expect.missing ?? []) {
          expect(decision.missing.join(' | ').toLowerCase()).toContain(missing.toLowerCase());
        }
        if (decision.outcome !== 'UNDETERMINED') expect(decision.missing).toEqual([]);
        // A rule reads only the parameters it declares, and lists each one it read.
        for (const p of decision.parameters) expect(declared[suite.rule]).toContain(p.name);
        if (decision.amount != null) expect(decision.parameters.length).toBeGreaterThan(0);
        // A household rule answers the same through the household itself.
        const household = res.data.person.household;
        if (household && ['dibao.household', 'low-income.household'].includes(suite.rule)) {
          const same = household.eligibility.find((d: any) => d.ruleId === suite.rule);
          expect({ outcome: same.outcome, amount: same.amount }).toEqual({ outcome: decision.outcome, amount: decision.amount });
        }
      });
    });
  }
});
