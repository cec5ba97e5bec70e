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

export async function developmentTokens(keys: TokenKeys): Promise<Array<{ caller: Caller; token: string }>> {
  return Promise.all(DEVELOPMENT_CALLERS.map(async (caller) => ({ caller, token: await issueToken(caller, keys, 12 * 3600) })));
}
