// The coverage dashboard (/dashboard): plain DOM through a tiny JSX factory, ECharts for the chart.
// It talks only to the public GraphQL API, with the token the user pastes (kept in sessionStorage).
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import './dashboard.css';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Child = Node | string | number | null | undefined | false | Child[];
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = HTMLElement;
    interface IntrinsicElements { [tag: string]: Record<string, unknown> }
  }
}
function h(tag: string, props: Record<string, unknown> | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  const add = (c: Child): void => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  };
  add(children);
  return el;
}

const TEXT = {
  zh: {
    title: '社会救助覆盖看板', other: 'English', token: '访问令牌', save: '保存', asOf: '统计日期', load: '刷新',
    asOfLine: (a: string, e: string) => `数据截至 ${a}，评估于 ${e}`, notEvaluated: (a: string, s: string) => `${a} 尚无完成的评估（${s}）`,
    received: '各部门数据最近接收', unknown: '未知', gapChart: '覆盖缺口（应保未保）按区', overdue: '逾期复核',
    households: '户', tekun: '特困人员', away: '人户分离', awayIn: '居住在此、户籍在外', awayOut: '户籍在此、居住在外',
    push: '预警推送', open: '未处理', toAct: '处理时间中位数', hours: '小时', none: '—', findings: '比对发现（按类型）',
    code: '类型', count: '条数', persons: '人数', districts: '各区情况', district: '区', householdsCol: '户数',
    gap: '应保未保', lapsed: '已享受但不再符合', rules: '按规则', rule: '规则', list: '名单', gapList: '应保未保名单',
    idNumber: '身份证号', name: '姓名', registered: '户籍地', residence: '居住地', more: '更多', export: '导出 CSV',
    total: (n: number) => `共 ${n} 人`, noList: '本服务暂不支持名单查询（persons 的 eligibleFor / notEnrolled 筛选）；仅显示统计。',
    needToken: '请先粘贴访问令牌。', loading: '加载中…',
  },
  en: {
    title: 'Social assistance coverage', other: '中文', token: 'Access token', save: 'Save', asOf: 'As of', load: 'Refresh',
    asOfLine: (a: string, e: string) => `Figures as of ${a}, evaluated at ${e}`, notEvaluated: (a: string, s: string) => `No completed evaluation for ${a} (${s})`,
    received: 'Data last received per department', unknown: 'unknown', gapChart: 'Coverage gap (eligible, not enrolled) per district', overdue: 'Reviews overdue',
    households: 'households', tekun: 'tekun persons', away: 'Living away', awayIn: 'living here, registered elsewhere', awayOut: 'registered here, living elsewhere',
    push: 'Push notifications', open: 'open', toAct: 'median time to act', hours: 'h', none: '—', findings: 'Findings by code',
    code: 'Code', count: 'Findings', persons: 'Persons', districts: 'Districts', district: 'District', householdsCol: 'Households',
    gap: 'Eligible, not enrolled', lapsed: 'Enrolled, no longer eligible', rules: 'Per rule', rule: 'Rule', list: 'List', gapList: 'Gap list',
    idNumber: 'ID number', name: 'Name', registered: 'Registered', residence: 'Lives in', more: 'More', export: 'Export CSV',
    total: (n: number) => `${n} persons`, noList: 'This hub cannot list the gap yet (persons filter eligibleFor / notEnrolled); figures only.',
    needToken: 'Paste an access token first.', loading: 'Loading…',
  },
};
type Lang = keyof typeof TEXT;
const FINDINGS: Record<string, [string, string]> = {
  TEMPORARY_ASSISTANCE_WHILE_INSURED: ['参保期间领取临时救助', 'Temporary assistance while insured'],
  TEMPORARY_ASSISTANCE_NOT_REGISTERED: ['领取临时救助但未登记失业', 'Temporary assistance, not registered unemployed'],
  DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED: ['低保成员未登记失业', 'Dibao member not registered unemployed'],
  DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT: ['低保成员领取失业金', 'Dibao member drawing unemployment benefit'],
  NAME_MISMATCH: ['姓名不一致', 'Name mismatch'],
};

interface RuleCoverage { ruleId: string; program: string; eligibleNotEnrolled: number; enrolledNotEligible: number }
interface Stats {
  districtCode: string; districtName: string; persons: number; households: number; livingAwayIn: number; livingAwayOut: number;
  eligibility: RuleCoverage[] | null; findings: Array<{ code: string; findings: number; persons: number }> | null;
  reviewsOverdue: { households: number; tekunPersons: number } | null;
  push: { open: number; acknowledged: number; acted: number; medianSecondsToAct: number | null; windowDays: number };
  evaluation: { asOf: string; status: string; evaluatedAt: string | null; dataFreshness: Array<{ department: string; lastReceivedAt: string | null }> };
}
interface GapPage { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Record<string, string | null> }> }

const STATS = `query DashboardStats($asOf: LocalDate) { districtStats(asOf: $asOf) {
  districtCode districtName persons households livingAwayIn livingAwayOut
  eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible } findings { code findings persons }
  reviewsOverdue { households tekunPersons } push { open acknowledged acted medianSecondsToAct windowDays }
  evaluation { asOf status evaluatedAt dataFreshness { department lastReceivedAt } } } }`;
const GAP_LIST = `query DashboardGapList($filter: PersonFilter, $after: String) { persons(filter: $filter, first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { idNumber name registeredDistrict residenceDistrict } } } }`;

const config = JSON.parse(document.getElementById('hub-dashboard-config')?.textContent || '{}') as { endpoint?: string; token?: string };
const TOKEN_KEY = 'hub-dashboard-token';
const params = new URLSearchParams(location.search);
const state = {
  lang: (sessionStorage.getItem('hub-dashboard-lang') ?? params.get('lang') ?? 'zh') === 'en' ? 'en' : ('zh' as Lang),
  token: sessionStorage.getItem(TOKEN_KEY) ?? config.token ?? '',
  asOf: params.get('asOf') ?? new Date().toISOString().slice(0, 10),
  stats: [] as Stats[],
  area: '',
  rule: '',
  gap: null as GapPage | null,
  /** A message of the hub (as it sent it), or the key of one of ours (shown in the current language). */
  error: '' as string | { key: 'noList' | 'needToken' },
};
let t = TEXT[state.lang];
let chart: echarts.ECharts | undefined;

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const bearer = /^bearer /i.test(state.token) ? state.token : `Bearer ${state.token}`;
  const res = await fetch(config.endpoint ?? '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer, 'accept-language': state.lang === 'zh' ? 'zh-CN' : 'en' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw Object.assign(new Error(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`), { code: e.extensions?.code });
  }
  if (!body.data) throw new Error(`HTTP ${res.status}`);
  return body.data;
}

async function loadStats(): Promise<void> {
  state.error = state.token ? '' : { key: 'needToken' };
  state.gap = null;
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
}

async function loadGap(after: string | null): Promise<void> {
  const filter: Record<string, unknown> = { eligibleFor: state.rule, notEnrolled: true, asOf: state.asOf };
  if (state.area !== 'CITY') filter.district = state.area;
  try {
    const page = (await gql<{ persons: GapPage }>(GAP_LIST, { filter, after })).persons;
    state.gap = after && state.gap ? { ...page, edges: [...state.gap.edges, ...page.edges] } : page;
    state.error = '';
  } catch (err) {
    // A hub without the gap filter refuses the unknown input field: say so, and keep the figures.
    const unknownField = /"(eligibleFor|notEnrolled)" is not defined/.test((err as Error).message);
    state.gap = null;
    state.error = unknownField ? { key: 'noList' } : (err as Error).message;
  }
  render();
}

function exportUrl(): string {
  const q = new URLSearchParams({ eligibleFor: state.rule, notEnrolled: 'true', asOf: state.asOf });
  if (state.area !== 'CITY') q.set('district', state.area);
  return `/export/persons.csv?${q}`;
}

/** The export needs the Authorization header, so it is fetched here and handed to the browser as a file. */
async function download(event: Event): Promise<void> {
  event.preventDefault();
  const url = exportUrl();
  const res = await fetch(url, { headers: { authorization: /^bearer /i.test(state.token) ? state.token : `Bearer ${state.token}` } });
  if (!res.ok) {
    state.error = `HTTP ${res.status}: ${url}`;
    render();
    return;
  }
  const link = h('a', { href: URL.createObjectURL(await res.blob()), download: `gap-${state.area}-${state.rule}-${state.asOf}.csv` });
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
  const open = (ruleId: string) => () => { state.rule = ruleId; void loadGap(null); };
  return (
    <section>
      <h2>{t.rules} · {s.districtName}</h2>
      <table id="rules"><thead><tr><th>{t.rule}</th><th>{t.gap}</th><th>{t.lapsed}</th><th></th></tr></thead>
        <tbody>{(s.eligibility ?? []).map((r) => (
          <tr data-rule={r.ruleId} className={r.ruleId === state.rule ? 'selected' : ''}><th>{r.ruleId}</th>
            {num(r.eligibleNotEnrolled, 'gap')}{num(r.enrolledNotEligible, 'lapsed')}
            <td><button type="button" className="drill" onClick={open(r.ruleId)} disabled={r.eligibleNotEnrolled === 0}>{t.list}</button></td></tr>))}
        </tbody></table>
      {state.gap && (
        <div id="gap-list">
          <h3>{t.gapList} · {state.rule} · <span id="gap-total">{t.total(state.gap.totalCount)}</span>{' '}
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
  t = TEXT[state.lang];
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t.title;
  const selected = state.stats.find((s) => s.districtCode === state.area);
  const chartHost = <div id="gap-chart" /> as HTMLElement;
  const app = document.getElementById('app')!;
  app.replaceChildren(
    header(),
    <p id="error" className="error" hidden={!state.error}>{typeof state.error === 'string' ? state.error : t[state.error.key]}</p>,
    ...(selected ? [summary(selected), <section><h2>{t.gapChart}</h2>{chartHost}</section>, districtTable(), ruleTable(selected)] : []),
  );
  if (selected) drawChart(chartHost);
}

window.addEventListener('resize', () => chart?.resize());
render();
void loadStats();
