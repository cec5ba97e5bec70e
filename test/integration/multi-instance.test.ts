import type { Client } from 'graphql-ws';
import type { Caller } from '../../src/auth/caller';
import { hubToday, setHubTimeZone } from '../../src/common/clock';
import { encodeCursor } from '../../src/common/connection';
import { addDays, addMonths, today } from '../../src/common/local-date';
import { PushNotification } from '../../src/push/notification.entity';
import { PushSequence } from '../../src/push/push-sequence.entity';
import { NotificationTrigger } from '../../src/push/push.enums';
import { sequenceCursorKey } from '../../src/push/push.service';
import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { startHubProcesses, type HubProcess } from './support/hub-process';
import { databasesUnderTest, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub';

/*
 * Several instances (docs/deployment.md): two hubs in processes of their own, each on its own
 * port, sharing nothing but one MariaDB. A district's subscribers on either instance receive every
 * notification written through either, once each and in sequence order; of the two daily sweep
 * schedules set to the same moment, one sweeps, once.
 */

/**
 * The instances' calendar is a day or two ahead of the one this test ingests in (UTC+14 against
 * UTC-12): a person whose 60th birthday is the instances' today is 59 when ingested, so the
 * instances' scheduled sweep has a change of its own to notify, not one the ingestion already did.
 */
const INSTANCE_ZONE = 'Pacific/Kiritimati';
const INGESTION_ZONE = 'Etc/GMT+12';
setHubTimeZone(INGESTION_ZONE);

const BINHAI: Caller = { sub: 'mi-officer-binhai', role: 'district', district: '120116' };

const FOLLOW = `subscription Follow($d: String!, $after: String) {
  districtNotifications(districtCode: $d, after: $after) { cursor notification { id districtCode idNumber } }
}`;

const SWEPT_ALONGSIDE = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** One person registered in Heping (120101) living in Binhai (120116), eligible for dibao: notifications for both. */
function livingInBinhai(): Record<string, unknown[]> {
  const asOf = hubToday();
  return buildWorld({
    name: 'instances',
    asOf,
    subject: 'p',
    expect: { outcome: '', conditions: {}, amount: null },
    persons: { p: { birthDate: '1975-04-04', supporterStatus: 'NONE', registeredDistrict: '120101', residenceDistrict: '120116' } },
    household: { registeredDistrict: '120101', residenceDistrict: '120116', members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
    economicChecks: [{ checkedOn: addDays(asOf, -30), moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
  }).civilAffairs;
}

/** Someone meeting every tekun condition but age, living in Nankai (120104) away from Heping, who turns 60 on `birthday`. */
function turningSixty(birthday: string): RuleCase {
  return {
    name: 'turns 60 on the instances’ today',
    asOf: birthday,
    subject: 'p',
    persons: { p: { birthDate: addMonths(birthday, -720), registeredDistrict: '120101', residenceDistrict: '120104', supporterStatus: 'NONE' } },
    household: { members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
    economicChecks: [{ checkedOn: addDays(hubToday(), -30), moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
    expect: { outcome: 'ELIGIBLE', conditions: {}, amount: null },
  };
}

interface Event {
  cursor: string;
  notification: { id: string; districtCode: string; idNumber: string };
}

/** A subscription on one instance, collecting its events and any error. */
function subscribe(instance: HubProcess, caller: Caller, districtCode: string, after: string) {
  const client: Client = instance.ws(caller);
  const events: Event[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ districtNotifications: Event }>(
    { query: FOLLOW, variables: { d: districtCode, after } },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) events.push(result.data.districtNotifications);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { events, errors, close: () => client.dispose() };
}

const ingested = (res: GraphQLResponse) => res.errors ?? res.data.ingestCivilAffairs.errors;

const withMysql = databasesUnderTest().includes('mariadb') ? describe : describe.skip;

withMysql('two hub processes on one MariaDB', () => {
  jest.setTimeout(120_000);
  let hub: TestHub;
  let instances: HubProcess[] = [];
  let elder: string;
  const instancesToday = today(INSTANCE_ZONE);

  const notifications = (where: string, parameters: unknown[]): Promise<Array<{ sequence: string | number; districtCode: string }>> =>
    hub.dataSource.query(`SELECT sequence, districtCode FROM push_notification WHERE ${where} ORDER BY sequence`, parameters);
  const sequenceRow = (name: string) => hub.dataSource.manager.findOneBy(PushSequence, { name });

  beforeAll(async () => {
    // This hub creates and migrates the database and lets the test read it; it neither sweeps nor delivers.
    hub = await startTestHub('mariadb', { HUB_WEBHOOKS: 'off' });
    const world = buildWorld(turningSixty(instancesToday));
    expect(ingested(await hub.gql(INGEST_CIVIL_AFFAIRS, { input: world.civilAffairs }))).toEqual([]);
    elder = world.ids.p;
    // Others for the sweep to go through one batch at a time: it lasts long enough for the second
    // instance to look at the clock while the first sweeps, and find the lease taken.
    const others = Array.from({ length: SWEPT_ALONGSIDE }, livingInBinhai);
    const input = Object.fromEntries(Object.keys(others[0]).map((list) => [list, others.flatMap((o) => o[list])]));
    expect(ingested(await hub.gql(INGEST_CIVIL_AFFAIRS, { input }))).toEqual([]);
    const databaseUrl = (hub.dataSource.options as { url: string }).url;
    instances = await startHubProcesses(2, databaseUrl, {
      token: hub.token,
      env: {
        HUB_TIME_ZONE: INSTANCE_ZONE,
        // The same moment for both, long past: each looks a second after it starts, both at once.
        HUB_SWEEP_AT: '00:00',
        HUB_SWEEP_BATCH: '1',
        HUB_PUSH_POLL_MS: '50',
        // Ten batches of one caller at once on each instance: above the default per-caller limits.
        HUB_MAX_CONCURRENT: '32',
        HUB_RATE_LIMIT: '100000',
      },
    });
  });

  afterAll(async () => {
    const codes = await Promise.all(instances.map((instance) => instance.stop()));
    await hub?.stop();
    expect(codes).toEqual(instances.map(() => 0));
  });

  test('of two schedules set to the same moment, one sweeps: the lease taken and released once, the change notified once', async () => {
    const date = Number(instancesToday.replaceAll('-', ''));
    await until('the daily sweep', async () => (await sequenceRow('sweep-done'))?.value === date);
    // Both looked at the clock; let any second sweep show itself before counting.
    await sleep(1_500);

    const logged = instances.map((instance) => instance.logged());
    const started = logged.map((lines) => lines.filter((l) => l.msg === 'daily sweep: started'));
    expect(started.flat()).toEqual([expect.objectContaining({ asOf: instancesToday })]);
    const sweeper = started.findIndex((lines) => lines.length === 1);
    expect(logged[sweeper].filter((l) => l.msg === 'daily sweep: done')).toEqual([expect.objectContaining({ asOf: instancesToday, persons: SWEPT_ALONGSIDE + 1, failed: 0 })]);
    expect(logged[1 - sweeper].filter((l) => String(l.msg).startsWith('daily sweep:'))).toEqual([]);
    expect(logged.flat().filter((l) => Number(l.level) >= 50)).toEqual([]);
    // The lease row was claimed (it exists only once claimed) and handed back; today is marked done.
    expect((await sequenceRow('sweep-lease'))?.value).toBe(0);

    const swept = await hub.dataSource.manager.find(PushNotification, { where: { idNumber: elder, trigger: NotificationTrigger.TIME_PASSED }, order: { districtCode: 'ASC' } });
    expect(swept.map((n) => ({ district: n.districtCode, kind: n.kind, ruleId: n.ruleId, asOf: n.asOf }))).toEqual(
      ['120101', '120104'].map((district) => ({ district, kind: 'NEWLY_ELIGIBLE', ruleId: 'tekun', asOf: instancesToday })),
    );
  });

  test('subscribers on each instance receive every notification of batches sent through both, once each, in sequence order', async () => {
    const [{ latest }] = await hub.dataSource.query(`SELECT COALESCE(MAX(sequence), 0) AS latest FROM push_notification WHERE districtCode = '120116'`);
    const after = encodeCursor(sequenceCursorKey(Number(latest)));
    const subscribers = instances.map((instance) => subscribe(instance, BINHAI, '120116', after));
    try {
      // In turn, one instance then the other; then twenty at once, half through each.
      for (let i = 0; i < 4; i++) expect(ingested(await instances[i % 2].gql(INGEST_CIVIL_AFFAIRS, { input: livingInBinhai() }))).toEqual([]);
      const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 2].gql(INGEST_CIVIL_AFFAIRS, { input: livingInBinhai() })));
      expect(concurrent.map(ingested)).toEqual(concurrent.map(() => []));

      const written = await notifications('districtCode = ? AND sequence > ?', ['120116', Number(latest)]);
      const expected = written.map((row) => String(row.sequence));
      // Each of the 24 persons gets at least one notification in Binhai.
      expect(expected.length).toBeGreaterThanOrEqual(24);
      await until('every notification on both subscribers', () => subscribers.every((s) => s.events.length >= expected.length || s.errors.length > 0));
      // Several polls more: a duplicate, were one coming, would arrive now.
      await sleep(1_000);
      for (const subscriber of subscribers) {
        expect(subscriber.errors).toEqual([]);
        expect(subscriber.events.map((e) => e.notification.id)).toEqual(expected);
        expect(subscriber.events.every((e) => e.notification.districtCode === '120116')).toBe(true);
      }
      // Sequences were granted without holes across both instances: each batch's run follows the last one committed.
      const all = (await notifications('sequence > ?', [Number(latest)])).map((row) => Number(row.sequence));
      expect(all).toEqual(all.map((_, i) => all[0] + i));
    } finally {
      await Promise.all(subscribers.map((s) => s.close()));
    }
  });
});
