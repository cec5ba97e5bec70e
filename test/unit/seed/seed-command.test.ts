import { parseSeedArguments } from '../../../src/seed/seed.command';

const DEFAULTS = { households: 2000, seed: 2020 };
const TODAY = '2025-10-15';

describe('seed command line', () => {
  test('options, with defaults from the settings and today', () => {
    expect(parseSeedArguments([], DEFAULTS, TODAY)).toEqual({
      kind: 'run',
      args: { households: 2000, seed: 2020, asOf: TODAY, batchSize: 2000, dryRun: false },
    });
    expect(
      parseSeedArguments(
        ['--households', '40000', '--seed', '7', '--as-of', '2024-02-29', '--batch-size', '500', '--dry-run'],
        DEFAULTS,
        TODAY,
      ),
    ).toEqual({
      kind: 'run',
      args: { households: 40000, seed: 7, asOf: '2024-02-29', batchSize: 500, dryRun: true },
    });
  });

  test('--help', () => {
    expect(parseSeedArguments(['--help'], DEFAULTS, TODAY)).toEqual({ kind: 'help' });
  });

  test.each([
    [['--households', 'many'], /--households takes a whole number/],
    [['--households', '0'], /--households must be from 1/],
    [['--seed', '-3'], /--seed/],
    [['--as-of', '2023-02-29'], /--as-of takes a date/],
    [['--as-of', '2025-10-16'], /after today/],
    [['--colour'], /Unknown option/],
    [['2000'], /positional/],
  ])('%j is refused', (argv, message) => {
    const parsed = parseSeedArguments(argv, DEFAULTS, TODAY);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toMatch(message);
  });
});
