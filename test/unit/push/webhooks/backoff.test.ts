import { retryDelayMs } from '../../../../src/push/webhooks/backoff';

test('after the n-th failure the wait is drawn from [0, min(max, base·2^n)): full jitter', () => {
  expect(retryDelayMs(1, 1000, 600_000, () => 0.999999)).toBe(1999);
  expect(retryDelayMs(3, 1000, 600_000, () => 0.5)).toBe(4000);
  expect(retryDelayMs(3, 1000, 600_000, () => 0)).toBe(0);
  // The ceiling stops at the maximum, however many failures.
  expect(retryDelayMs(20, 1000, 600_000, () => 0.5)).toBe(300_000);
  expect(retryDelayMs(5000, 1000, 600_000, () => 0.5)).toBe(300_000);
});

test('with the real random source every wait stays within its ceiling', () => {
  for (let n = 1; n <= 12; n++) {
    for (let i = 0; i < 200; i++) {
      const wait = retryDelayMs(n, 100, 50_000);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(Math.min(50_000, 100 * 2 ** n));
    }
  }
});
