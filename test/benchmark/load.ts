/*
 * Closed-loop load for the benchmark scripts: `inFlight` workers each send a request, wait for its
 * answer and send the next, for a fixed time. Rounds of two servers alternate (A, B, A, B, …)
 * because the machine is noisy; figures are pooled over each server's rounds.
 */

export interface Sample {
  /** Milliseconds of each request, in completion order. */
  latencies: number[];
  seconds: number;
  /** SQL statements of the last request, when the server reported them. */
  statements: number;
}

export interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statements: number;
}

/** One request: resolves to the statements the server reported (NaN when it does not). */
export type Call = (worker: number) => Promise<number>;

export async function runRound(call: Call, inFlight: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  let statements = NaN;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, worker) => {
      while (performance.now() < until) {
        const t = performance.now();
        statements = await call(worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, statements };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function figuresOf(samples: Sample[]): Figures {
  const latencies = samples.flatMap((s) => s.latencies);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statements: samples[samples.length - 1]?.statements ?? NaN,
  };
}

/** A warm-up round of each, then `rounds` measured rounds of each, alternating. */
export async function alternate(a: Call, b: Call, inFlight: number, seconds: number, rounds: number, warmup = 1): Promise<[Figures, Figures]> {
  await runRound(a, inFlight, warmup);
  await runRound(b, inFlight, warmup);
  const samplesA: Sample[] = [];
  const samplesB: Sample[] = [];
  for (let r = 0; r < rounds; r++) {
    samplesA.push(await runRound(a, inFlight, seconds));
    samplesB.push(await runRound(b, inFlight, seconds));
  }
  return [figuresOf(samplesA), figuresOf(samplesB)];
}

export const round1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '—');
