import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { DEVELOPMENT_SECRET_FILE } from '../../src/auth/tokens';
import { seedDatabase } from '../../src/seed/seed-database';
import { hubToday } from '../../src/common/clock';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/** What a newcomer meets first: the start command's failures and tokens, `/`, and the README's queries. */

const ROOT = path.join(__dirname, '..', '..');
const START_TIMEOUT_MS = 45_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The hub as `npm start` runs it (ts-node instead of the build), in an environment without any hub setting but these. */
function hubProcess(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HUB_') && name !== 'DATABASE_URL' && name !== 'PORT'));
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'info', HUB_DEMO_DATA: 'off', ...env },
  });
}

/** Runs the hub until it exits (a failed start) or the time is up. */
function runToExit(env: Record<string, string>): Promise<Run> {
  const child = hubProcess(env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the hub did not stop: it should have refused to start\n${stdout}${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function sqliteUrl(name: string): { url: string; remove(): void } {
  const file = path.join(tmpdir(), `hub_first_hour_${process.pid}_${name}.sqlite`);
  return { url: `sqlite:${file}`, remove: () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(file + suffix, { force: true })) };
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A failed start says one line on standard error, naming the setting, and exits non-zero. */
function expectOneLineRefusal(run: Run, setting: string, ...mentions: string[]): void {
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(setting)).toBe(true);
  for (const mention of mentions) expect(lines[0]).toContain(mention);
  expect(run.stdout).not.toContain('"level":60');
}

describe('a start that cannot succeed says why in one line and exits non-zero', () => {
  test('the port is taken', async () => {
    const blocker = createServer();
    const port = await listening(blocker);
    const db = sqliteUrl('port');
    try {
      const run = await runToExit({ NODE_ENV: 'test', PORT: String(port), DATABASE_URL: db.url });
      expectOneLineRefusal(run, `PORT ${port}`, 'already in use', 'set PORT');
    } finally {
      blocker.close();
      db.remove();
    }
  });

  test('no database server answers at the address of DATABASE_URL', async () => {
    const port = await closedPort();
    const run = await runToExit({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: `mysql://root@127.0.0.1:${port}/hub` });
    expectOneLineRefusal(run, 'DATABASE_URL', `127.0.0.1:${port}`, 'start it');
  });

  const withMysql = databasesUnderTest().includes('mariadb') ? test : test.skip;

  withMysql('the server refuses the password, or has no such database (never showing the password)', async () => {
    const server = new URL(process.env.HUB_TEST_MYSQL_URL as string);
    const wrongPassword = new URL(server);
    wrongPassword.password = 'not-the-password-7Q';
    wrongPassword.pathname = '/hub';
    const missing = new URL(server);
    missing.pathname = `/hub_missing_${process.pid}`;
    const [refused, absent] = await Promise.all([
      runToExit({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: wrongPassword.toString() }),
      runToExit({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: missing.toString() }),
    ]);
    expectOneLineRefusal(refused, 'DATABASE_URL', 'password', `user ${decodeURIComponent(server.username)}`);
    expect(refused.stderr).not.toContain('not-the-password-7Q');
    expectOneLineRefusal(absent, 'DATABASE_URL', `hub_missing_${process.pid} does not exist`, 'npm run migrate');
  });
});

describe('a development hub without HUB_JWT_SECRET', () => {
  test('keeps its secret in data/dev-secret (0600), `hub token` signs with it, and the printed lifetime is the tokens\' own', async () => {
    const db = sqliteUrl('dev');
    // The limit is below the usual 12 hours: the hub must print, and issue, what it really accepts.
    const hub = hubProcess({ NODE_ENV: 'development', PORT: '0', DATABASE_URL: db.url, HUB_MAX_TOKEN_TTL: '3600' });
    let stdout = '';
    hub.stdout.on('data', (chunk) => (stdout += String(chunk)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        hub.stdout.on('data', () => {
          const at = /hub listening: (http:\/\/[^/\s]+)\/graphql/.exec(stdout);
          if (at && /\n {2}analyst .*\n/.test(stdout)) resolve(at[1]);
        });
        hub.on('exit', (code) => reject(new Error(`the hub stopped (${code}): ${stdout}`)));
      });

      expect(statSync(DEVELOPMENT_SECRET_FILE).mode & 0o777).toBe(0o600);
      expect(stdout).toContain('valid for 1 hour (until ');
      expect(stdout).not.toContain('12 hours');
      const printed = /admin\s+Authorization: Bearer (\S+)/.exec(stdout)?.[1] as string;
      const claims = decodeJwt(printed);
      expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
      const until = /until (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(stdout)?.[1] as string;
      expect(Math.abs(Date.parse(`${until.replace(' ', 'T')}Z`) / 1000 - (claims.exp as number))).toBeLessThan(61);

      const command = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'token', '--role', 'admin', '--ttl', '30m'], {
        cwd: ROOT,
        env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HUB_JWT') && name !== 'HUB_JWKS_FILE').concat([['NODE_ENV', 'development']])),
      });
      let token = '';
      command.stdout.on('data', (chunk) => (token += String(chunk)));
      expect(await new Promise((resolve) => command.on('exit', resolve))).toBe(0);

      for (const bearer of [token.trim(), printed]) {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ query: '{ persons(first: 1) { totalCount } }' }),
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ data: { persons: { totalCount: 0 } } });
      }
    } finally {
      hub.kill('SIGTERM');
      await new Promise((resolve) => hub.once('exit', resolve));
      db.remove();
    }
  });
});

describe('GET /', () => {
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  test('leads to the IDE when it is on', async () => {
    hub = await startTestHub('sqlite');
    const response = await fetch(`${hub.url}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphiql');
  });

  test('names /graphql and /healthz when the IDE is off', async () => {
    hub = await startTestHub('sqlite', { HUB_IDE: 'off' });
    const response = await fetch(`${hub.url}/`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ graphql: '/graphql', health: '/healthz' });
  });
});

/** The README's GraphQL examples, in the order it shows them. */
function readmeQueries(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** Every field the answer asks for at its root is there and holds something. */
function expectNonEmpty(value: unknown, where: string): void {
  expect([where, value]).not.toEqual([where, null]);
  if (Array.isArray(value)) expect([where, value.length]).not.toEqual([where, 0]);
  else if (value && typeof value === 'object' && 'edges' in value) expectNonEmpty((value as { edges: unknown[] }).edges, `${where}.edges`);
}

function outcomes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(outcomes);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'outcome' && typeof inner === 'string' ? [inner] : outcomes(inner)));
}

describe('the README examples, on the demo population', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub('sqlite');
    // What `npm start` seeds on a first start: the default size, seed and today.
    await seedDatabase(hub.dataSource, { households: 2000, seed: 2020, asOf: hubToday() });
  }, 180_000);
  afterAll(() => hub?.stop());

  test('every ```graphql block answers without errors and with data, and the eligibility example finds someone ELIGIBLE', async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(2);
    const found: string[] = [];
    for (const [index, query] of queries.entries()) {
      const answer = await hub.gql(query);
      expect([index, answer.errors]).toEqual([index, undefined]);
      for (const [field, value] of Object.entries(answer.data ?? {})) expectNonEmpty(value, `block ${index + 1}: ${field}`);
      found.push(...outcomes(answer.data));
    }
    expect(found).toContain('ELIGIBLE');
  });
});
