/**
 * When a failed delivery is tried next: after its n-th failed attempt, a random wait up to
 * min(max, base·2^n) — "full jitter", so that a receiver that was down for everyone is not hit by
 * every instance's retries at the same moment when it comes back.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  // 2^n overflows to Infinity long before n reaches the attempt limit's maximum; min() absorbs that.
  const ceiling = Math.min(maxMs, baseMs * 2 ** failedAttempts);
  return Math.floor(random() * ceiling);
}
