import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../../src/config';
import { developmentSecret, tokenKeys } from '../../../src/auth/tokens';

describe('the development token secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hub-dev-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is created on first use, readable by its owner only, and the same on every later use', () => {
    const file = path.join(dir, 'data', 'dev-secret');
    const first = developmentSecret(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(developmentSecret(file)).equals(Buffer.from(first))).toBe(true);
    // Nothing is left beside it by the write-aside-and-link.
    expect(readdirSync(path.dirname(file))).toEqual(['dev-secret']);
  });

  test('is the one already there, whoever wrote it', () => {
    const file = path.join(dir, 'dev-secret');
    writeFileSync(file, 'a-secret-another-start-wrote-0123456789\n', { mode: 0o600 });
    expect(Buffer.from(developmentSecret(file)).toString()).toBe('a-secret-another-start-wrote-0123456789');
  });

  test('is refused when others may read it, or when it is too short, with what to do', () => {
    const file = path.join(dir, 'dev-secret');
    writeFileSync(file, 'a-secret-another-start-wrote-0123456789\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => developmentSecret(file)).toThrow(/chmod 600/);
    writeFileSync(file, 'short\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(() => developmentSecret(file)).toThrow(/fewer than 32 characters: delete it/);
    expect(readFileSync(file, 'utf8')).toBe('short\n');
  });

  test('is never used outside development: tests get a secret of their own process, a set secret wins', () => {
    const test = tokenKeys(loadSettings({ NODE_ENV: 'test' }));
    expect(test.secretFile).toBeNull();
    expect(test.ephemeral).toBe(true);
    const configured = tokenKeys(loadSettings({ NODE_ENV: 'development', HUB_JWT_SECRET: 'a-configured-secret-of-at-least-32-chars' }));
    expect(configured.secretFile).toBeNull();
    expect(Buffer.from(configured.secret as Uint8Array).toString()).toBe('a-configured-secret-of-at-least-32-chars');
  });
});
