import path from 'node:path';
import type { Condition } from '../../../src/eligibility/condition';
import { decide } from '../../../src/eligibility/engine';
import { DEFAULT_LANGUAGE, Language, languageOf } from '../../../src/eligibility/messages/language';
import type { Message, MessageArg } from '../../../src/eligibility/messages/message';
import { CATALOGUES, placeholdersOf, render } from '../../../src/eligibility/messages/render';
import { withheldExplanation, withheldMissing } from '../../../src/eligibility/redaction';
import { RULES } from '../../../src/eligibility/rules';
import { ParameterReader } from '../../../src/policy/parameter-reader';
import { ParameterStore } from '../../../src/policy/parameter-store';
import { caseFacts, loadCaseSuites } from './case-facts';

/*
 * Rules state message ids and their arguments; the catalogues say them. A language is complete
 * when it has every id with exactly the placeholders the rules fill, which this suite checks
 * against every message every rule states in every case of test/cases/.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
const LANGUAGES = Object.values(Language);
const sorted = (names: Iterable<string>) => [...names].sort();

/** Every message a value holds, itself and those nested in its arguments. */
function messagesIn(arg: MessageArg): Message[] {
  if (typeof arg === 'string' || typeof arg === 'number') return [];
  if ('join' in arg) return arg.items.flatMap(messagesIn);
  return [arg, ...Object.values(arg.args ?? {}).flatMap(messagesIn)];
}

/** Every condition every rule states for every case, as the rule states it (before rendering). */
const stated: Array<{ where: string; condition: Condition }> = loadCaseSuites().flatMap((suite) => {
  const rule = RULES.find((r) => r.id === suite.rule);
  if (!rule) throw new Error(`no rule ${suite.rule}`);
  return suite.cases.flatMap((c) => {
    const { facts } = caseFacts(c);
    const params = new ParameterReader(store, c.asOf);
    const result = rule.subject === 'household' ? rule.evaluate(facts.household, c.asOf, params) : rule.evaluate(facts, params);
    return result.conditions.map((condition) => ({ where: `${suite.rule} / ${c.name} / ${condition.code}`, condition }));
  });
});

test('every language has every message id of the English catalogue, each with the same placeholders', () => {
  const placeholders = (language: Language) =>
    Object.fromEntries(Object.entries(CATALOGUES[language]).map(([id, template]) => [id, sorted(placeholdersOf(template))]));
  for (const language of LANGUAGES) expect([language, placeholders(language)]).toEqual([language, placeholders(Language.EN)]);
});

test('every message a rule states exists in every language, with a placeholder for each argument and an argument for each placeholder', () => {
  const messages = stated.flatMap(({ where, condition }) =>
    [condition.explanation, ...condition.missing].flatMap(messagesIn).map((message) => ({ where, message })),
  );
  expect(new Set(messages.map((m) => m.message.message)).size).toBeGreaterThan(60);
  for (const { where, message } of messages) {
    for (const language of LANGUAGES) {
      const template = CATALOGUES[language][message.message] as string | undefined;
      expect([where, language, message.message, template === undefined ? 'missing' : sorted(placeholdersOf(template))]).toEqual([
        where,
        language,
        message.message,
        sorted(Object.keys(message.args ?? {})),
      ]);
    }
  }
});

test('rendered in Chinese, an explanation names the same ID numbers and record numbers as in English, and has no English words', () => {
  const ids = (text: string) => sorted(text.match(/\d{17}[\dX]|CASE-[A-Z]+\d+/g) ?? []);
  for (const { where, condition } of stated) {
    const english = render(condition.explanation, Language.EN);
    const chinese = render(condition.explanation, Language.ZH);
    expect([where, ids(chinese)]).toEqual([where, ids(english)]);
    // Only the notation of the formulas (S × n) and record numbers stay Latin.
    const latin = (text: string) => text.replace(/CASE-[A-Z]+\d+/g, '').match(/[A-Za-z]{2,}/g);
    expect([where, latin(chinese), condition.missing.map((m) => latin(render(m, Language.ZH)))]).toEqual([where, null, condition.missing.map(() => null)]);
  }
});

test('a decision is explained in the language asked for; its outcome, figures and records do not depend on it', () => {
  const suite = loadCaseSuites().find((s) => s.rule === 'unsupported-child');
  const rule = RULES.find((r) => r.id === 'unsupported-child');
  const c = suite?.cases.find((x) => x.expect.conditions.minor === 'MET');
  if (!suite || !rule || !c) throw new Error('no minor in the unsupported-child cases');
  const { facts } = caseFacts(c);
  const english = decide(rule, { kind: 'person', facts }, store, c.asOf, Language.EN);
  const chinese = decide(rule, { kind: 'person', facts }, store, c.asOf, Language.ZH);
  const { age, limit } = english.conditions[0].values as { age: number; limit: number };
  expect(english.conditions[0].explanation).toBe(`Age ${age} on ${c.asOf} is under ${limit}.`);
  expect(chinese.conditions[0].explanation).toBe(`截至${c.asOf}年龄${age}岁，未满${limit}岁。`);
  const without = (d: typeof english) => ({ ...d, conditions: d.conditions.map((x) => ({ ...x, explanation: '', missing: x.missing.length })) });
  expect(without(chinese)).toEqual(without(english));
  expect(decide(rule, { kind: 'person', facts }, store, c.asOf)).toEqual(english);
});

test('the withheld sentence and missing item exist in every language', () => {
  expect(withheldExplanation(Language.ZH)).toMatch(/本辖区以外/);
  expect(withheldMissing(Language.ZH)).toMatch(/本辖区以外/);
  expect(withheldExplanation(Language.EN)).toMatch(/outside the caller's district/);
});

describe('languageOf: the Accept-Language header', () => {
  test.each([
    [undefined, DEFAULT_LANGUAGE],
    ['', DEFAULT_LANGUAGE],
    ['zh', Language.ZH],
    ['zh-CN,zh;q=0.9,en;q=0.8', Language.ZH],
    ['en-US,en;q=0.9,zh-CN;q=0.8', Language.EN],
    ['fr-FR, zh;q=0.5', Language.ZH],
    ['en;q=0.2, ZH-Hans;q=0.7', Language.ZH],
    ['zh;q=0, en;q=0.1', Language.EN],
    ['fr, de', DEFAULT_LANGUAGE],
    ['*', DEFAULT_LANGUAGE],
    [['zh'], DEFAULT_LANGUAGE],
  ])('%j → %s', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});
