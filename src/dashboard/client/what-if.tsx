// The what-if panel (docs/coverage.md, "What-if"): the figures in force beside those of the what-if
// pass of one parameter value. A pass takes minutes, so the hub never computes one inside a request:
// the panel reads passes that ran, can ask the hub to start one, and then asks again until it ends.
import { gql, HubError, params, state, text, type OverdueReviews, type RuleCoverage, type Stats } from './hub';
import { h } from './jsx';
import type { Text } from './text';

interface PolicyParameter { name: string; title: string; unit: string; value: number }
interface Evaluation { asOf: string; status: string; startedAt: string | null; evaluatedAt: string | null; note: string }
interface WhatIfArea {
  districtCode: string; eligibility: RuleCoverage[] | null; reviewsOverdue: OverdueReviews | null;
  whatIf: {
    parameters: Array<{ parameter: string; value: number; valueInForce: number | null }>;
    eligibility: RuleCoverage[] | null; reviewsOverdue: OverdueReviews | null; evaluation: Evaluation;
  };
}
/** One what-if: a parameter and its value (as typed), on a date. */
interface Scenario { asOf: string; name: string; value: string }

const PARAMETERS = `query DashboardParameters($asOf: LocalDate) { policyParameters(asOf: $asOf) { name title unit value } }`;
const EVALUATION = 'asOf status startedAt evaluatedAt note';
const COMPARE = `query DashboardWhatIf($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) { districtStats(asOf: $asOf, parameters: $parameters) {
  districtCode eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible } reviewsOverdue { households tekunPersons }
  whatIf { parameters { parameter value valueInForce } eligibility { ruleId program eligibleNotEnrolled enrolledNotEligible }
    reviewsOverdue { households tekunPersons } evaluation { ${EVALUATION} } } } }`;
const REQUEST = `mutation DashboardRequestEvaluation($asOf: LocalDate, $parameters: [ParameterOverrideInput!]) {
  requestEvaluation(asOf: $asOf, parameters: $parameters) { ${EVALUATION} } }`;
const POLL_MS = 5000;

const shared = /^([^:]+):(.+)$/.exec(params.get('whatIf') ?? '');
const panel = {
  parameters: [] as PolicyParameter[],
  name: shared?.[1] ?? 'dibao-standard',
  value: shared?.[2] ?? '',
  /** The comparison to ask again when the page reloads its figures: the shared one, then the last one answered. */
  last: (shared ? { asOf: state.asOf, name: shared[1], value: shared[2] } : null) as Scenario | null,
  shown: null as { scenario: Scenario; areas: WhatIfArea[] } | null,
  asking: false,
  fieldError: null as { field: 'name' | 'value'; message: string } | null,
  error: '',
  runError: '',
  /** Counts the comparisons asked: only the newest one's answer is shown. */
  asks: 0,
  /** Bumped whenever the inputs change: a poll of an older generation stops. */
  generation: 0,
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  host: undefined as HTMLElement | undefined,
  area: undefined as Stats | undefined,
};

const fmt = (n: number) => n.toLocaleString('en-US');
const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : fmt(n));
const statusOf = (areas: WhatIfArea[]) => areas[0]?.whatIf.evaluation.status;
/** A number when the text is one; otherwise the text itself, for the hub to say what is wrong with it. */
const asValue = (typed: string): number | string => (typed.trim() !== '' && Number.isFinite(Number(typed)) ? Number(typed) : typed);
const overridesOf = (s: Scenario) => [{ name: s.name, value: asValue(s.value) }];

export function stopWhatIfPolling(): void {
  panel.generation += 1;
  clearTimeout(panel.timer);
  panel.timer = undefined;
}

/** After the page loaded its figures (a token or a date given): the parameters of the date, and the last comparison again. */
export async function refreshWhatIf(): Promise<void> {
  stopWhatIfPolling();
  const asOf = state.asOf;
  try {
    panel.parameters = (await gql<{ policyParameters: PolicyParameter[] }>(PARAMETERS, { asOf })).policyParameters;
    panel.error = '';
  } catch (err) {
    panel.parameters = [];
    panel.error = (err as Error).message;
  }
  if (asOf !== state.asOf) return;
  if (!panel.parameters.some((p) => p.name === panel.name)) panel.name = panel.parameters[0]?.name ?? '';
  if (panel.last) {
    Object.assign(panel, { name: panel.last.name, value: panel.last.value });
    await compare({ ...panel.last, asOf });
  } else {
    renderPanel();
  }
}

async function compare(scenario: Scenario): Promise<void> {
  stopWhatIfPolling();
  const ask = ++panel.asks;
  const generation = panel.generation;
  Object.assign(panel, { asking: true, fieldError: null, error: '', runError: '' });
  renderPanel();
  try {
    const areas = (await gql<{ districtStats: WhatIfArea[] }>(COMPARE, { asOf: scenario.asOf, parameters: overridesOf(scenario) })).districtStats;
    if (ask !== panel.asks) return;
    const answered = { ...scenario, value: String(asValue(scenario.value)) };
    panel.shown = { scenario: answered, areas };
    panel.last = answered;
    keepInUrl(answered);
    if (statusOf(areas) === 'RUNNING') poll(generation);
  } catch (err) {
    if (ask !== panel.asks) return;
    // A wrong name or value is told beside its field; the hub names it in extensions.field.
    if (err instanceof HubError && err.code === 'BAD_USER_INPUT') {
      panel.fieldError = { field: /\.name$/.test(err.field ?? '') ? 'name' : 'value', message: err.hubMessage };
    } else {
      panel.error = (err as Error).message;
    }
  }
  panel.asking = false;
  renderPanel();
}

/** The last comparison goes into the address, so that it can be shared. */
function keepInUrl(scenario: Scenario): void {
  const url = new URL(location.href);
  url.searchParams.set('asOf', scenario.asOf);
  url.searchParams.set('whatIf', `${scenario.name}:${scenario.value}`);
  history.replaceState(history.state, '', url);
}

function poll(generation: number): void {
  clearTimeout(panel.timer);
  panel.timer = setTimeout(() => void askAgain(generation), POLL_MS);
}

async function askAgain(generation: number): Promise<void> {
  const shown = panel.shown;
  if (!shown || generation !== panel.generation) return;
  try {
    const areas = (await gql<{ districtStats: WhatIfArea[] }>(COMPARE, { asOf: shown.scenario.asOf, parameters: overridesOf(shown.scenario) })).districtStats;
    if (generation !== panel.generation) return;
    panel.shown = { scenario: shown.scenario, areas };
    if (statusOf(areas) === 'RUNNING') poll(generation);
  } catch (err) {
    if (generation !== panel.generation) return;
    panel.error = (err as Error).message;
  }
  renderPanel();
}

/** Asks the hub to start the pass shown as missing; admins and analysts may, others are told why not. */
async function runShown(): Promise<void> {
  const shown = panel.shown;
  if (!shown) return;
  const generation = panel.generation;
  panel.runError = '';
  try {
    const evaluation = (await gql<{ requestEvaluation: Evaluation }>(REQUEST, { asOf: shown.scenario.asOf, parameters: overridesOf(shown.scenario) })).requestEvaluation;
    for (const area of shown.areas) area.whatIf.evaluation = evaluation;
    poll(generation);
  } catch (err) {
    panel.runError = (err as Error).message;
    // One pass at a time: the running one may be of these values, and asking again tells.
    if (err instanceof HubError && err.code === 'EVALUATION_RUNNING') poll(generation);
  }
  renderPanel();
}

/** The panel for the area the page has selected; it redraws itself in place as answers come. */
export function whatIfPanel(area: Stats): HTMLElement {
  panel.area = area;
  panel.host = <section id="what-if" /> as HTMLElement;
  fill(panel.host);
  return panel.host;
}

function renderPanel(): void {
  if (panel.host?.isConnected) fill(panel.host);
}

function fill(host: HTMLElement): void {
  const t = text();
  const inForceOf = (name: string) => {
    const p = panel.parameters.find((q) => q.name === name);
    return p ? t.inForceValue(`${fmt(p.value)} ${p.unit}`) : '';
  };
  const inForce = <span id="what-if-in-force" className="small">{inForceOf(panel.name)}</span>;
  const nameError = <span id="what-if-name-error" className="error" hidden={panel.fieldError?.field !== 'name'}>{panel.fieldError?.message}</span>;
  const valueError = <span id="what-if-value-error" className="error" hidden={panel.fieldError?.field !== 'value'}>{panel.fieldError?.message}</span>;
  const changed = () => {
    stopWhatIfPolling();
    panel.fieldError = null;
    nameError.hidden = valueError.hidden = true;
  };
  const select = (
    <select id="what-if-name" aria-label={t.parameter}>
      {panel.parameters.map((p) => <option value={p.name} title={p.title} selected={p.name === panel.name}>{p.name} ({fmt(p.value)})</option>)}
    </select>
  ) as HTMLSelectElement;
  select.addEventListener('change', () => {
    panel.name = select.value;
    inForce.textContent = inForceOf(panel.name);
    changed();
  });
  const value = <input id="what-if-value" type="text" inputmode="decimal" autocomplete="off" value={panel.value} aria-label={t.whatIfValue} /> as HTMLInputElement;
  const ask = () => void compare({ asOf: state.asOf, name: panel.name, value: panel.value });
  value.addEventListener('input', () => {
    panel.value = value.value;
    changed();
  });
  value.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && ask());
  host.dataset.state = panel.asking ? 'asking' : 'idle';
  host.dataset.scenario = panel.shown ? `${panel.shown.scenario.name}:${panel.shown.scenario.value}` : '';
  host.replaceChildren(
    <h2>{t.whatIf} · {panel.area?.districtName}</h2>,
    <div className="what-if-form">
      <label>{t.parameter} {select}</label>{inForce}{nameError}
      <label>{t.whatIfValue} {value}</label>{valueError}
      <button id="what-if-compare" type="button" onClick={ask}>{t.compare}</button>
    </div>,
    <p id="what-if-error" className="error" hidden={!panel.error}>{panel.error}</p>,
    comparison(t) ?? '',
  );
}

function comparison(t: Text): HTMLElement | null {
  const area = panel.shown?.areas.find((a) => a.districtCode === panel.area?.districtCode);
  if (!area) return null;
  const { whatIf } = area;
  const e = whatIf.evaluation;
  const ruleIds = [...new Set([...(area.eligibility ?? []), ...(whatIf.eligibility ?? [])].map((r) => r.ruleId))];
  const of = (list: RuleCoverage[] | null, ruleId: string) => list?.find((r) => r.ruleId === ruleId);
  const overdue = (key: keyof OverdueReviews) => triple(area.reviewsOverdue?.[key], whatIf.reviewsOverdue?.[key], t);
  return (
    <div id="what-if-result">
      <p id="what-if-scenario">{whatIf.parameters.map((p) => t.scenario(p.parameter, fmt(p.value), p.valueInForce == null ? t.none : fmt(p.valueInForce))).join('; ')}</p>
      <p id="what-if-status" data-status={e.status}>{t.passStatus(e.status)}</p>
      {e.status !== 'DONE' && (
        <div className="what-if-pass">
          <p id="what-if-note" className="small">{e.note}</p>
          {e.status === 'RUNNING' && <p className="small">{t.polling}</p>}
          <button id="what-if-run" type="button" onClick={() => void runShown()} disabled={e.status === 'RUNNING'}>{t.run}</button>
          <span id="what-if-run-error" className="error" hidden={!panel.runError}>{panel.runError}</span>
        </div>
      )}
      <table id="what-if-rules"><thead>
        <tr><th rowspan="2">{t.rule}</th><th colspan="3">{t.gap}</th><th colspan="3">{t.lapsed}</th></tr>
        <tr>{[t.gap, t.lapsed].map((group) => [<th title={group}>{t.inForce}</th>, <th title={group}>{t.whatIfCol}</th>, <th title={group}>{t.difference}</th>])}</tr></thead>
        <tbody>{ruleIds.map((ruleId) => (
          <tr data-rule={ruleId}><th>{ruleId}</th>
            {triple(of(area.eligibility, ruleId)?.eligibleNotEnrolled, of(whatIf.eligibility, ruleId)?.eligibleNotEnrolled, t, 'gap.')}
            {triple(of(area.eligibility, ruleId)?.enrolledNotEligible, of(whatIf.eligibility, ruleId)?.enrolledNotEligible, t, 'lapsed.')}</tr>))}
        </tbody></table>
      <table id="what-if-overdue"><thead><tr><th>{t.overdue}</th><th>{t.inForce}</th><th>{t.whatIfCol}</th><th>{t.difference}</th></tr></thead><tbody>
        <tr data-row="households"><th>{t.households}</th>{overdue('households')}</tr>
        <tr data-row="tekunPersons"><th>{t.tekun}</th>{overdue('tekunPersons')}</tr></tbody></table>
    </div>
  );
}

/** In force, what-if and what-if minus in force; a figure the hub has not got shows as a dash. */
function triple(inForce: number | null | undefined, whatIf: number | null | undefined, t: Text, prefix = ''): HTMLElement[] {
  const difference = inForce != null && whatIf != null ? whatIf - inForce : null;
  const cell = (n: number | null | undefined, key: string, show: (n: number) => string) => (
    <td className="num" data-figure={prefix + key} data-value={n ?? ''}>{n == null ? t.none : show(n)}</td>
  );
  return [cell(inForce, 'inForce', fmt), cell(whatIf, 'whatIf', fmt), cell(difference, 'difference', signed)];
}
