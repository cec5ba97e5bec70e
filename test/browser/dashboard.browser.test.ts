/**
 * The coverage dashboard (/dashboard, issue 10 point 6) in Debian's headless Chromium: a test hub
 * with the seeded population, an evaluation pass and a what-if pass, the page opened with a district
 * officer's token, every figure it shows (the what-if panel's too) checked against the API's
 * districtStats, then English, and screenshots under the OS temp dir. Uses dist/dashboard, built
 * here when older than the client's files.
 *
 * Until app.ts mounts the dashboard route, the page is served by a small front on the same origin
 * that forwards /graphql and /export to the hub; once the hub serves /dashboard itself, the test
 * uses the hub directly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { Caller } from '../../src/auth/caller';
import { PROJECT_ROOT } from '../../src/common/paths';
import { CoverageRunStatus } from '../../src/coverage/coverage.entities';
import { CoverageService } from '../../src/coverage/coverage.service';
import { createDashboardRouter } from '../../src/dashboard/dashboard.route';
import type { ParameterOverride } from '../../src/policy/parameter-overrides';
import { ParameterStore } from '../../src/policy/parameter-store';
import { seedDatabase } from '../../src/seed/seed-database';
import { createLoaders } from '../../src/server/context';
import { withModules } from '../../src/server/modules';
import { databasesUnderTest, startTestHub, type TestHub } from '../integration/support/test-hub';

const CHROMIUM = '/usr/bin/chromium';
const DIST = path.join(PROJECT_ROOT, 'dist/dashboard');
const AS_OF = '2025-10-15';
const HEPING: Caller = { sub: 'heping-officer', role: 'district', district: '120101' };
/** As in test/integration/what-if.test.ts: a standard that moves the seeded population's figures. */
const WHAT_IF: ParameterOverride[] = [{ name: 'dibao-standard', value: 1500 }];
/** A value no pass has been run for. */
const NOT_RUN = 1200;

const STATS = /* GraphQL */ `
  query ($asOf: LocalDate) { districtStats(asOf: $asOf) {
    districtCode persons households livingAwayIn livingAwayOut
    eligibility { ruleId eligibleNotEnrolled enrolledNotEligible } findings { code findings persons }
    reviewsOverdue { households tekunPersons } push { open medianSecondsToAct } evaluation { asOf status evaluatedAt } } }
`;
const WHAT_IF_STATS = /* GraphQL */ `
  query ($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) { districtStats(asOf: $asOf, parameters: $parameters) {
    districtCode eligibility { ruleId eligibleNotEnrolled enrolledNotEligible } reviewsOverdue { households tekunPersons }
    whatIf { parameters { parameter value valueInForce } eligibility { ruleId eligibleNotEnrolled enrolledNotEligible }
      reviewsOverdue { households tekunPersons } evaluation { status note } } } }
`;

/** A bundle older than the client's files would test the page as it was. */
function ensureBuilt(): void {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/dashboard/build-dashboard.mjs'), '--if-changed'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build-dashboard.mjs failed:\n${run.stdout}\n${run.stderr}`);
}

interface Front { url: string; close(): Promise<void> }

/** Serves the dashboard from `distDir` and forwards /graphql and /export/* to `upstream`, on one origin. */
async function startFront(distDir: string, upstream: string, token?: string): Promise<Front> {
  const app = express();
  app.use(createDashboardRouter({ distDir, endpoint: '/graphql', token, mayReceiveToken: () => token != null }));
  app.use(['/graphql', '/export'], express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'accept', 'accept-language']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${upstream}${req.originalUrl}`, { method: req.method, headers, body: req.method === 'POST' ? req.body : undefined });
    res.status(answer.status).type(answer.headers.get('content-type') ?? 'application/octet-stream').send(Buffer.from(await answer.arrayBuffer()));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('dashboard route (no browser)', () => {
  it('answers 503 with build instructions when there is no build', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'hub-dashboard-'));
    const front = await startFront(empty, 'http://127.0.0.1:9');
    try {
      const res = await fetch(`${front.url}/dashboard`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:dashboard');
    } finally {
      await front.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('sets its own CSP and hands the token only to requests allowed to receive it', async () => {
    ensureBuilt();
    const withToken = await startFront(DIST, 'http://127.0.0.1:9', 'Bearer dev </script>');
    const without = await startFront(DIST, 'http://127.0.0.1:9');
    try {
      const res = await fetch(`${withToken.url}/dashboard`);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const config = /<script id="hub-dashboard-config" type="application\/json">([^]*?)<\/script>/.exec(await res.text());
      expect(JSON.parse(config![1])).toEqual({ endpoint: '/graphql', token: 'Bearer dev </script>' });
      const bare = await (await fetch(`${without.url}/dashboard`)).text();
      expect(bare).toContain('<script id="hub-dashboard-config" type="application/json">{"endpoint":"/graphql"}</script>');
      expect(bare).not.toMatch(/https?:\/\//);
    } finally {
      await withToken.close();
      await without.close();
    }
  });
});

const haveBrowser = existsSync(CHROMIUM);
const browserSuite = haveBrowser ? describe.each(databasesUnderTest()) : describe.skip.each(databasesUnderTest());
if (!haveBrowser && process.env.HUB_REQUIRE_BROWSER === '1') {
  it(`finds Chromium at ${CHROMIUM} (HUB_REQUIRE_BROWSER=1)`, () => {
    throw new Error(`HUB_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
  });
} else if (!haveBrowser) {
  console.warn(`\n!! SKIPPING the dashboard browser test: ${CHROMIUM} not found (apt-get install -y chromium).\n`);
}

browserSuite('dashboard in headless Chromium (%s)', (kind) => {
  let hub: TestHub;
  let front: Front | undefined;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startTestHub(kind);
    await seedDatabase(hub.dataSource, { households: 300, seed: 2020, asOf: AS_OF });
    const modules = withModules();
    const service = new CoverageService(hub.dataSource, ParameterStore.fromFolder(path.join(PROJECT_ROOT, 'src/policy/parameters')), (m) => createLoaders(m, modules));
    expect((await service.evaluate(AS_OF, { batchSize: 250 })).status).toBe(CoverageRunStatus.DONE);
    expect((await service.evaluate(AS_OF, { batchSize: 250, overrides: WHAT_IF })).status).toBe(CoverageRunStatus.DONE);
    const mounted = (await fetch(`${hub.url}/dashboard`)).status === 200;
    front = mounted ? undefined : await startFront(DIST, hub.url);
    base = front?.url ?? hub.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await hub?.stop();
  });

  it("shows a district officer the API's figures of their district, in Chinese and in English", async () => {
    const api = await hub.as(HEPING)(STATS, { asOf: AS_OF });
    expect(api.errors).toBeUndefined();
    const stats = api.data.districtStats as Array<Record<string, any>>;
    expect(stats.map((s) => s.districtCode)).toEqual(['120101', 'CITY']);
    const mine = stats[0];
    expect(mine.evaluation.status).toBe('DONE');

    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    context.on('request', (req) => requested.push(req.url()));
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    try {
      await page.goto(`${base}/dashboard?asOf=${AS_OF}`);
      await page.locator('#token').fill(await hub.token(HEPING));
      await page.locator('#load').click();
      await page.locator('#districts tr[data-district="CITY"]').waitFor({ timeout: 30_000 });
      expect(await page.evaluate("sessionStorage.getItem('hub-dashboard-token')")).toMatch(/^ey/);

      const figure = async (scope: string, key: string) => (await page.locator(`${scope} [data-figure="${key}"]`).innerText()).replace(/,/g, '');
      const sum = (s: Record<string, any>, key: string) => s.eligibility.reduce((n: number, r: Record<string, number>) => n + r[key], 0);
      expect(await page.locator('#districts tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-district')))).toEqual(['120101', 'CITY']);
      for (const s of stats) {
        const row = `#districts tr[data-district="${s.districtCode}"]`;
        expect(await figure(row, 'persons')).toBe(String(s.persons));
        expect(await figure(row, 'households')).toBe(String(s.households));
        expect(await figure(row, 'gap')).toBe(String(sum(s, 'eligibleNotEnrolled')));
        expect(await figure(row, 'lapsed')).toBe(String(sum(s, 'enrolledNotEligible')));
      }
      expect(sum(mine, 'eligibleNotEnrolled')).toBeGreaterThan(0);
      // The officer's own district is selected: its cards, findings and rules.
      expect(await figure('body', 'overdue.households')).toBe(String(mine.reviewsOverdue.households));
      expect(await figure('body', 'overdue.tekun')).toBe(String(mine.reviewsOverdue.tekunPersons));
      expect(await figure('body', 'away.in')).toBe(String(mine.livingAwayIn));
      expect(await figure('body', 'away.out')).toBe(String(mine.livingAwayOut));
      expect(await figure('body', 'push.open')).toBe(String(mine.push.open));
      expect(await page.locator('[data-figure="push.median"]').getAttribute('data-value')).toBe(mine.push.medianSecondsToAct == null ? '' : String(mine.push.medianSecondsToAct));
      for (const f of mine.findings) {
        expect(await figure('#findings', `findings.${f.code}.findings`)).toBe(String(f.findings));
        expect(await figure('#findings', `findings.${f.code}.persons`)).toBe(String(f.persons));
      }
      for (const r of mine.eligibility) {
        expect(await figure(`#rules tr[data-rule="${r.ruleId}"]`, 'gap')).toBe(String(r.eligibleNotEnrolled));
        expect(await figure(`#rules tr[data-rule="${r.ruleId}"]`, 'lapsed')).toBe(String(r.enrolledNotEligible));
      }
      expect(await page.locator('#freshness').innerText()).toMatch(new RegExp(`^数据截至 ${AS_OF}，评估于 \\d`));
      expect(await page.locator('#gap-chart svg path').count()).toBeGreaterThan(0);

      // Drill down to the gap list of the rule with the largest gap.
      const rule = [...mine.eligibility].sort((a, b) => b.eligibleNotEnrolled - a.eligibleNotEnrolled)[0];
      await page.locator(`#rules tr[data-rule="${rule.ruleId}"] button.drill`).click();
      await page.locator('#gap-total, #error:not([hidden])').first().waitFor();
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect(await page.locator('#gap-total').innerText()).toBe(`共 ${rule.eligibleNotEnrolled} 人`);
      expect(await page.locator('#export').getAttribute('href')).toBe(`/export/persons.csv?eligibleFor=${encodeURIComponent(rule.ruleId)}&notEnrolled=true&asOf=${AS_OF}&district=120101`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
      const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
      expect(lines.length - 1).toBe(rule.eligibleNotEnrolled);

      // And to those enrolled and no longer eligible under the rule with the most of them.
      const lapsed = [...mine.eligibility].sort((a, b) => b.enrolledNotEligible - a.enrolledNotEligible)[0];
      expect(lapsed.enrolledNotEligible).toBeGreaterThan(0);
      await page.locator(`#rules tr[data-rule="${lapsed.ruleId}"] button.drill-lapsed`).click();
      await page.locator('#gap-list h3', { hasText: '已享受但不再符合名单' }).waitFor();
      expect(await page.locator('#gap-total').innerText()).toBe(`共 ${lapsed.enrolledNotEligible} 人`);
      expect(await page.locator('#gap-list tbody tr').count()).toBe(Math.min(50, lapsed.enrolledNotEligible));
      expect(await page.locator('#export').getAttribute('href')).toBe(`/export/persons.csv?enrolledNotEligibleFor=${encodeURIComponent(lapsed.ruleId)}&asOf=${AS_OF}&district=120101`);

      await page.locator('#lang-toggle').click();
      expect(await page.locator('#freshness').innerText()).toMatch(new RegExp(`^Figures as of ${AS_OF}, evaluated at \\d`));
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await figure('#districts tr[data-district="120101"]', 'persons')).toBe(String(mine.persons));

      const shot = path.join(tmpdir(), `hub-dashboard-${kind}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      process.stdout.write(`dashboard screenshot (${kind}): ${shot}\n`);

      expect(requested.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
      expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: path.join(tmpdir(), `hub-dashboard-${kind}-failure.png`), fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 120_000);

  it("compares a what-if with the figures in force as the API answers them, keeps it in the address, and says what is missing", async () => {
    const ask = (parameters: unknown) => hub.as(HEPING, { 'accept-language': 'zh-CN' })(WHAT_IF_STATS, { asOf: AS_OF, parameters });
    const api = await ask(WHAT_IF);
    expect(api.errors).toBeUndefined();
    const areas = api.data.districtStats as Array<Record<string, any>>;
    expect(areas.map((a) => [a.districtCode, a.whatIf.evaluation.status])).toEqual([['120101', 'DONE'], ['CITY', 'DONE']]);
    // The value moves some figure the panel shows: otherwise the comparison would prove nothing.
    expect(areas.some((a) => JSON.stringify([a.eligibility, a.reviewsOverdue]) !== JSON.stringify([a.whatIf.eligibility, a.whatIf.reviewsOverdue]))).toBe(true);
    const inForce = (await hub.as(HEPING)('query ($asOf: LocalDate) { policyParameters(asOf: $asOf) { name value } }', { asOf: AS_OF })).data.policyParameters as Array<{ name: string; value: number }>;

    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    const answered = (value: number) => page.locator(`#what-if[data-scenario="dibao-standard:${value}"][data-state="idle"]`).waitFor({ timeout: 30_000 });
    const compare = async (value: string) => {
      await page.locator('#what-if-value').fill(value);
      await page.locator('#what-if-compare').click();
    };
    const dash = (n: number | null | undefined) => (n == null ? '—' : String(n));
    /** Each figure of the panel for the area `a` of the API's answer: in force, what-if, difference. */
    const expectFigures = async (a: Record<string, any>) => {
      const cells = async (scope: string, prefix: string, inForceFigure: number | null, whatIfFigure: number | null) => {
        const read = (key: string) => page.locator(`${scope} [data-figure="${prefix}${key}"]`).innerText();
        const difference = inForceFigure == null || whatIfFigure == null ? null : whatIfFigure - inForceFigure;
        expect([await read('inForce'), await read('whatIf'), await read('difference')].map((x) => x.replace(/,/g, ''))).toEqual(
          [dash(inForceFigure), dash(whatIfFigure), difference != null && difference > 0 ? `+${difference}` : dash(difference)]);
      };
      const rule = (list: Array<Record<string, any>> | null, ruleId: string) => list?.find((r) => r.ruleId === ruleId);
      const ruleIds = [...new Set([...(a.eligibility ?? []), ...(a.whatIf.eligibility ?? [])].map((r: { ruleId: string }) => r.ruleId))];
      expect(ruleIds.length).toBeGreaterThan(0);
      expect(await page.locator('#what-if-rules tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')))).toEqual(ruleIds);
      for (const id of ruleIds) {
        const [now, then] = [rule(a.eligibility, id), rule(a.whatIf.eligibility, id)];
        await cells(`#what-if-rules tr[data-rule="${id}"]`, 'gap.', now?.eligibleNotEnrolled ?? null, then?.eligibleNotEnrolled ?? null);
        await cells(`#what-if-rules tr[data-rule="${id}"]`, 'lapsed.', now?.enrolledNotEligible ?? null, then?.enrolledNotEligible ?? null);
      }
      for (const key of ['households', 'tekunPersons']) {
        await cells(`#what-if-overdue tr[data-row="${key}"]`, '', a.reviewsOverdue?.[key] ?? null, a.whatIf.reviewsOverdue?.[key] ?? null);
      }
      expect(await page.locator('#what-if-status').getAttribute('data-status')).toBe(a.whatIf.evaluation.status);
    };
    try {
      await page.goto(`${base}/dashboard?asOf=${AS_OF}`);
      await page.locator('#token').fill(await hub.token(HEPING));
      await page.locator('#load').click();
      await page.locator('#what-if-name option[value="dibao-standard"]').waitFor({ state: 'attached', timeout: 30_000 });
      expect(await page.locator('#what-if-name option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toEqual(inForce.map((p) => p.name));
      await page.locator('#what-if-name').selectOption('dibao-standard');
      const standard = inForce.find((p) => p.name === 'dibao-standard')!.value;
      expect(await page.locator('#what-if-in-force').innerText()).toContain(`现行值 ${standard.toLocaleString('en-US')} `);

      await compare(String(WHAT_IF[0].value));
      await answered(WHAT_IF[0].value);
      const [p] = areas[0].whatIf.parameters;
      expect(await page.locator('#what-if-scenario').innerText()).toBe(`dibao-standard = ${p.value.toLocaleString('en-US')}（现行 ${p.valueInForce.toLocaleString('en-US')}）`);
      await expectFigures(areas[0]);
      expect(await page.locator('#what-if-run').count()).toBe(0);
      expect(new URL(page.url()).searchParams.get('whatIf')).toBe(`dibao-standard:${WHAT_IF[0].value}`);

      // The address holds the comparison: opened again, the page asks it again by itself.
      await page.reload();
      await answered(WHAT_IF[0].value);
      expect(await page.locator('#what-if-value').inputValue()).toBe(String(WHAT_IF[0].value));
      await expectFigures(areas[0]);
      await page.locator('#districts tr[data-district="CITY"] button').click();
      await expectFigures(areas[1]);
      const shot = path.join(tmpdir(), `hub-dashboard-${kind}-what-if.png`);
      await page.locator('#what-if').screenshot({ path: shot });
      process.stdout.write(`dashboard what-if screenshot (${kind}): ${shot}\n`);

      // A value the hub refuses: its message beside the value field; the comparison shown stays.
      const bad = await ask([{ name: 'dibao-standard', value: -1 }]);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters[0].value' });
      await compare('-1');
      await page.locator('#what-if-value-error:not([hidden])').waitFor();
      expect(await page.locator('#what-if-value-error').innerText()).toBe(bad.errors![0].message);
      expect(await page.locator('#what-if-name-error').isHidden()).toBe(true);
      expect(new URL(page.url()).searchParams.get('whatIf')).toBe(`dibao-standard:${WHAT_IF[0].value}`);

      // A value without a pass: its status and note, the figures in force, and the button that runs it (not clicked here).
      const missing = (await ask([{ name: 'dibao-standard', value: NOT_RUN }])).data.districtStats as Array<Record<string, any>>;
      expect(missing[1].whatIf.evaluation.status).toBe('NOT_EVALUATED');
      await compare(String(NOT_RUN));
      await answered(NOT_RUN);
      await expectFigures(missing[1]);
      expect(await page.locator('#what-if-note').innerText()).toBe(missing[1].whatIf.evaluation.note);
      expect(await page.locator('#what-if-run').isEnabled()).toBe(true);
      expect(await page.locator('#what-if-value-error').isHidden()).toBe(true);
      expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: path.join(tmpdir(), `hub-dashboard-${kind}-what-if-failure.png`), fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 120_000);
});
