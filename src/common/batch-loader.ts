import DataLoader from 'dataloader';

/*
 * Loaders answer one statement per batch of keys, so a page costs the same number of statements
 * whatever its size. They live for one request only: a request never sees another's cache.
 */
const MAX_KEYS_PER_STATEMENT = 1000;

/** At most one row per key (a person by ID number, a household by number). */
export function loaderOfOne<K extends string, V>(
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const rows = await fetch([...keys]);
      const byKey = new Map(rows.map((row) => [keyOf(row), row] as const));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_KEYS_PER_STATEMENT },
  );
}

/** Any number of rows per key, in the order the fetch returned them. */
export function loaderOfMany<K extends string, V>(
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await fetch([...keys]);
      const byKey = new Map<K, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize: MAX_KEYS_PER_STATEMENT },
  );
}
