import type { Caller } from './caller';
import { issueToken, type TokenKeys } from './tokens';

/** One caller of each kind, for trying the hub in development. */
export const DEVELOPMENT_CALLERS: Caller[] = [
  { sub: 'dev-admin', role: 'admin' },
  { sub: 'dev-district-heping', role: 'district', district: '120101' },
  { sub: 'dev-human-resources', role: 'department', dept: 'human-resources' },
  { sub: 'dev-disability', role: 'department', dept: 'disability' },
  { sub: 'dev-analyst', role: 'analyst' },
];

/** A working day, unless the hub accepts less (a longer-lived token would be refused). */
const DEVELOPMENT_TOKEN_SECONDS = 12 * 3600;

export interface DevelopmentTokens {
  tokens: Array<{ caller: Caller; token: string }>;
  /** Lifetime of every token, in seconds. */
  lifetime: number;
  /** When they stop being accepted. */
  expiresAt: Date;
}

export async function developmentTokens(keys: TokenKeys): Promise<DevelopmentTokens> {
  const lifetime = Math.min(DEVELOPMENT_TOKEN_SECONDS, keys.maxLifetime);
  const expiresAt = new Date(Date.now() + lifetime * 1000);
  const tokens = await Promise.all(DEVELOPMENT_CALLERS.map(async (caller) => ({ caller, token: await issueToken(caller, keys, lifetime) })));
  return { tokens, lifetime, expiresAt };
}
