/**
 * Driver codes meaning the database is not there (down, restarting, refusing connections while it
 * shuts down), not that the statement was wrong: requests answer DATABASE_UNAVAILABLE for them and
 * the bulk import waits and retries its chunk.
 */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR']);

/** The driver code of an error (or one it wraps) that means the database is unreachable, else null. */
export function unreachableCode(error: unknown): string | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown; originalError?: unknown }).originalError ?? e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) return code;
    // Connecting to "localhost" tries every address and fails with all their errors.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) {
      const found = inner.map(unreachableCode).find(Boolean);
      if (found) return found;
    }
  }
  return null;
}
