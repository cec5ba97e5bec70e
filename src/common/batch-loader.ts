import DataLoader from 'dataloader';

/*
 * Loaders answer one statement per batch of keys, so a page costs the same number of statements
 * whatever its size. They live for one request only: a request never sees another's cache.
 */
const MAX_KEYS_PER_STATEMENT = 1000;
/**
 * From this many keys, `loadAll` fetches directly instead of through DataLoader: a promise and a
 * cache entry per key cost more than the rows themselves when a cross-check asks for 10,000.
 */
const DIRECT_FROM = 500;

/** A request's loader, with a bulk read for gathering many keys at once (src/eligibility/facts-gatherer.ts). */
export type BatchLoader<K, V> = DataLoader<K, V> & {
  /** Every key's value; large sets bypass the cache (the statements are the same). */
  loadAll(keys: readonly K[]): Promise<Map<K, V>>;
};

function batchLoader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): BatchLoader<K, V> {
  const loader = new DataLoader<K, V>(batch, { maxBatchSize: MAX_KEYS_PER_STATEMENT });
  return Object.assign(loader, {
    async loadAll(keys: readonly K[]): Promise<Map<K, V>> {
      const byKey = new Map<K, V>();
      if (keys.length < DIRECT_FROM) {
        const values = await Promise.all(keys.map((key) => loader.load(key)));
        for (let i = 0; i < keys.length; i++) byKey.set(keys[i], values[i]);
        return byKey;
      }
      const parts: K[][] = [];
      for (let at = 0; at < keys.length; at += MAX_KEYS_PER_STATEMENT) parts.push(keys.slice(at, at + MAX_KEYS_PER_STATEMENT));
      const answers = await Promise.all(parts.map(batch));
      for (let p = 0; p < parts.length; p++) for (let i = 0; i < parts[p].length; i++) byKey.set(parts[p][i], answers[p][i]);
      return byKey;
    },
  });
}

/** At most one row per key (a person by ID number, a household by number). */
export function loaderOfOne<K extends string, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): BatchLoader<K, V | null> {
  return batchLoader<K, V | null>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * The answer for a key without rows, shared: most keys of a sparse table (situations, illnesses)
 * have none, and a fresh array for each is garbage. Frozen, so a caller that would change it fails
 * loudly instead of changing everyone's.
 */
const NONE: readonly never[] = Object.freeze([]);

/** Any number of rows per key, in the order the fetch returned them. */
export function loaderOfMany<K extends string, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): BatchLoader<K, V[]> {
  return batchLoader<K, V[]>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? (NONE as unknown as V[]));
  });
}
