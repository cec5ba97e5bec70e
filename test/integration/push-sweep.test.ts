import { Writable } from 'node:stream';
import { MoreThan, type DataSource } from 'typeorm';
import { addDays, addMonths, today } from '../../src/common/local-date';
import { loadSettings } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { PushNotification } from '../../src/push/notification.entity';
import { PushSequence } from '../../src/push/push-sequence.entity';
import { RetentionService } from '../../src/push/retention/retention.service';
import { LeaseLostError, SweepLease } from '../../src/push/sweep/sweep-lease';
import { startSweepSchedule } from '../../src/push/sweep/sweep-schedule';
import { SweepService } from '../../src/push/sweep/sweep.service';
import { createServices } from '../../src/server/services';
import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { databaseUrlOf, hubCommand } from './support/hub-command';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * The sweep (issue 9, point 6): time alone changes matches. A person living away from their
 * registration who meets every tekun condition but age turns 60; the sweep of that day notifies
 * both districts of exactly that, and a second sweep the same day notifies nothing. Run as the
 * operator runs it, `hub sweep` in a process of its own, and as the daily schedule of the hub.
 */

const ZONE = 'Asia/Shanghai';
const ID_NUMBER = /\d{17}[\dX]/;




/**
 * Someone who meets tekun's conditions except age until `sixtiethBirthday`: no income of their
 * own, a household that passes the property test, no supporter. Living in Nankai (120104) away
 * from their registration in Heping (120101), or at home when `residence` is null.
 */
function elderToBe(sixtiethBirthday: string, residence: string | null, checkedOn: string): RuleCase {
  return {
    name: 'turns 60',
    asOf: sixtiethBirthday,
    subject: 'p',
    persons: { p: { birthDate: addMonths(sixtiethBirthday, -720), registeredDistrict: '120101', residenceDistrict: residence, supporterStatus: 'NONE' } },
    household: { members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
    economicChecks: [{ checkedOn, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
    expect: { outcome: 'ELIGIBLE', conditions: {}, amount: null },
  };
}

async function ingest(hub: TestHub, c: RuleCase): Promise<string> {
  const world = buildWorld(c);
  const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: world.civilAffairs });
  expect(res.errors).toBeUndefined();
  expect(res.data.ingestCivilAffairs.errors).toEqual([]);
  return world.ids.p;
}

async function lastSequence(dataSource: DataSource): Promise<number> {
  const [last] = await dataSource.getRepository(PushNotification).find({ order: { sequence: 'DESC' }, take: 1 });
  return last?.sequence ?? 0;
}

function notificationsAfter(dataSource: DataSource, sequence: number): Promise<PushNotification[]> {
  return dataSource.getRepository(PushNotification).find({ where: { sequence: MoreThan(sequence) }, order: { districtCode: 'ASC' } });
}

const INBOX = /* GraphQL */ `
  query Inbox($district: String!) {
    districtInbox(districtCode: $district, first: 100) { edges { node { id idNumber kind trigger ruleId asOf previousOutcome newOutcome status } } }
  }
`;

/** Log lines as objects, for tests that read what a schedule did. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function sweptMark(dataSource: DataSource): Promise<number | null> {
  return (await dataSource.manager.findOneBy(PushSequence, { name: 'sweep-done' }))?.value ?? null;
}

describe.each(databasesUnderTest())('the sweep on %s', (kind) => {
  describe('hub sweep, a process of its own', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub(kind);
    });
    afterAll(() => hub?.stop());

    test('on the 60th birthday it notifies both districts of exactly the new tekun match, and a second sweep that day nothing', async () => {
      const dayBefore = today(ZONE);
      const birthday = addDays(dayBefore, 1);
      const away = await ingest(hub, elderToBe(birthday, '120104', addDays(dayBefore, -30)));
      const atHome = await ingest(hub, elderToBe(birthday, null, addDays(dayBefore, -30)));
      expect(away).not.toBe(atHome);

      // The day before: whatever the first evaluation found is stored; only the next diff matters.
      const first = await hubCommand(hub.dataSource, ['sweep', '--as-of', dayBefore]);
      expect(first.stderr).not.toMatch(ID_NUMBER);
      expect(first.status).toBe(0);

      const before = await lastSequence(hub.dataSource);
      // One person per batch: the keyset paging goes past each of them.
      const second = await hubCommand(hub.dataSource, ['sweep', '--as-of', birthday, '--batch', '1']);
      expect(second.status).toBe(0);
      expect(`${second.stdout}${second.stderr}`).not.toMatch(ID_NUMBER);
      expect(second.stdout).toMatch(/^notifications\s+2$/m);
      expect(second.stdout).toMatch(/^complete\s+yes$/m);
      const fresh = await notificationsAfter(hub.dataSource, before);
      expect(
        fresh.map((n) => ({ district: n.districtCode, idNumber: n.idNumber, kind: n.kind, trigger: n.trigger, ruleId: n.ruleId, asOf: n.asOf, previous: n.previousOutcome, now: n.newOutcome, status: n.status })),
      ).toEqual(
        ['120101', '120104'].map((district) => ({
          district,
          idNumber: away,
          kind: 'NEWLY_ELIGIBLE',
          trigger: 'TIME_PASSED',
          ruleId: 'tekun',
          asOf: birthday,
          previous: 'NOT_ELIGIBLE',
          now: 'ELIGIBLE',
          status: 'OPEN',
        })),
      );

      // Each district finds it in its inbox.
      for (const district of ['120101', '120104']) {
        const inbox = await hub.gql(INBOX, { district });
        expect(inbox.errors).toBeUndefined();
        const tekun = inbox.data.districtInbox.edges.map((e: any) => e.node).filter((n: any) => n.ruleId === 'tekun' && n.trigger === 'TIME_PASSED');
        expect(tekun).toEqual([expect.objectContaining({ idNumber: away, kind: 'NEWLY_ELIGIBLE', asOf: birthday, status: 'OPEN' })]);
      }

      const after = await lastSequence(hub.dataSource);
      const third = await hubCommand(hub.dataSource, ['sweep', '--as-of', birthday]);
      expect(third.status).toBe(0);
      expect(third.stdout).toMatch(/^notifications\s+0$/m);
      expect(await notificationsAfter(hub.dataSource, after)).toEqual([]);
    });

    test('refuses bad arguments with exit status 2 and says why; --help answers', async () => {
      const badDate = await hubCommand(hub.dataSource, ['sweep', '--as-of', '2026-02-30']);
      expect(badDate.status).toBe(2);
      expect(badDate.stderr).toContain('--as-of takes a date written YYYY-MM-DD');
      const badBatch = await hubCommand(hub.dataSource, ['sweep', '--batch', '0']);
      expect(badBatch.status).toBe(2);
      expect(badBatch.stderr).toContain('--batch must be from 1 to 5000');
      const help = await hubCommand(hub.dataSource, ['sweep', '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('Usage: npm run hub -- sweep [--as-of YYYY-MM-DD] [--batch N]');
    });

    test('waits its turn: while another sweep holds the lease it exits 1 and says so', async () => {
      const lease = await SweepLease.claim(hub.dataSource);
      expect(lease).not.toBeNull();
      try {
        const refused = await hubCommand(hub.dataSource, ['sweep']);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain('another sweep is running');
      } finally {
        await lease!.release();
      }
    });
  });

  describe('the lease', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub(kind);
    });
    afterAll(() => hub?.stop());

    test('one holder at a time; a holder that stops renewing loses it when it expires', async () => {
      const crashed = await SweepLease.claim(hub.dataSource, 300);
      expect(crashed).not.toBeNull();
      expect(await SweepLease.claim(hub.dataSource)).toBeNull();
      expect(await SweepLease.heldUntil(hub.dataSource)).toBeInstanceOf(Date);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const next = await SweepLease.claim(hub.dataSource);
      expect(next).not.toBeNull();
      await expect(crashed!.renew()).rejects.toBeInstanceOf(LeaseLostError);
      await next!.renew();
      await crashed!.release(); // not its lease any more: changes nothing
      expect(await SweepLease.claim(hub.dataSource)).toBeNull();
      await next!.release();
      expect(await SweepLease.heldUntil(hub.dataSource)).toBeNull();
    });
  });

  describe('the daily schedule', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub(kind);
    });
    afterAll(() => hub?.stop());

    test('of two instances on one database, one sweeps, once; both stop', async () => {
      const dayBefore = today(ZONE);
      await ingest(hub, elderToBe(addDays(dayBefore, 1), '120104', addDays(dayBefore, -30)));
      const settings = loadSettings({ DATABASE_URL: databaseUrlOf(hub.dataSource), HUB_SWEEP_AT: '00:00', HUB_TIME_ZONE: ZONE, HUB_SWEEP_BATCH: '1' });
      const second = await openDataSource(settings.DATABASE_URL, createLogger('silent'));
      const instances = [hub.dataSource, second].map((dataSource) => {
        const { log, lines } = capturedLog();
        const sweep = new SweepService(dataSource, createServices(dataSource, settings).push.evaluator);
        const schedule = startSweepSchedule({ dataSource, sweep, retention: new RetentionService(dataSource), settings, log, firstTickMs: 10, tickMs: 50 });
        return { schedule, lines };
      });
      try {
        const date = Number(today(ZONE).replaceAll('-', ''));
        await until(async () => (await sweptMark(hub.dataSource)) === date);
        // Both look at the clock a few more times: today is done, neither sweeps again.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await Promise.all(instances.map((i) => i.schedule.stop()));
        await second.destroy();
      }
      const started = instances.flatMap((i) => i.lines).filter((l) => l.msg === 'daily sweep: started');
      expect(started).toHaveLength(1);
      const done = instances.flatMap((i) => i.lines).find((l) => l.msg === 'daily sweep: done');
      expect(done).toMatchObject({ asOf: today(ZONE), persons: 1, failed: 0 });
      expect(JSON.stringify(instances.flatMap((i) => i.lines))).not.toMatch(ID_NUMBER);
    });

    test('a hub started with HUB_SWEEP_AT past sweeps today soon after it starts, and stops with it', async () => {
      const scheduled = await startTestHub(kind, { HUB_SWEEP_AT: '00:00', HUB_TIME_ZONE: ZONE });
      try {
        const date = Number(today(ZONE).replaceAll('-', ''));
        await until(async () => (await sweptMark(scheduled.dataSource)) === date);
        const res = await scheduled.gql('{ __typename }');
        expect(res.data).toEqual({ __typename: 'Query' });
      } finally {
        await scheduled.stop();
      }
    });
  });
});
