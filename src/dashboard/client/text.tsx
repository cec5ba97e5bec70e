// The page's words in its two languages, and the names of the finding codes.
// A .tsx file although it holds no JSX: the server's tsconfig takes every src/**/*.ts, without the DOM.

const STATUS_ZH: Record<string, string> = { DONE: '已完成', RUNNING: '运行中', FAILED: '未完成（失败）', NOT_EVALUATED: '尚未运行' };
const STATUS_EN: Record<string, string> = { DONE: 'done', RUNNING: 'running', FAILED: 'failed', NOT_EVALUATED: 'not run yet' };

export const TEXT = {
  zh: {
    title: '社会救助覆盖看板', other: 'English', token: '访问令牌', save: '保存', asOf: '统计日期', load: '刷新',
    asOfLine: (a: string, e: string) => `数据截至 ${a}，评估于 ${e}`, notEvaluated: (a: string, s: string) => `${a} 尚无完成的评估（${s}）`,
    received: '各部门数据最近接收', unknown: '未知', gapChart: '覆盖缺口（应保未保）按区', overdue: '逾期复核',
    households: '户', tekun: '特困人员', away: '人户分离', awayIn: '居住在此、户籍在外', awayOut: '户籍在此、居住在外',
    push: '预警推送', open: '未处理', toAct: '处理时间中位数', hours: '小时', none: '—', findings: '比对发现（按类型）',
    code: '类型', count: '条数', persons: '人数', districts: '各区情况', district: '区', householdsCol: '户数',
    gap: '应保未保', lapsed: '已享受但不再符合', rules: '按规则', rule: '规则', list: '名单', gapList: '应保未保名单', lapsedList: '已享受但不再符合名单', reviewList: '复核名单',
    idNumber: '身份证号', name: '姓名', registered: '户籍地', residence: '居住地', more: '更多', export: '导出 CSV',
    total: (n: number) => `共 ${n} 人`,
    needToken: '请先粘贴访问令牌。', loading: '加载中…',
    whatIf: '假设测算', parameter: '政策参数', inForceValue: (v: string) => `现行值 ${v}`, whatIfValue: '假设值', compare: '比较',
    inForce: '现行', whatIfCol: '假设', difference: '差额', scenario: (p: string, v: string, f: string) => `${p} = ${v}（现行 ${f}）`,
    passStatus: (s: string) => `假设测算：${STATUS_ZH[s] ?? s}`, run: '运行此假设测算', polling: '每 5 秒查询一次，直到完成。',
  },
  en: {
    title: 'Social assistance coverage', other: '中文', token: 'Access token', save: 'Save', asOf: 'As of', load: 'Refresh',
    asOfLine: (a: string, e: string) => `Figures as of ${a}, evaluated at ${e}`, notEvaluated: (a: string, s: string) => `No completed evaluation for ${a} (${s})`,
    received: 'Data last received per department', unknown: 'unknown', gapChart: 'Coverage gap (eligible, not enrolled) per district', overdue: 'Reviews overdue',
    households: 'households', tekun: 'tekun persons', away: 'Living away', awayIn: 'living here, registered elsewhere', awayOut: 'registered here, living elsewhere',
    push: 'Push notifications', open: 'open', toAct: 'median time to act', hours: 'h', none: '—', findings: 'Findings by code',
    code: 'Code', count: 'Findings', persons: 'Persons', districts: 'Districts', district: 'District', householdsCol: 'Households',
    gap: 'Eligible, not enrolled', lapsed: 'Enrolled, no longer eligible', rules: 'Per rule', rule: 'Rule', list: 'List', gapList: 'Gap list', lapsedList: 'Enrolled, no longer eligible', reviewList: 'Review list',
    idNumber: 'ID number', name: 'Name', registered: 'Registered', residence: 'Lives in', more: 'More', export: 'Export CSV',
    total: (n: number) => `${n} persons`,
    needToken: 'Paste an access token first.', loading: 'Loading…',
    whatIf: 'What-if', parameter: 'Policy parameter', inForceValue: (v: string) => `in force: ${v}`, whatIfValue: 'What-if value', compare: 'Compare',
    inForce: 'in force', whatIfCol: 'what-if', difference: 'difference', scenario: (p: string, v: string, f: string) => `${p} = ${v} (in force: ${f})`,
    passStatus: (s: string) => `What-if pass: ${STATUS_EN[s] ?? s}`, run: 'Run this what-if', polling: 'Asking again every 5 s until it completes.',
  },
};
export type Lang = keyof typeof TEXT;
export type Text = (typeof TEXT)[Lang];

export const FINDINGS: Record<string, [string, string]> = {
  TEMPORARY_ASSISTANCE_WHILE_INSURED: ['参保期间领取临时救助', 'Temporary assistance while insured'],
  TEMPORARY_ASSISTANCE_NOT_REGISTERED: ['领取临时救助但未登记失业', 'Temporary assistance, not registered unemployed'],
  DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED: ['低保成员未登记失业', 'Dibao member not registered unemployed'],
  DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT: ['低保成员领取失业金', 'Dibao member drawing unemployment benefit'],
  NAME_MISMATCH: ['姓名不一致', 'Name mismatch'],
};
