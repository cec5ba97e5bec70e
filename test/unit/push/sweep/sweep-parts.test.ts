import fc from 'fast-check';
import { parseArchiveArguments } from '../../../../src/push/retention/archive.command';
import { archiveCutoff } from '../../../../src/push/retention/retention.service';
import { mergeSorted } from '../../../../src/push/sweep/sweep-candidates';
import { timeOfDay } from '../../../../src/push/sweep/sweep-schedule';
import { parseSweepArguments } from '../../../../src/push/sweep/sweep.command';
import { rateOf } from '../../../../src/push/sweep/sweep-progress';

const TODAY = '2026-12-01';

describe('sweep candidates: two keyset pages merged', () => {
  test('the first `limit` of the union, ascending, each once', () => {
    expect(mergeSorted(['1', '3', '5'], ['2', '3', '6'], 10)).toEqual(['1', '2', '3', '5', '6']);
    expect(mergeSorted(['1', '3', '5'], ['2', '3', '6'], 3)).toEqual(['1', '2', '3']);
    expect(mergeSorted([], ['2'], 3)).toEqual(['2']);
    expect(mergeSorted([], [], 3)).toEqual([]);
  });

  test('equals the first `limit` of the whole union, though each list was cut at `limit` (the database LIMIT)', () => {
    const list = fc.uniqueArray(fc.stringMatching(/^[0-9]{17}[0-9X]$/), { maxLength: 30 }).map((a) => [...a].sort());
    fc.assert(
      fc.property(list, list, fc.integer({ min: 1, max: 40 }), (a, b, limit) => {
        const union = [...new Set([...a, ...b])].sort();
        expect(mergeSorted(a.slice(0, limit), b.slice(0, limit), limit)).toEqual(union.slice(0, limit));
      }),
    );
  });
});

describe('hub sweep arguments', () => {
  const parse = (argv: string[]) => parseSweepArguments(argv, { batchSize: 200 }, TODAY);

  test('defaults: today, HUB_SWEEP_BATCH', () => {
    expect(parse([])).toEqual({ kind: 'run', args: { asOf: TODAY, batchSize: 200 } });
    expect(parse(['--as-of', '2026-11-30', '--batch', '50'])).toEqual({ kind: 'run', args: { asOf: '2026-11-30', batchSize: 50 } });
    expect(parse(['--help'])).toEqual({ kind: 'help' });
  });

  test.each([
    [['--as-of', '2026-02-30'], /YYYY-MM-DD/],
    [['--as-of', '01/12/2026'], /YYYY-MM-DD/],
    [['--batch', '0'], /from 1 to 5000/],
    [['--batch', 'many'], /whole number/],
    [['--batch', '5001'], /from 1 to 5000/],
    [['--dry-run'], /Unknown option/],
    [['everyone'], /positional|Unexpected argument/i],
  ])('%j is refused, saying why', (argv, why) => {
    const parsed = parse(argv);
    expect(parsed.kind).toBe('error');
    expect((parsed as { message: string }).message).toMatch(why);
  });
});

describe('hub archive arguments', () => {
  test('the setting, or --after-days; neither is a usage error', () => {
    expect(parseArchiveArguments([], { afterDays: 90 })).toEqual({ kind: 'run', args: { afterDays: 90, chunkSize: 500 } });
    expect(parseArchiveArguments(['--after-days', '30', '--chunk', '10'], { afterDays: undefined })).toEqual({ kind: 'run', args: { afterDays: 30, chunkSize: 10 } });
    const off = parseArchiveArguments([], { afterDays: undefined });
    expect(off).toMatchObject({ kind: 'error', message: expect.stringContaining('HUB_ARCHIVE_AFTER_DAYS') });
    expect(parseArchiveArguments(['--after-days', '0'], { afterDays: undefined })).toMatchObject({ kind: 'error' });
  });

  test('the cutoff is whole days before now', () => {
    const now = new Date('2026-12-01T02:30:00Z');
    expect(archiveCutoff(30, now).toISOString()).toBe('2026-11-01T02:30:00.000Z');
  });
});

describe('the schedule reads the clock in the hub time zone', () => {
  test('HH:MM, 24 hours', () => {
    const instant = new Date('2026-12-01T18:45:10Z');
    expect(timeOfDay('Asia/Shanghai', instant)).toBe('02:45');
    expect(timeOfDay('UTC', instant)).toBe('18:45');
    expect(timeOfDay('UTC', new Date('2026-12-01T00:05:00Z'))).toBe('00:05');
  });

  test('rates for people', () => {
    expect(rateOf(0, 0)).toBe('0');
    expect(rateOf(10, 4000)).toBe('2.5');
    expect(rateOf(12345, 1000)).toBe('12345');
  });
});
