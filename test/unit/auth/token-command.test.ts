import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadSettings } from '../../../src/config';
import { tokenKeys, verifyToken } from '../../../src/auth/tokens';

const ROOT = path.join(__dirname, '..', '..', '..');
const SECRET = 'a-secret-for-the-token-command-test-0123456789';
const hub = (args: string[], env: Record<string, string> = { HUB_JWT_SECRET: SECRET }) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });

describe('hub token', () => {
  test('prints a token the hub accepts for the caller it names', async () => {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'token', '--role', 'district', '--district', '120116', '--sub', 'officer-7', '--ttl', '30m'], {
      cwd: ROOT,
      env: { ...process.env, HUB_JWT_SECRET: SECRET },
      encoding: 'utf8',
    });
    const keys = tokenKeys(loadSettings({ HUB_JWT_SECRET: SECRET }));
    expect((await verifyToken(out.trim(), keys)).caller).toEqual({ sub: 'officer-7', role: 'district', district: '120116' });
  });

  test('refuses incomplete claims and a missing secret with exit code 2', () => {
    const noDistrict = hub(['token', '--role', 'district']);
    expect(noDistrict.status).toBe(2);
    expect(noDistrict.stderr).toContain('district');
    const noSecret = hub(['token', '--role', 'admin'], { HUB_JWT_SECRET: '' });
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toContain('HUB_JWT_SECRET');
    expect(hub(['nonsense']).status).toBe(2);
  });
});
