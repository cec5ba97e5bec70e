import { parseEvaluateArguments } from '../../../src/coverage/evaluate.command';

const TODAY = '2025-10-15';

test('hub evaluate: today and batches of 1000 by default', () => {
  expect(parseEvaluateArguments([], TODAY)).toEqual({ kind: 'run', args: { asOf: TODAY, batchSize: 1000 } });
  expect(parseEvaluateArguments(['--as-of', '2026-01-31', '--batch', '250'], TODAY)).toEqual({ kind: 'run', args: { asOf: '2026-01-31', batchSize: 250 } });
  expect(parseEvaluateArguments(['-h'], TODAY)).toEqual({ kind: 'help' });
});

test('hub evaluate: a bad date, batch or option is a usage error', () => {
  expect(parseEvaluateArguments(['--as-of', '2025-02-30'], TODAY)).toMatchObject({ kind: 'error', message: expect.stringMatching(/YYYY-MM-DD/) });
  expect(parseEvaluateArguments(['--batch', '0'], TODAY)).toMatchObject({ kind: 'error', message: expect.stringMatching(/from 1 to 5000/) });
  expect(parseEvaluateArguments(['--everyone'], TODAY)).toMatchObject({ kind: 'error' });
});
