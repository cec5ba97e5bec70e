import { spawnSync } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { loadSettings, SettingsError } from '../../src/config';
import { ADMIN, databasesUnderTest, startTestHub, TEST_SECRET, type TestHub } from './support/test-hub';

const ROOT = path.join(__dirname, '..', '..');
const LISTED = 'https://a.example,https://b.example';
const QUERY = JSON.stringify({ query: '{ __typename }' });

/** The Access-Control-* headers of a response, by lower-case name. */
function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

function post(hub: TestHub, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: QUERY });
}

/** The preflight a browser sends before a POST with a bearer token and a purpose. */
function preflight(hub: TestHub, origin: string): Promise<Response> {
  return fetch(`${hub.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-purpose' },
  });
}

/** Whether a WebSocket upgrade to /graphql is accepted, with this Origin header (or none). */
function wsOpens(hub: TestHub, origin?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe.each(databasesUnderTest())('CORS (%s)', (kind) => {
  test('off by default: no Access-Control-* header, whatever the Origin', async () => {
    const hub = await startTestHub(kind);
    try {
      const token = await hub.token(ADMIN);
      const answer = await post(hub, token, { origin: 'https://a.example' });
      expect(answer.status).toBe(200);
      expect(corsHeaders(answer)).toEqual({});
      expect(answer.headers.get('vary') ?? '').not.toMatch(/origin/i);
      expect(corsHeaders(await preflight(hub, 'https://a.example'))).toEqual({});
      expect(await wsOpens(hub, 'https://anywhere.example')).toBe(true);
    } finally {
      await hub.stop();
    }
  });

  describe('with HUB_CORS_ORIGINS', () => {
    let hub: TestHub;
    let token: string;
    beforeAll(async () => {
      hub = await startTestHub(kind, { HUB_CORS_ORIGINS: LISTED });
      token = await hub.token(ADMIN);
    });
    afterAll(() => hub?.stop());

    test('a listed origin gets itself back, Vary: Origin and X-Request-Id exposed; never *, never credentials', async () => {
      const answer = await post(hub, token, { origin: 'https://b.example' });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
      expect(corsHeaders(answer)).toEqual({
        'access-control-allow-origin': 'https://b.example',
        'access-control-expose-headers': 'X-Request-Id',
      });
      expect(answer.headers.get('vary')).toMatch(/\borigin\b/i);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    });

    test('a listed origin can read errors too (a refused token)', async () => {
      const answer = await post(hub, 'not-a-token', { origin: 'https://a.example' });
      expect(answer.ok).toBe(false);
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://a.example');
    });

    test('a GET query from a listed origin (Content-Type makes it preflighted, as Apollo asks)', async () => {
      const answer = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { origin: 'https://a.example', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://a.example');
    });

    test('the preflight of a listed origin: 204 with methods, headers and max-age', async () => {
      const answer = await preflight(hub, 'https://a.example');
      expect(answer.status).toBe(204);
      expect(corsHeaders(answer)).toEqual({
        'access-control-allow-origin': 'https://a.example',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Purpose, Accept-Language, X-Request-Id',
        'access-control-max-age': '600',
      });
      expect(answer.headers.get('vary')).toMatch(/\borigin\b/i);
    });

    test('an unlisted origin, or none, gets no CORS header and is otherwise served as before', async () => {
      for (const origin of ['https://c.example', 'https://a.example:8443', 'http://a.example', 'null']) {
        const answer = await post(hub, token, { origin });
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
        expect(corsHeaders(answer)).toEqual({});
        expect(corsHeaders(await preflight(hub, origin))).toEqual({});
      }
      const plain = await post(hub, token);
      expect(plain.status).toBe(200);
      expect(corsHeaders(plain)).toEqual({});
    });

    test('a WebSocket upgrade from an unlisted origin is refused; a listed one, or none (not a browser), passes', async () => {
      expect(await wsOpens(hub, 'https://a.example')).toBe(true);
      expect(await wsOpens(hub)).toBe(true);
      expect(await wsOpens(hub, 'https://c.example')).toBe(false);
    });
  });
});

describe('HUB_CORS_ORIGINS that is not a list of exact origins', () => {
  test.each(['*', 'https://a.example/', 'https://a.example/dashboard', 'https://A.example', 'https://a.example:443', 'a.example', 'ftp://a.example', 'null', ','])(
    '%s stops the settings with a message naming it',
    (value) => {
      expect(() => loadSettings({ HUB_CORS_ORIGINS: value })).toThrow(SettingsError);
      expect(() => loadSettings({ HUB_CORS_ORIGINS: value })).toThrow(/HUB_CORS_ORIGINS: list exact origins/);
    },
  );

  test('exact origins are kept as a list (spaces and repeats dropped)', () => {
    expect(loadSettings({ HUB_CORS_ORIGINS: ' https://a.example, http://localhost:8080 ,https://a.example' }).HUB_CORS_ORIGINS).toEqual([
      'https://a.example',
      'http://localhost:8080',
    ]);
    expect(loadSettings({}).HUB_CORS_ORIGINS).toBeUndefined();
  });

  test('the hub does not start, and says which setting and entry', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', HUB_JWT_SECRET: TEST_SECRET, HUB_CORS_ORIGINS: 'https://a.example,https://b.example/app' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HUB_CORS_ORIGINS: list exact origins');
    expect(result.stderr).toContain('https://b.example/app');
  });
});
