/**
 * End-to-end check of the offline GraphiQL IDE in Debian's headless Chromium.
 * Uses dist/ide from `node src/server/ide/build-ide.mjs` (built here if missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema } from 'graphql';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createIdeRouter, wantsHtml } from '../../src/server/ide/ide.route';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist/ide');
const TOKEN = 'Bearer ide-test-token';
// Contains `</script>` on purpose: it must reach the editor verbatim, not end the config element.
const DEFAULT_QUERY = '# hub default </script><b>not markup</b>\n{ hello }';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function ensureBuilt(): void {
  if (existsSync(path.join(DIST, 'index.html'))) return;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'src/server/ide/build-ide.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build-ide.mjs failed:\n${run.stdout}\n${run.stderr}`);
}

interface Hub {
  url: string;
  authHeaders: (string | undefined)[];
  close(): Promise<void>;
}

async function startHub(distDir: string): Promise<Hub> {
  const apollo = new ApolloServer({
    schema: buildSchema('type Query { hello: String }'),
    rootValue: { hello: () => 'Hello from the hub' },
    // The default landing page pulls Apollo Sandbox from a CDN; the IDE replaces it.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const authHeaders: (string | undefined)[] = [];
  const app = express();
  app.use(createIdeRouter({ distDir, endpoint: '/graphql', headers: { Authorization: TOKEN }, mayReceiveHeaders: () => true, defaultQuery: DEFAULT_QUERY }));
  app.get('/graphql', (req, res, next) => (wantsHtml(req) ? res.redirect(303, '/graphiql') : next()));
  app.post('/graphql', (req, _res, next) => {
    authHeaders.push(req.headers.authorization);
    next();
  });
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authHeaders,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}

/** Types into the operation editor the way a person would: select all, replace. */
async function setQuery(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(query);
}

interface MonacoGlobal {
  __MONACO: { editor: { getModelMarkers(filter: object): { message: string }[] } };
}

/** Monaco renders spaces as U+00A0; compare on plain text. */
async function editorText(page: Page, scope: string): Promise<string> {
  return (await page.locator(`${scope} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
}

describe('GraphiQL IDE route (no browser)', () => {
  let hub: Hub;
  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub(DIST);
  }, 120_000);
  afterAll(() => hub?.close());

  it('answers 503 with build instructions when there is no build', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'hub-ide-'));
    const bare = await startHub(empty);
    try {
      const res = await fetch(`${bare.url}/graphiql`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:ide');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('injects the config as escaped JSON and caches only hashed assets for good', async () => {
    const res = await fetch(`${hub.url}/graphiql`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const match = /<script id="hub-ide-config" type="application\/json">([^]*?)<\/script>/.exec(html);
    expect(match).not.toBeNull();
    expect(match![1]).not.toContain('<');
    expect(JSON.parse(match![1])).toEqual({ endpoint: '/graphql', headers: { Authorization: TOKEN }, defaultQuery: DEFAULT_QUERY });

    const asset = readdirSync(path.join(DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const hit = await fetch(`${hub.url}/graphiql/assets/${asset}`);
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${hub.url}/graphiql/assets/nope-AAAAAAAA.js`)).status).toBe(404);
  });

  it('sends browsers on /graphql to the IDE but leaves API clients alone', async () => {
    const nav = await fetch(`${hub.url}/graphql`, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' });
    expect(nav.status).toBe(303);
    expect(nav.headers.get('location')).toBe('/graphiql');
    const api = await fetch(`${hub.url}/graphql?query=%7Bhello%7D`, {
      headers: { accept: 'application/graphql-response+json, application/json', 'apollo-require-preflight': '1' },
    });
    expect(await api.json()).toEqual({ data: { hello: 'Hello from the hub' } });
  });
});

const haveBrowser = existsSync(CHROMIUM);
const browserSuite = haveBrowser ? describe : describe.skip;

if (!haveBrowser && process.env.HUB_REQUIRE_BROWSER === '1') {
  it(`finds Chromium at ${CHROMIUM} (HUB_REQUIRE_BROWSER=1)`, () => {
    throw new Error(`HUB_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
  });
} else if (!haveBrowser) {
  console.warn(
    `\n${'!'.repeat(72)}\n!! SKIPPING the GraphiQL browser test: ${CHROMIUM} not found.\n` +
      `!! Install it (apt-get install -y chromium) or set HUB_REQUIRE_BROWSER=1 to make this fail.\n${'!'.repeat(72)}\n`,
  );
}

browserSuite('GraphiQL IDE in headless Chromium', () => {
  let hub: Hub;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub(DIST);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('runs a query fully offline with the configured headers', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    context.on('request', (req) => requested.push(req.url()));
    page.on('websocket', (ws) => requested.push(ws.url()));
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // Monaco falls back to the main thread, with a warning, when a worker fails to start.
      if (msg.type() === 'error' || /worker/i.test(msg.text())) problems.push(`${msg.type()}: ${msg.text()}`);
    });

    try {
      await page.goto(`${hub.url}/graphiql`);
      const queryEditor = '.graphiql-query-editor';
      await page.locator(`${queryEditor} .monaco-editor .view-lines`).waitFor({ timeout: 30_000 });
      await page.locator(queryEditor, { hasText: 'hub default </script><b>not markup</b>' }).waitFor();

      const headersEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
      await page.locator(`${headersEditor} .view-lines`, { hasText: 'Authorization' }).waitFor();
      expect(JSON.parse(await editorText(page, headersEditor))).toEqual({ Authorization: TOKEN });

      await setQuery(page, '{ hello }');
      expect((await editorText(page, queryEditor)).trim()).toBe('{ hello }');

      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response .view-lines', { hasText: /"hello":\s*"Hello\sfrom\sthe\shub"/ });
      await response.waitFor({ timeout: 15_000 });
      expect(JSON.parse(await editorText(page, '.graphiql-response'))).toEqual({ data: { hello: 'Hello from the hub' } });
      expect(hub.authHeaders).toContain(TOKEN);

      // A validation error only shows up if the graphql worker runs and has the introspected schema.
      await setQuery(page, '{ nope }');
      await page.locator(`${queryEditor} .squiggly-error`).first().waitFor({ timeout: 15_000 });
      const markers = await page.evaluate(() =>
        (globalThis as unknown as MonacoGlobal).__MONACO.editor.getModelMarkers({}).map((m) => m.message),
      );
      expect(markers).toContain('Cannot query field "nope" on type "Query".');

      // Real Workers (no main-thread fallback), each loaded from our own asset folder.
      const workers = page.workers().map((w) => new URL(w.url()).pathname.replace(/-\w+\.js$/, ''));
      expect(workers.sort()).toEqual(['editor', 'graphql', 'json'].map((n) => `/graphiql/assets/${n}.worker`));

      const foreign = requested.filter((u) => !u.startsWith(`${hub.url}/`) && !u.startsWith('data:'));
      expect(foreign).toEqual([]);
      expect(requested).toContain(`${hub.url}/graphql`);
      expect(problems).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: path.join(tmpdir(), 'graphiql-browser-test-failure.png') }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 90_000);
});
