import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { renderRulesDoc, RULES_DOC_FILE } from '../../../src/eligibility/docs/rules-doc';
import { decide } from '../../../src/eligibility/engine';
import type { SubjectFacts } from '../../../src/eligibility/facts';
import { RULES } from '../../../src/eligibility/rules';
import { PARAMETER_NAMES } from '../../../src/policy/parameter-names';
import { loadParameterFiles, ParameterStore } from '../../../src/policy/parameter-store';
import { PROJECT_ROOT } from '../../../src/common/paths';
import { caseFacts, loadCaseSuites } from './case-facts';

/*
 * docs/rules.md is what the rule declarations say, so the declarations must be what the rules
 * decide: every decision lists exactly the declared conditions, and a meaning names only
 * parameters its rule reads.
 */

const PARAMETERS_DIR = path.join(PROJECT_ROOT, 'src', 'policy', 'parameters');
const store = ParameterStore.fromFolder(PARAMETERS_DIR);

test('docs/rules.md is what the rule and parameter files render (run `npm run docs` after changing them)', () => {
  expect(readFileSync(RULES_DOC_FILE, 'utf8')).toBe(renderRulesDoc());
});

test('docs/rules.md shows every rule, condition meaning and parameter value', () => {
  const doc = renderRulesDoc();
  for (const rule of RULES) {
    expect(doc).toContain(`### \`${rule.id}\``);
    for (const c of rule.conditions) expect(doc).toContain(`| \`${c.code}\` | ${c.meaning} |`);
  }
  for (const name of PARAMETER_NAMES) expect(doc).toContain(`### \`${name}\``);
  expect(doc).toContain('| 2025-09-01 | 1045 | SOURCED |');
  expect(doc).toContain('| 2020-07-01 | 18 | VERIFY | Notice clause 3 |');
  // A rule exists from the day its last parameter takes effect: 1.1 reads only S, in force since 2017.
  expect(doc).toMatch(/### `dibao\.single-person\.severe-disability-or-illness`[^#]*Exists from: 2017-04-01/);
  expect(doc).toMatch(/### `tekun`[^#]*Exists from: 2017-04-01/);
  expect(doc).toMatch(/### `dibao\.household`[^#]*Exists from: 2020-07-01/);
});

describe('each rule declares the conditions it decides', () => {
  const cases = loadCaseSuites().flatMap((suite) => suite.cases.map((c) => [suite.rule, c.name, c] as const));
  const codesDecided = (ruleId: string, facts: SubjectFacts) => {
    const rule = RULES.find((r) => r.id === ruleId);
    if (!rule) throw new Error(`no rule ${ruleId}`);
    return decide(rule, { kind: 'person', facts }, store, facts.asOf).conditions.map((c) => c.code);
  };
  const declared = (ruleId: string) => RULES.find((r) => r.id === ruleId)?.conditions.map((c) => c.code);

  test.each(cases)('%s: %s', (ruleId, _name, c) => {
    const { facts } = caseFacts(c);
    expect(codesDecided(ruleId, facts)).toEqual(declared(ruleId));
    // The same person with no household: the rule still answers every declared condition.
    expect(codesDecided(ruleId, { ...facts, household: null, membership: null })).toEqual(declared(ruleId));
  });

  test('every rule has cases to prove it by', () => {
    expect(new Set(cases.map(([ruleId]) => ruleId))).toEqual(new Set(RULES.map((r) => r.id)));
  });
});

test('a meaning is one sentence and names only parameters its rule reads', () => {
  for (const rule of RULES) {
    for (const { code, meaning } of rule.conditions) {
      expect(`${code}: ${meaning}`).toMatch(/^[^:]+: [A-Z][^\n]*\.$/);
      expect(`${code}: ${meaning.slice(0, -1)}`).not.toMatch(/\. [A-Z]/);
      const named = [...meaning.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      const undeclared = named.filter((name) => !(rule.parameters as readonly string[]).includes(name));
      expect({ rule: rule.id, code, undeclared }).toEqual({ rule: rule.id, code, undeclared: [] });
    }
    expect(new Set(rule.conditions.map((c) => c.code)).size).toBe(rule.conditions.length);
  }
});

test('docs/readings.md explains every clause id the rules and parameters cite', () => {
  const readings = readFileSync(path.join(PROJECT_ROOT, 'docs', 'readings.md'), 'utf8');
  const parameterClauses = loadParameterFiles(PARAMETERS_DIR).flatMap((f) => (f.clause ? [f.clause] : []));
  const clauses = new Set([...RULES.map((r) => r.clause), ...parameterClauses]);
  for (const clause of clauses) expect(readings).toContain(`| \`${clause}\` |`);
});

/** Every text file under a folder of the repository. */
function filesUnder(folder: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(folder, f))
    .filter((f) => statSync(path.join(PROJECT_ROOT, f)).isFile() && /\.(ts|mjs|json|md|graphql)$/.test(f));
}

test('code, tests, schema and docs cite docs/ and the notice, never a policy or design file outside the repository', () => {
  // Built from parts so that this file does not name them itself.
  const outside = new RegExp(['POLICY', 'DESIGN'].map((n) => `${n}\\.md`).join('|'));
  const offenders = ['src', 'test', 'schema', 'docs']
    .flatMap(filesUnder)
    .concat('README.md')
    .filter((f) => outside.test(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')));
  expect(offenders).toEqual([]);
});
