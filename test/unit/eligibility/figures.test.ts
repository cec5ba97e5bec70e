import { fen, isBelow, times, yuan } from '../../../src/eligibility/definitions/figures';

/*
 * Money in rules is whole fen, rounded half up once, and comparisons are exact on integers: a
 * per-capita figure is never rounded before it is compared.
 */

describe('fen', () => {
  test.each([
    [1010, 101_000],
    [0.01, 1],
    [303.3, 30_330],
    [0.29, 29], // 28.999999999999996 in binary floating point
    [1.1, 110], // 110.00000000000001
    [0.125, 13], // a half fen goes up (amounts are sent with at most two decimals)
    [0, 0],
  ])('%d yuan → %d fen', (yuan_, expected) => {
    expect(fen(yuan_)).toBe(expected);
  });
});

describe('times: multiplier × base × count in fen, rounded half up', () => {
  test.each([
    [1.5, 101_000, 1, 151_500],
    [2.5, 101_000, 3, 757_500],
    [0.3, 101_000, 1, 30_300],
    [0.3, 104_500, 1, 31_350],
    [0.3, 101_005, 1, 30_302], // 30301.5 → 30302
    [0.3, 101_001, 1, 30_300], // 30300.3 → 30300
    [0.3, 101_015, 1, 30_305], // 30304.5 → 30305
    [24, 101_000, 2, 4_848_000],
    [1, 101_000, 0, 0],
  ])('%d × %d × %d = %d', (multiplier, base, count, expected) => {
    expect(times(multiplier, base, count)).toBe(expected);
  });
});

describe('isBelow: amount < multiplier × base × count, exactly', () => {
  test('at the threshold is not below; one fen under is', () => {
    expect(isBelow(151_500, 1.5, 101_000)).toBe(false);
    expect(isBelow(151_499, 1.5, 101_000)).toBe(true);
    expect(isBelow(303_000, 1, 101_000, 3)).toBe(false);
    expect(isBelow(302_999, 1, 101_000, 3)).toBe(true);
  });

  test('decided on totals: 3 members and 3,030.00 are not below S × 3, though a rounded per-capita 1,010.00 would tie', () => {
    // 1.1 × 1.1 would be 1.2100000000000002 in floating point; thousandths keep the threshold exact.
    expect(isBelow(121_000, 1.21, 100_000)).toBe(false);
    expect(isBelow(120_999, 1.21, 100_000)).toBe(true);
  });
});

describe('yuan: how amounts read in explanations', () => {
  test.each([
    [101_000, '1,010.00'],
    [5, '0.05'],
    [0, '0.00'],
    [30_000_000, '300,000.00'],
    [123_456_789, '1,234,567.89'],
    [-1_050, '-10.50'],
  ])('%d fen → %s', (amount, expected) => {
    expect(yuan(amount)).toBe(expected);
  });
});
