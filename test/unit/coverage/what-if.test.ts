import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/common/paths';
import { parseEvaluateArguments } from '../../../src/coverage/evaluate.command';
import { checkOverrides, OverriddenParameterStore, overridesAsArguments, overridesKey, overridesOfKey, ParameterOverrideError, withOverrides } from '../../../src/policy/parameter-overrides';
import { NoValueInForceError, ParameterStore } from '../../../src/policy/parameter-store';

const store = ParameterStore.fromFolder(path.join(PROJECT_ROOT, 'src', 'policy', 'parameters'));

function failure(given: Array<{ name: string; value: number }>): ParameterOverrideError {
  try {
    checkOverrides(given, store);
  } catch (error) {
    if (error instanceof ParameterOverrideError) return error;
    throw error;
  }
  throw new Error('no failure');
}

test('overrides are checked and sorted by name; the stored key is the same whatever the order', () => {
  const a = checkOverrides([{ name: 'low-income-ceiling-multiplier', value: 1.6 }, { name: 'dibao-standard', value: 1100 }], store);
  const b = checkOverrides([{ name: 'dibao-standard', value: 1100 }, { name: 'low-income-ceiling-multiplier', value: 1.6 }], store);
  expect(a).toEqual([{ name: 'dibao-standard', value: 1100 }, { name: 'low-income-ceiling-multiplier', value: 1.6 }]);
  expect(overridesKey(a)).toBe('[{"name":"dibao-standard","value":1100},{"name":"low-income-ceiling-multiplier","value":1.6}]');
  expect(overridesKey(b)).toBe(overridesKey(a));
  expect(overridesOfKey(overridesKey(a))).toEqual(a);
  expect(overridesKey([])).toBeNull();
  expect(overridesOfKey(null)).toEqual([]);
  expect(overridesAsArguments(a)).toBe(' --parameter dibao-standard=1100 --parameter low-income-ceiling-multiplier=1.6');
});

test('an unknown name, a name twice, or a value of the wrong kind names the part of the argument', () => {
  expect(failure([{ name: 'dibao-standard', value: 1100 }, { name: 'dibao-standrad', value: 1 }]).field).toBe('parameters[1].name');
  expect(failure([{ name: 'dibao-standard', value: 1100 }, { name: 'dibao-standard', value: 1200 }]).field).toBe('parameters[1].name');
  expect(failure([{ name: 'adult-age', value: 17.5 }]).field).toBe('parameters[0].value');
  expect(failure([{ name: 'review-interval-months', value: 6.5 }]).field).toBe('parameters[0].value');
  expect(failure([{ name: 'dibao-standard', value: -1 }]).field).toBe('parameters[0].value');
  expect(failure([{ name: 'dibao-standard', value: Number.POSITIVE_INFINITY }]).field).toBe('parameters[0].value');
  // A multiple may be fractional; a whole number of years is fine.
  expect(checkOverrides([{ name: 'low-income-ceiling-multiplier', value: 1.75 }, { name: 'adult-age', value: 17 }], store)).toHaveLength(2);
});

test('the overridden store answers the value on every date the parameter exists, and the rest as in force', () => {
  const what = new OverriddenParameterStore(store, [{ name: 'dibao-standard', value: 1100 }]);
  for (const date of ['2020-07-01', '2023-06-30', '2025-10-15', '2030-01-01']) {
    expect(what.valueOn('dibao-standard', date)).toMatchObject({ value: 1100, unit: store.valueOn('dibao-standard', date).unit, status: 'ASSUMPTION' });
    expect(what.valueOn('adult-age', date)).toEqual(store.valueOn('adult-age', date));
  }
  expect(what.valueOn('dibao-standard', '2025-10-15').reference).toMatch(/in force: 1045/);
  // Before its first value the parameter did not exist, override or not: the rules in force do not change.
  expect(() => what.valueOn('dibao-standard', '2017-03-31')).toThrow(NoValueInForceError);
  expect(what.names()).toEqual(store.names());
  expect(what.has('dibao-standard')).toBe(true);
  expect(what.allOn('2025-10-15').find((p) => p.name === 'dibao-standard')?.value).toBe(1100);
  expect(withOverrides(store, [])).toBe(store);
});

test('hub evaluate --parameter: repeatable NAME=VALUE, checked for its form here', () => {
  expect(parseEvaluateArguments(['--as-of', '2025-10-15', '--parameter', 'dibao-standard=1100', '--parameter', 'low-income-ceiling-multiplier=1.6'], '2025-01-01')).toEqual({
    kind: 'run',
    args: { asOf: '2025-10-15', batchSize: 1000, overrides: [{ name: 'dibao-standard', value: 1100 }, { name: 'low-income-ceiling-multiplier', value: 1.6 }] },
  });
  expect(parseEvaluateArguments([], '2025-01-01')).toEqual({ kind: 'run', args: { asOf: '2025-01-01', batchSize: 1000 } });
  for (const bad of ['dibao-standard', 'dibao-standard=', 'dibao-standard=-5', 'dibao-standard=1e3', '=5']) {
    expect(parseEvaluateArguments(['--parameter', bad], '2025-01-01')).toMatchObject({ kind: 'error', message: expect.stringMatching(/NAME=VALUE/) });
  }
});
