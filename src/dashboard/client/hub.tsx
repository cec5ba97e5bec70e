// The page's shared state and its only way to the hub: POST /graphql with the caller's token.
// A .tsx file although it holds no JSX: the server's tsconfig takes every src/**/*.ts, without the DOM.
import { TEXT, type Lang } from './text';

export interface RuleCoverage { ruleId: string; program: string; eligibleNotEnrolled: number; enrolledNotEligible: number }
export interface OverdueReviews { households: number; tekunPersons: number }
export interface Stats {
  districtCode: string; districtName: string; persons: number; households: number; livingAwayIn: number; livingAwayOut: number;
  eligibility: RuleCoverage[] | null; findings: Array<{ code: string; findings: number; persons: number }> | null;
  reviewsOverdue: OverdueReviews | null;
  push: { open: number; acknowledged: number; acted: number; medianSecondsToAct: number | null; windowDays: number };
  evaluation: { asOf: string; status: string; evaluatedAt: string | null; dataFreshness: Array<{ department: string; lastReceivedAt: string | null }> };
}
export interface GapPage { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Record<string, string | null> }> }

const config = JSON.parse(document.getElementById('hub-dashboard-config')?.textContent || '{}') as { endpoint?: string; token?: string };
export const TOKEN_KEY = 'hub-dashboard-token';
export const params = new URLSearchParams(location.search);
export const state = {
  lang: (sessionStorage.getItem('hub-dashboard-lang') ?? params.get('lang') ?? 'zh') === 'en' ? 'en' : ('zh' as Lang),
  token: sessionStorage.getItem(TOKEN_KEY) ?? config.token ?? '',
  asOf: params.get('asOf') ?? new Date().toISOString().slice(0, 10),
  stats: [] as Stats[],
  area: '',
  rule: '',
  /** Which list of the rule is open: the gap (eligible, not enrolled) or the lapsed (enrolled, no longer eligible). */
  list: 'gap' as 'gap' | 'lapsed',
  gap: null as GapPage | null,
  /** A message of the hub (as it sent it), or the key of one of ours (shown in the current language). */
  error: '' as string | { key: 'needToken' },
};

/** The words of the language the page is in now. */
export const text = () => TEXT[state.lang];

export const bearer = () => (/^bearer /i.test(state.token) ? state.token : `Bearer ${state.token}`);

/** An error the hub answered: `message` is "CODE: what the hub said", `hubMessage` what it said. */
export class HubError extends Error {
  constructor(
    readonly code: string | undefined,
    readonly hubMessage: string,
    /** The argument the hub names (extensions.field), e.g. `parameters[0].value`. */
    readonly field: string | undefined,
  ) {
    super(`${code ?? 'ERROR'}: ${hubMessage}`);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(config.endpoint ?? '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer(), 'accept-language': state.lang === 'zh' ? 'zh-CN' : 'en' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new HubError(e.extensions?.code, e.message, e.extensions?.field);
  }
  if (!body.data) throw new Error(`HTTP ${res.status}`);
  return body.data;
}
