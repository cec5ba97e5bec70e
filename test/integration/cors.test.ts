import { spawnSync } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { PROJECT_ROOT } from '../../src/common/paths';
import { loadSettings, SettingsError } from '../../src/config';
import { CoverageService } from '../../src/coverage/coverage.service';
import { ParameterStore } from '../../src/policy/parameter-store';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
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

/** The gap list export, for a date with a completed (empty) evaluation pass. */
const EXPORT_ASOF = '2025-10-15';
const EXPORT_PATH = `/export/persons.csv?notEnrolled=true&asOf=${EXPORT_ASOF}`;

/** A completed pass for EXPORT_ASOF, so an export answers with a file rather than NOT_EVALUATED. */
async function evaluated(hub: TestHub): Promise<void> {
  const modules = withModules();
  const parameters = ParameterStore.fromFolder(path.join(PROJECT_ROOT, 'src', 'policy', 'parameters'));
  await new CoverageService(hub.dataSource, parameters, (manager) => createLoaders(manager, modules)).evaluate(EXPORT_ASOF);
}

function download(hub: TestHub, token: string | null, origin?: string, file = EXPORT_PATH): Promise<Response> {
  return fetch(`${hub.url}${file}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(origin ? { origin } : {}) } });
}

/** The preflight a browser sends before a GET with a bearer token (an Authorization header is not simple). */
function exportPreflight(hub: TestHub, origin: string): Promise<Response> {
  return fetch(`${hub.url}${EXPORT_PATH}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
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
      // The exports likewise: served as without an Origin, no header added, no preflight answered.
      await evaluated(hub);
      const file = await download(hub, token, 'https://a.example');
      expect(file.status).toBe(200);
      expect(corsHeaders(file)).toEqual({});
      expect(file.headers.get('vary') ?? '').not.toMatch(/origin/i);
      expect(corsHeaders(await exportPreflight(hub, 'https://a.example'))).toEqual({});
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
      await evaluated(hub);
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

    test('the CSV exports: a listed origin reads the file and its name; its preflight with Authorization is answered', async () => {
      const preflight = await exportPreflight(hub, 'https://b.example');
      expect(preflight.status).toBe(204);
      expect(corsHeaders(preflight)).toEqual({
        'access-control-allow-origin': 'https://b.example',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Purpose, Accept-Language, X-Request-Id',
        'access-control-max-age': '600',
      });
      expect(preflight.headers.get('vary')).toMatch(/\borigin\b/i);

      const file = await download(hub, token, 'https://b.example');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="persons.csv"');
      expect(corsHeaders(file)).toEqual({
        'access-control-allow-origin': 'https://b.example',
        'access-control-expose-headers': 'X-Request-Id, Content-Disposition',
      });
      expect(file.headers.get('vary')).toMatch(/\borigin\b/i);
      expect(await file.text()).toMatch(/^身份证号 ID number,/);

      // Both routes, and errors too (a refused token), so the page can say what went wrong.
      const households = await download(hub, token, 'https://a.example', `/export/households.csv?notEnrolled=true&asOf=${EXPORT_ASOF}`);
      expect(households.status).toBe(200);
      expect(households.headers.get('access-control-allow-origin')).toBe('https://a.example');
      const refused = await download(hub, 'not-a-token', 'https://a.example');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://a.example');
    });

    test('the CSV exports: an unlisted origin gets no CORS header and is otherwise served as before', async () => {
      const plain = await download(hub, token);
      expect(plain.status).toBe(200);
      const body = await plain.text();
      for (const origin of ['https://c.example', 'http://a.example']) {
        const file = await download(hub, token, origin);
        expect(file.status).toBe(200);
        expect(corsHeaders(file)).toEqual({});
        expect(await file.text()).toBe(body);
        expect(corsHeaders(await exportPreflight(hub, origin))).toEqual({});
      }
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
