import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databasesUnderTest } from '../integration/support/test-hub';

/** `npm test` ends by saying what it did not run: jest, with this repository's configuration, on a suite of our making. */

const ROOT = path.join(__dirname, '..', '..');
const JEST = require.resolve('jest/bin/jest');

function jestOn(tests: string, mysqlUrl: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-banner-'));
  try {
    writeFileSync(path.join(dir, 'suite.banner-fixture.js'), tests);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HUB_TEST_') && !name.startsWith('JEST_')));
    const run = spawnSync(process.execPath, [JEST, '--roots', dir, '--testMatch', '**/*.banner-fixture.js'], {
      cwd: ROOT,
      env: { ...env, HUB_TEST_MYSQL_URL: mysqlUrl },
      encoding: 'utf8',
    });
    return { status: run.status, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the end of a test run', () => {
  test('names the MySQL half and the skipped tests, after the summary, without the password', async () => {
    const url = `mysql://root:a-password-9Z@127.0.0.1:${await closedPort()}`;
    const run = jestOn("test('runs', () => undefined);\ntest.skip('waits', () => undefined);\ndescribe.skip('group', () => { test('a', () => undefined); });\n", url);
    expect(run.status).toBe(0);
    const end = run.stderr.slice(run.stderr.lastIndexOf('Ran all test suites'));
    expect(end).toContain('NOT EVERYTHING WAS TESTED');
    expect(end).toContain('the MySQL/MariaDB half');
    expect(end).toMatch(/2 tests of \S*suite\.banner-fixture\.js/);
    expect(end.trimEnd().endsWith('!'.repeat(78))).toBe(true);
    expect(run.stderr).not.toContain('a-password-9Z');
  }, 60_000);

  const withMysql = databasesUnderTest().includes('mariadb') ? test : test.skip;

  withMysql('says nothing more when everything ran', () => {
    const run = jestOn("test('runs', () => undefined);\n", process.env.HUB_TEST_MYSQL_URL as string);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('Ran all test suites');
    expect(run.stderr).not.toContain('NOT EVERYTHING WAS TESTED');
  }, 60_000);
});
