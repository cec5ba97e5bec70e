// The coverage dashboard (/dashboard): plain DOM through a tiny JSX factory, ECharts for the chart.
// It talks only to the public GraphQL API, with the token the user pastes (kept in sessionStorage).
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import './dashboard.css';
import { bearer, gql, state, text, TOKEN_KEY, type GapPage, type RuleCoverage, type Stats } from './hub';
import { h } from './jsx';
import { FINDINGS } from './text';
import { refreshWhatIf, stopWhatIfPolling, whatIfPanel } from './what-if';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const STATS = `query DashboardStats($asOf: LocalDate) { districtStats(asOf: $asOf) {
  districtCode districtName persons households livingAwayIn livingAwayOut
  eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible } findings { code findings persons }
  reviewsOverdue { households tekunPersons } push { open acknowledged acted medianSecondsToAct windowDays }
  evaluation { asOf status evaluatedAt dataFreshness { department lastReceivedAt } } } }`;
const GAP_LIST = `query DashboardGapList($filter: PersonFilter, $after: String) { persons(filter: $filter, first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { idNumber name registeredDistrict residenceDistrict } } } }`;

let t = text();
let chart: echarts.ECharts | undefined;

async function loadStats(): Promise<void> {
  state.error = state.token ? '' : { key: 'needToken' };
  state.gap = null;
  stopWhatIfPolling();
  if (state.token) {
    try {
      state.stats = (await gql<{ districtStats: Stats[] }>(STATS, { asOf: state.asOf })).districtStats;
      if (!state.stats.some((s) => s.districtCode === state.area)) state.area = state.stats[0]?.districtCode ?? '';
    } catch (err) {
      state.error = (err as Error).message;
      state.stats = [];
    }
  }
  render();
  if (state.stats.length) await refreshWhatIf();
}

async function loadGap(after: string | null): Promise<void> {
  const filter: Record<string, unknown> = { ...listFilter(), asOf: state.asOf };
  if (state.area !== 'CITY') filter.district = state.area;
  try {
    const page = (await gql<{ persons: GapPage }>(GAP_LIST, { filter, after })).persons;
    state.gap = after && state.gap ? { ...page, edges: [...state.gap.edges, ...page.edges] } : page;
    state.error = '';
  } catch (err) {
    state.gap = null;
    state.error = (err as Error).message;
  }
  render();
}

/** The persons filter of the open list: the rule's gap, or those enrolled and no longer eligible under it. */
function listFilter(): Record<string, string | boolean> {
  return state.list === 'gap' ? { eligibleFor: state.rule, notEnrolled: true } : { enrolledNotEligibleFor: state.rule };
}

function exportUrl(): string {
  const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(listFilter()).map(([k, v]) => [k, String(v)])), asOf: state.asOf });
  if (state.area !== 'CITY') q.set('district', state.area);
  return `/export/persons.csv?${q}`;
}

/** The export needs the Authorization header, so it is fetched here and handed to the browser as a file. */
async function download(event: Event): Promise<void> {
  event.preventDefault();
  const url = exportUrl();
  const res = await fetch(url, { headers: { authorization: bearer() } });
  if (!res.ok) {
    state.error = `HTTP ${res.status}: ${url}`;
    render();
    return;
  }
  const link = h('a', { href: URL.createObjectURL(await res.blob()), download: `${state.list}-${state.area}-${state.rule}-${state.asOf}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

const num = (n: number | null | undefined, key: string) => <td className="num" data-figure={key}>{n == null ? t.none : n.toLocaleString('en-US')}</td>;
const sum = (list: RuleCoverage[] | null, key: 'eligibleNotEnrolled' | 'enrolledNotEligible') => (list ? list.reduce((n, r) => n + r[key], 0) : null);

function header(): HTMLElement {
  const token = <input id="token" type="password" autocomplete="off" value={state.token} aria-label={t.token} /> as HTMLInputElement;
  const asOf = <input id="as-of" type="date" value={state.asOf} aria-label={t.asOf} /> as HTMLInputElement;
  const apply = () => {
    state.token = token.value.trim();
    state.asOf = asOf.value || state.asOf;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    void loadStats();
  };
  const toggle = () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    sessionStorage.setItem('hub-dashboard-lang', state.lang);
    render();
  };
  return (
    <header>
      <h1>{t.title}</h1>
      <label>{t.token} {token}</label>
      <label>{t.asOf} {asOf}</label>
      <button id="load" type="button" onClick={apply}>{t.load}</button>
      <button id="lang-toggle" type="button" onClick={toggle}>{t.other}</button>
    </header>
  );
}

function summary(s: Stats): HTMLElement {
  const e = s.evaluation;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : t.unknown);
  const median = s.push.medianSecondsToAct;
  return (
    <section>
      <p id="freshness">{e.evaluatedAt ? t.asOfLine(e.asOf, when(e.evaluatedAt)) : t.notEvaluated(e.asOf, e.status)}</p>
      <p className="small">{t.received}: {e.dataFreshness.map((f) => `${f.department} ${when(f.lastReceivedAt)}`).join(' · ') || t.none}</p>
      <div className="cards">
        <div className="card"><h3>{t.overdue}</h3><table><tbody>
          <tr><th>{t.households}</th>{num(s.reviewsOverdue?.households, 'overdue.households')}</tr>
          <tr><th>{t.tekun}</th>{num(s.reviewsOverdue?.tekunPersons, 'overdue.tekun')}</tr></tbody></table></div>
        <div className="card"><h3>{t.away}</h3><table><tbody>
          <tr><th>{t.awayIn}</th>{num(s.livingAwayIn, 'away.in')}</tr>
          <tr><th>{t.awayOut}</th>{num(s.livingAwayOut, 'away.out')}</tr></tbody></table></div>
        <div className="card"><h3>{t.push}</h3><table><tbody>
          <tr><th>{t.open}</th>{num(s.push.open, 'push.open')}</tr>
          <tr><th>{t.toAct}</th><td className="num" data-figure="push.median" data-value={median ?? ''}>
            {median == null ? t.none : `${(median / 3600).toFixed(1)} ${t.hours}`}</td></tr></tbody></table></div>
      </div>
      <h2>{t.findings} · {s.districtName}</h2>
      <table id="findings"><thead><tr><th>{t.code}</th><th>{t.count}</th><th>{t.persons}</th></tr></thead><tbody>
        {(s.findings ?? []).map((f) => <tr><th title={f.code}>{FINDINGS[f.code]?.[state.lang === 'zh' ? 0 : 1] ?? f.code}</th>
          {num(f.findings, `findings.${f.code}.findings`)}{num(f.persons, `findings.${f.code}.persons`)}</tr>)}
      </tbody></table>
    </section>
  );
}

function districtTable(): HTMLElement {
  const pick = (code: string) => () => { state.area = code; state.rule = ''; state.gap = null; render(); };
  return (
    <section>
      <h2>{t.districts}</h2>
      <table id="districts"><thead><tr><th>{t.district}</th><th>{t.persons}</th><th>{t.householdsCol}</th><th>{t.gap}</th><th>{t.lapsed}</th></tr></thead>
        <tbody>{state.stats.map((s) => (
          <tr data-district={s.districtCode} className={s.districtCode === state.area ? 'selected' : ''}>
            <th><button type="button" className="link" onClick={pick(s.districtCode)}>{s.districtName}</button></th>
            {num(s.persons, 'persons')}{num(s.households, 'households')}
            {num(sum(s.eligibility, 'eligibleNotEnrolled'), 'gap')}{num(sum(s.eligibility, 'enrolledNotEligible'), 'lapsed')}
          </tr>))}</tbody></table>
    </section>
  );
}

function ruleTable(s: Stats): HTMLElement {
  const open = (ruleId: string, list: 'gap' | 'lapsed') => () => { state.rule = ruleId; state.list = list; void loadGap(null); };
  return (
    <section>
      <h2>{t.rules} · {s.districtName}</h2>
      <table id="rules"><thead><tr><th>{t.rule}</th><th>{t.gap}</th><th>{t.lapsed}</th><th></th></tr></thead>
        <tbody>{(s.eligibility ?? []).map((r) => (
          <tr data-rule={r.ruleId} className={r.ruleId === state.rule ? 'selected' : ''}><th>{r.ruleId}</th>
            {num(r.eligibleNotEnrolled, 'gap')}{num(r.enrolledNotEligible, 'lapsed')}
            <td><button type="button" className="drill" onClick={open(r.ruleId, 'gap')} disabled={r.eligibleNotEnrolled === 0} title={t.gapList}>{t.list}</button>{' '}
              <button type="button" className="drill-lapsed" onClick={open(r.ruleId, 'lapsed')} disabled={r.enrolledNotEligible === 0} title={t.lapsedList}>{t.reviewList}</button></td></tr>))}
        </tbody></table>
      {state.gap && (
        <div id="gap-list">
          <h3>{state.list === 'gap' ? t.gapList : t.lapsedList} · {state.rule} · <span id="gap-total">{t.total(state.gap.totalCount)}</span>{' '}
            <a id="export" href={exportUrl()} onClick={(e: Event) => void download(e)}>{t.export}</a></h3>
          <table><thead><tr><th>{t.idNumber}</th><th>{t.name}</th><th>{t.registered}</th><th>{t.residence}</th></tr></thead>
            <tbody>{state.gap.edges.map(({ node }) => <tr><td>{node.idNumber}</td><td>{node.name}</td><td>{node.registeredDistrict}</td><td>{node.residenceDistrict ?? t.none}</td></tr>)}</tbody></table>
          {state.gap.pageInfo.hasNextPage && <button type="button" onClick={() => void loadGap(state.gap!.pageInfo.endCursor)}>{t.more}</button>}
        </div>
      )}
    </section>
  );
}

function drawChart(host: HTMLElement): void {
  chart?.dispose();
  const districts = state.stats.filter((s) => s.districtCode !== 'CITY');
  const rules = districts[0]?.eligibility?.map((r) => r.ruleId) ?? [];
  if (!rules.length) return;
  chart = echarts.init(host, undefined, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { top: 40, left: 50, right: 20, bottom: 60 },
    xAxis: { type: 'category', data: districts.map((s) => s.districtName), axisLabel: { rotate: districts.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: rules.map((ruleId) => ({
      name: ruleId, type: 'bar', stack: 'gap',
      data: districts.map((s) => s.eligibility?.find((r) => r.ruleId === ruleId)?.eligibleNotEnrolled ?? 0),
    })),
  });
}

function render(): void {
  t = text();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t.title;
  const selected = state.stats.find((s) => s.districtCode === state.area);
  const chartHost = <div id="gap-chart" /> as HTMLElement;
  const app = document.getElementById('app')!;
  app.replaceChildren(
    header(),
    <p id="error" className="error" hidden={!state.error}>{typeof state.error === 'string' ? state.error : t[state.error.key]}</p>,
    ...(selected ? [summary(selected), <section><h2>{t.gapChart}</h2>{chartHost}</section>, districtTable(), ruleTable(selected), whatIfPanel(selected)] : []),
  );
  if (selected) drawChart(chartHost);
}

window.addEventListener('resize', () => chart?.resize());
render();
void loadStats();
