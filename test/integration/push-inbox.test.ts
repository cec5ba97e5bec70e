import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';
import type { Caller } from '../../src/auth/caller';
import { hubToday } from '../../src/common/clock';

/*
 * Clause 4 through the real ingestion mutations: a change that makes a person living away from
 * registration eligible reaches both districts' inboxes once, nobody living at registration is
 * pushed, a batch sent twice notifies nobody twice, a failed transaction leaves nothing behind,
 * and each district acts on its own copy while seeing the other's.
 */

const HEPING: Caller = { sub: 'officer-heping', role: 'district', district: '120101' };
const BINHAI: Caller = { sub: 'officer-binhai', role: 'district', district: '120116' };
const HEXI: Caller = { sub: 'officer-hexi', role: 'district', district: '120103' };
const ANALYST: Caller = { sub: 'analyst', role: 'analyst' };
const HR: Caller = { sub: 'hr', role: 'department', dept: 'human-resources' };

const INBOX = `query($d: String!, $s: NotificationStatus, $first: Int, $after: String) {
  districtInbox(districtCode: $d, status: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id districtCode registeredDistrict residenceDistrict idNumber kind trigger ruleId program previousOutcome newOutcome amount asOf createdAt status
      person { idNumber name }
      decision(language: ZH) { ruleId outcome amount conditions { code outcome explanation withheld } }
      otherDistrict { districtCode status acknowledgedAt actedAt }
    } }
  } }`;
const ACK = `mutation($d: String!, $ids: [ID!]!) { acknowledgeNotifications(districtCode: $d, ids: $ids) }`;
const OUTCOME = `mutation($d: String!, $id: ID!, $o: NotificationOutcome!, $r: String) {
  recordNotificationOutcome(districtCode: $d, id: $id, outcome: $o, reason: $r) { id status actedBy outcomeReason acknowledgedAt actedAt }
}`;
const TIMES = `query($d: String) { notificationResponseTimes(districtCode: $d) { districtCode created open acknowledged acted medianSecondsToAcknowledge medianSecondsToAct } }`;

const today = hubToday();
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/** A one-person household registered in Heping; `residence` where they live; income decides dibao. */
function household(id: string, number: string, residence: string | null, income: number, name = '孙远') {
  return {
    persons: [{ idNumber: id, name, registeredDistrict: '120101', residenceDistrict: residence }],
    households: [{ householdNumber: number, registeredDistrict: '120101', residenceDistrict: residence, members: [{ idNumber: id, relation: 'HEAD', monthlyIncome: income }] }],
    economicChecks: [{ householdNumber: number, checkedOn: monthAgo, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
  };
}

function merge(...batches: Array<ReturnType<typeof household>>) {
  return {
    persons: batches.flatMap((b) => b.persons),
    households: batches.flatMap((b) => b.households),
    economicChecks: batches.flatMap((b) => b.economicChecks),
  };
}

describe.each(databasesUnderTest())('push to both districts (%s)', (kind) => {
  let hub: TestHub;
  const away = newIdNumber('120101', '1970-03-03');
  const home = newIdNumber('120101', '1971-04-04');
  const awayHousehold = newHouseholdNumber('120101');
  const homeHousehold = newHouseholdNumber('120101');

  const inbox = async (caller: Caller, district: string, extra: Record<string, unknown> = {}) => {
    const res = await hub.as(caller)(INBOX, { d: district, first: 100, ...extra });
    expect(res.errors).toBeUndefined();
    return res.data.districtInbox;
  };
  const about = (conn: { edges: Array<{ node: any }> }, id: string): any[] => conn.edges.map((e) => e.node).filter((n) => n.idNumber === id);

  beforeAll(async () => {
    hub = await startTestHub(kind);
    const first = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: merge(household(away, awayHousehold, '120116', 9000), household(home, homeHousehold, null, 9000)) });
    expect(first.data.ingestCivilAffairs.rejected).toBe(0);
  });
  afterAll(() => hub?.stop());

  test('nobody is pushed while nothing is to be done', async () => {
    expect(about(await inbox(HEPING, '120101'), away)).toEqual([]);
    expect(about(await inbox(BINHAI, '120116'), away)).toEqual([]);
  });

  test('a change making a person living away eligible reaches both districts once; nobody living at registration is pushed', async () => {
    const batch = merge(household(away, awayHousehold, '120116', 0), household(home, homeHousehold, null, 0));
    expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input: batch })).data.ingestCivilAffairs.rejected).toBe(0);
    // The same batch again, and again: nothing changed, so nobody is notified twice.
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: batch });
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: batch });

    const heping = about(await inbox(HEPING, '120101'), away).filter((n: any) => n.ruleId === 'dibao.household');
    const binhai = about(await inbox(BINHAI, '120116'), away).filter((n: any) => n.ruleId === 'dibao.household');
    expect(heping).toHaveLength(1);
    expect(binhai).toHaveLength(1);
    for (const [n, district] of [[heping[0], '120101'], [binhai[0], '120116']] as const) {
      expect(n).toMatchObject({
        districtCode: district, registeredDistrict: '120101', residenceDistrict: '120116', kind: 'NEWLY_ELIGIBLE', trigger: 'RECORDS_CHANGED',
        program: 'DIBAO', previousOutcome: 'NOT_ELIGIBLE', newOutcome: 'ELIGIBLE', asOf: today, status: 'OPEN',
        person: { idNumber: away, name: '孙远' },
      });
      expect(n.amount).toBeGreaterThan(0);
      expect(n.decision.outcome).toBe('ELIGIBLE');
      expect(n.decision.amount).toBe(n.amount);
      // Explained in the reader's language (ZH asked for), condition by condition.
      expect(n.decision.conditions.length).toBeGreaterThan(0);
      expect(n.decision.conditions.every((c: any) => /[\u4e00-\u9fff]/.test(c.explanation))).toBe(true);
    }
    expect(heping[0].otherDistrict).toMatchObject({ districtCode: '120116', status: 'OPEN' });
    for (const district of ['120101', '120116']) expect(about(await inbox(ADMIN, district), home)).toEqual([]);
    const all = await hub.dataSource.query(`SELECT COUNT(*) AS n FROM push_notification WHERE idNumber = ?`, [home]);
    expect(Number(all[0].n)).toBe(0);
  });

  test('a failure inside the ingestion transaction leaves neither the change nor a notification', async () => {
    const id = newIdNumber('120101', '1972-05-05');
    const number = newHouseholdNumber('120101');
    const before = Number((await hub.dataSource.query('SELECT COUNT(*) AS n FROM push_notification'))[0].n);
    await hub.dataSource.query('ALTER TABLE audit_entry RENAME TO audit_entry_away');
    let res;
    try {
      res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: household(id, number, '120116', 0) });
    } finally {
      await hub.dataSource.query('ALTER TABLE audit_entry_away RENAME TO audit_entry');
    }
    expect(res.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect(Number((await hub.dataSource.query('SELECT COUNT(*) AS n FROM push_notification'))[0].n)).toBe(before);
    expect((await hub.gql(`query($id: String!) { person(idNumber: $id) { idNumber } }`, { id })).data.person).toBeNull();
    // Sent again once the log is back, the same change is notified, to both districts.
    await hub.gql(INGEST_CIVIL_AFFAIRS, { input: household(id, number, '120116', 0) });
    expect(about(await inbox(HEPING, '120101'), id).filter((n: any) => n.ruleId === 'dibao.household')).toHaveLength(1);
    expect(about(await inbox(BINHAI, '120116'), id).filter((n: any) => n.ruleId === 'dibao.household')).toHaveLength(1);
  });

  test('each district acts on its own copy, sees the other, and the times to act are counted', async () => {
    const [mine] = about(await inbox(HEPING, '120101'), away).filter((n: any) => n.ruleId === 'dibao.household');
    const [theirs] = about(await inbox(BINHAI, '120116'), away).filter((n: any) => n.ruleId === 'dibao.household');

    // Another district's copy is not Heping's to touch, whatever its id.
    expect((await hub.as(HEPING)(ACK, { d: '120116', ids: [theirs.id] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.as(HEPING)(ACK, { d: '120101', ids: [theirs.id] })).data.acknowledgeNotifications).toBe(0);
    const foreign = await hub.as(HEPING)(OUTCOME, { d: '120101', id: theirs.id, o: 'VISITED' });
    expect(foreign.errors?.[0].extensions?.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await hub.as(HEPING)(OUTCOME, { d: '120101', id: '999999999', o: 'VISITED' })).errors?.[0].extensions?.code).toBe('NOTIFICATION_NOT_FOUND');

    expect((await hub.as(HEPING)(OUTCOME, { d: '120101', id: mine.id, o: 'VISITED' })).errors?.[0].extensions?.code).toBe('NOTIFICATION_NOT_ACKNOWLEDGED');
    expect((await hub.as(HEPING)(ACK, { d: '120101', ids: [mine.id, mine.id] })).data.acknowledgeNotifications).toBe(1);
    expect((await hub.as(HEPING)(ACK, { d: '120101', ids: [mine.id] })).data.acknowledgeNotifications).toBe(0);
    const noReason = await hub.as(HEPING)(OUTCOME, { d: '120101', id: mine.id, o: 'NOT_NEEDED' });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const done = await hub.as(HEPING)(OUTCOME, { d: '120101', id: mine.id, o: 'NOT_NEEDED', r: '已在居住地享受救助' });
    expect(done.data.recordNotificationOutcome).toMatchObject({ id: mine.id, status: 'NOT_NEEDED', actedBy: HEPING.sub, outcomeReason: '已在居住地享受救助' });
    expect((await hub.as(HEPING)(OUTCOME, { d: '120101', id: mine.id, o: 'VISITED' })).errors?.[0].extensions?.code).toBe('NOTIFICATION_CLOSED');

    // Binhai's copy stays open; it sees Heping's outcome.
    const [binhaiNow] = about(await inbox(BINHAI, '120116', { s: 'OPEN' }), away).filter((n: any) => n.ruleId === 'dibao.household');
    expect(binhaiNow).toMatchObject({ id: theirs.id, status: 'OPEN', otherDistrict: { districtCode: '120101', status: 'NOT_NEEDED' } });
    expect(about(await inbox(HEPING, '120101', { s: 'OPEN' }), away).filter((n: any) => n.ruleId === 'dibao.household')).toEqual([]);

    const times = (await hub.as(HEPING)(TIMES, {})).data.notificationResponseTimes;
    expect(times).toEqual([expect.objectContaining({ districtCode: '120101', acted: 1 })]);
    expect(times[0].medianSecondsToAct).toBeGreaterThanOrEqual(0);
    const city = (await hub.as(ANALYST, { 'x-purpose': 'dashboard' })(TIMES, {})).data.notificationResponseTimes;
    expect(city.find((t: any) => t.districtCode === '120116')).toMatchObject({ acted: 0 });
    expect((await hub.as(HEPING)(TIMES, { d: '120116' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('inboxes are for their district and the city bureau only, and reading one is audited', async () => {
    expect((await hub.as(HEXI)(INBOX, { d: '120101' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.as(HEXI)(INBOX, { d: '120103' })).data.districtInbox.edges.every((e: any) => e.node.districtCode === '120103')).toBe(true);
    for (const caller of [ANALYST, HR]) {
      const res = await hub.as(caller, { 'x-purpose': 'curious' })(INBOX, { d: '120101' });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    await inbox(BINHAI, '120116');
    const audit = await hub.gql(`query { auditLog(filter: { sub: "officer-binhai" }, first: 50) { edges { node { fields persons { idNumber usage } } } } }`);
    const entries = audit.data.auditLog.edges.map((e: any) => e.node).filter((e: any) => e.fields === 'districtInbox');
    expect(entries.some((e: any) => e.persons.some((p: any) => p.idNumber === away && p.usage === 'read'))).toBe(true);
  });

  test("what rests on another district's person is withheld from each district's copy, as in a live decision", async () => {
    const lodger = newIdNumber('120101', '1969-09-09');
    const hexiMember = newIdNumber('120103', '1968-08-08', 'FEMALE');
    const number = newHouseholdNumber('120101');
    const input = {
      persons: [
        { idNumber: lodger, name: '周行', registeredDistrict: '120101', residenceDistrict: '120116' },
        { idNumber: hexiMember, name: '吴静', registeredDistrict: '120103', residenceDistrict: '120103' },
      ],
      households: [{ householdNumber: number, registeredDistrict: '120101', residenceDistrict: '120116', members: [
        { idNumber: lodger, relation: 'HEAD', monthlyIncome: 0 },
        { idNumber: hexiMember, relation: 'SPOUSE', monthlyIncome: 0 },
      ] }],
      economicChecks: household(lodger, number, '120116', 0).economicChecks,
    };
    expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input })).data.ingestCivilAffairs.rejected).toBe(0);
    for (const [caller, district] of [[HEPING, '120101'], [BINHAI, '120116']] as const) {
      const [n] = about(await inbox(caller, district), lodger).filter((x: any) => x.ruleId === 'dibao.household');
      expect(n.decision.amount).toBeNull();
      expect(n.amount).toBeNull();
      const income = n.decision.conditions.find((c: any) => c.code === 'assessed-income-below-standard');
      expect(income.withheld).toBe(true);
      expect(JSON.stringify(n)).not.toContain(hexiMember);
      expect(JSON.stringify(n)).not.toContain('吴静');
      // The Hexi member is not living away: nothing is pushed about her to anyone.
      expect(about(await inbox(caller, district), hexiMember)).toEqual([]);
    }
    const [full] = about(await inbox(ADMIN, '120116'), lodger).filter((x: any) => x.ruleId === 'dibao.household');
    expect(full.decision.conditions.every((c: any) => !c.withheld)).toBe(true);
    expect(full.decision.amount).toBe(full.amount);
  });

  test("a record number of another district's household is withheld from both districts' copies", async () => {
    const lodger = newIdNumber('120101', '1966-06-16');
    const host = newIdNumber('120103', '1965-05-15');
    const number = newHouseholdNumber('120103');
    const enrollment = `EN-${number}`;
    const persons = [
      { idNumber: lodger, name: '郑迁', registeredDistrict: '120101', residenceDistrict: '120116' },
      { idNumber: host, name: '冯主', registeredDistrict: '120103', residenceDistrict: '120103' },
    ];
    const households = [{ householdNumber: number, registeredDistrict: '120103', residenceDistrict: '120103', members: [
      { idNumber: host, relation: 'HEAD', monthlyIncome: 5000 },
      { idNumber: lodger, relation: 'OTHER', monthlyIncome: 5000 },
    ] }];
    expect((await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons, households } })).data.ingestCivilAffairs.rejected).toBe(0);
    const started = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { enrollments: [
      { enrollmentNumber: enrollment, program: 'LOW_INCOME', unit: 'HOUSEHOLD', householdNumber: number, startDate: monthAgo, monthlyAmount: 300 },
    ] } });
    expect(started.data.ingestCivilAffairs.rejected).toBe(0);
    const RECORD = `query($d: String!) { districtInbox(districtCode: $d, first: 100) { edges { node { idNumber kind recordKey amount program } } } }`;
    for (const [caller, district] of [[HEPING, '120101'], [BINHAI, '120116']] as const) {
      const nodes = (await hub.as(caller)(RECORD, { d: district })).data.districtInbox.edges.map((e: any) => e.node).filter((n: any) => n.idNumber === lodger);
      const news = nodes.find((n: any) => n.kind === 'ENROLLMENT_STARTED');
      expect(news).toMatchObject({ program: 'LOW_INCOME', recordKey: null, amount: null });
      expect(JSON.stringify(nodes)).not.toContain(number);
    }
    const full = (await hub.gql(RECORD, { d: '120116' })).data.districtInbox.edges.map((e: any) => e.node).find((n: any) => n.idNumber === lodger && n.kind === 'ENROLLMENT_STARTED');
    expect(full).toMatchObject({ recordKey: enrollment, amount: 300 });
  });

  test('open notifications survive a restart, pages follow the cursor with no gap and no repeat', async () => {
    const before = await inbox(BINHAI, '120116', { s: 'OPEN' });
    hub = await hub.restart();
    const after = await inbox(BINHAI, '120116', { s: 'OPEN' });
    expect(after.edges.map((e: any) => e.node.id)).toEqual(before.edges.map((e: any) => e.node.id));
    expect(after.totalCount).toBeGreaterThan(0);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await inbox(BINHAI, '120116', { first: 1, after: cursor });
      ids.push(...page.edges.map((e: any) => e.node.id));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (cursor);
    const all = (await inbox(BINHAI, '120116')).edges.map((e: any) => e.node.id);
    expect(ids).toEqual(all);
    expect([...ids].sort((a, b) => Number(a) - Number(b))).toEqual(ids);
    expect((await hub.as(BINHAI)(INBOX, { d: '120116', after: 'not-a-cursor' })).errors?.[0].extensions?.code).toBe('INVALID_CURSOR');
  });
});
