import { In, type DataSource } from 'typeorm';
import type { Caller } from '../../src/auth/caller';
import { addDays, today } from '../../src/common/local-date';
import { PushNotification } from '../../src/push/notification.entity';
import { DeliveryStatus } from '../../src/push/push.enums';
import { ArchivedNotification } from '../../src/push/retention/archived-notification.entity';
import { PushDelivery } from '../../src/push/webhook-delivery.entity';
import { buildWorld, type RuleCase } from '../fixtures/case-world';
import { INGEST_CIVIL_AFFAIRS } from '../fixtures/documents';
import { databaseUrlOf, hubCommand } from './support/hub-command';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Retention (issue 9, point 7): notifications a district acted on more than HUB_ARCHIVE_AFTER_DAYS
 * ago move to push_notification_archive, whole; open, acknowledged and dead-lettered (or still
 * pending) ones never do. Run as `hub archive` in a process of its own, and by the daily schedule.
 */

const ZONE = 'Asia/Shanghai';
const NANKAI: Caller = { sub: 'retention-officer-nankai', role: 'district', district: '120104' };
const DAY_MS = 86_400_000;


/** Someone past 60 who meets every tekun condition, living in Nankai away from their registration in Heping. */
function elder(checkedOn: string): RuleCase {
  return {
    name: 'elder living away',
    asOf: checkedOn,
    subject: 'p',
    persons: { p: { birthDate: '1950-04-04', registeredDistrict: '120101', residenceDistrict: '120104', supporterStatus: 'NONE' } },
    household: { members: [{ person: 'p', relation: 'HEAD', monthlyIncome: 0 }] },
    economicChecks: [{ checkedOn, moneyAssets: 1000, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true }],
    expect: { outcome: 'ELIGIBLE', conditions: {}, amount: null },
  };
}

const ACKNOWLEDGE = 'mutation($d: String!, $ids: [ID!]!) { acknowledgeNotifications(districtCode: $d, ids: $ids) }';
const OUTCOME = 'mutation($d: String!, $id: ID!, $o: NotificationOutcome!, $r: String) { recordNotificationOutcome(districtCode: $d, id: $id, outcome: $o, reason: $r) { id status actedAt } }';
const INBOX = 'query($d: String!) { districtInbox(districtCode: $d, first: 100) { edges { node { id status } } } }';

type Role = 'visitedLongAgo' | 'deliveredLongAgo' | 'deadLetter' | 'pendingDelivery' | 'actedRecently' | 'acknowledgedLongAgo' | 'openLongAgo';

/**
 * Nankai's copies of real notifications (written by the ingestion that made each person eligible),
 * each brought to one situation through the API, then aged by moving their instants back 40 days.
 */
async function situations(hub: TestHub): Promise<Record<Role, PushNotification>> {
  const checkedOn = addDays(today(ZONE), -30);
  const roles: Role[] = ['visitedLongAgo', 'deliveredLongAgo', 'deadLetter', 'pendingDelivery', 'actedRecently', 'acknowledgedLongAgo', 'openLongAgo'];
  const out = {} as Record<Role, PushNotification>;
  const repo = hub.dataSource.getRepository(PushNotification);
  const officer = hub.as(NANKAI);
  for (const role of roles) {
    const world = buildWorld(elder(checkedOn));
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: world.civilAffairs });
    expect(res.data.ingestCivilAffairs.errors).toEqual([]);
    const [copy] = await repo.find({ where: { idNumber: world.ids.p, districtCode: '120104' }, order: { sequence: 'ASC' }, take: 1 });
    expect(copy).toBeDefined();
    const id = String(copy.sequence);
    if (role !== 'openLongAgo') expect((await officer(ACKNOWLEDGE, { d: '120104', ids: [id] })).data.acknowledgeNotifications).toBe(1);
    if (!['openLongAgo', 'acknowledgedLongAgo'].includes(role)) {
      const outcome = role === 'deadLetter' ? 'NOT_NEEDED' : role === 'pendingDelivery' ? 'ASSISTANCE_STARTED' : 'VISITED';
      const acted = await officer(OUTCOME, { d: '120104', id, o: outcome, r: outcome === 'NOT_NEEDED' ? 'moved back to Heping' : null });
      expect(acted.errors).toBeUndefined();
    }
    if (role !== 'actedRecently') {
      const row = await repo.findOneByOrFail({ sequence: copy.sequence });
      const back = (d: Date | null) => (d ? new Date(d.getTime() - 40 * DAY_MS) : null);
      await repo.update({ sequence: copy.sequence }, { createdAt: back(row.createdAt)!, acknowledgedAt: back(row.acknowledgedAt), actedAt: back(row.actedAt) });
    }
    const delivery = { deadLetter: DeliveryStatus.DEAD, pendingDelivery: DeliveryStatus.PENDING, deliveredLongAgo: DeliveryStatus.DELIVERED }[role as string];
    if (delivery) {
      await hub.dataSource.getRepository(PushDelivery).insert({
        sequence: copy.sequence,
        districtCode: '120104',
        idNumber: copy.idNumber,
        status: delivery,
        attempts: 1,
        nextAttemptAt: new Date(),
        claimedBy: null,
        claimedUntil: null,
        lastError: delivery === DeliveryStatus.DEAD ? 'HTTP 500' : null,
        deliveredAt: delivery === DeliveryStatus.DELIVERED ? new Date() : null,
      });
    }
    out[role] = await repo.findOneByOrFail({ sequence: copy.sequence });
  }
  return out;
}

describe.each(databasesUnderTest())('retention on %s', (kind) => {
  let hub: TestHub;
  let cases: Record<Role, PushNotification>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    cases = await situations(hub);
  });
  afterAll(() => hub?.stop());

  test('hub archive moves only the notifications acted on long ago whose deliveries are done, whole', async () => {
    const before = await hub.dataSource.getRepository(PushNotification).count();
    const run = await hubCommand(hub.dataSource, ['archive', '--after-days', '30', '--chunk', '1']);
    expect(run.stderr).not.toMatch(/\d{17}[\dX]/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^archived\s+2$/m);
    // One notification per transaction: two chunks.
    expect(run.stdout).toMatch(/^chunks\s+2$/m);

    const archivedRoles: Role[] = ['visitedLongAgo', 'deliveredLongAgo'];
    const archived = await hub.dataSource.getRepository(ArchivedNotification).find({ order: { sequence: 'ASC' } });
    expect(archived.map((a) => a.sequence)).toEqual(archivedRoles.map((r) => cases[r].sequence).sort((a, b) => a - b));
    for (const role of archivedRoles) {
      const original = cases[role];
      const copy = archived.find((a) => a.sequence === original.sequence)!;
      expect(copy).toMatchObject({ districtCode: '120104', idNumber: original.idNumber, changeKey: original.changeKey, actedAt: original.actedAt, createdAt: original.createdAt });
      expect(copy.archivedAt.getTime()).toBeGreaterThan(Date.now() - 120_000);
      // The whole row, as it was.
      expect(JSON.parse(copy.row)).toEqual(JSON.parse(JSON.stringify(original)));
    }
    const live = await hub.dataSource.getRepository(PushNotification).findBy({ sequence: In(archived.map((a) => a.sequence)) });
    expect(live).toEqual([]);
    expect(await hub.dataSource.getRepository(PushNotification).count()).toBe(before - 2);

    // Kept: open, acknowledged, acted on recently, and those with a dead or pending delivery.
    for (const role of ['deadLetter', 'pendingDelivery', 'actedRecently', 'acknowledgedLongAgo', 'openLongAgo'] as Role[]) {
      expect(await hub.dataSource.getRepository(PushNotification).findOneBy({ sequence: cases[role].sequence })).toEqual(cases[role]);
    }
    // A finished delivery of an archived notification goes with it; the unfinished stay.
    const deliveries = await hub.dataSource.getRepository(PushDelivery).find();
    expect(deliveries.map((d) => d.sequence).sort((a, b) => a - b)).toEqual([cases.deadLetter.sequence, cases.pendingDelivery.sequence].sort((a, b) => a - b));

    // Nankai's inbox no longer lists them; the rest it does.
    const inbox = await hub.as(NANKAI)(INBOX, { d: '120104' });
    const ids = inbox.data.districtInbox.edges.map((e: any) => Number(e.node.id));
    for (const role of archivedRoles) expect(ids).not.toContain(cases[role].sequence);
    for (const role of ['deadLetter', 'actedRecently', 'openLongAgo'] as Role[]) expect(ids).toContain(cases[role].sequence);

    // Nothing more is due: a second run moves nothing.
    const again = await hubCommand(hub.dataSource, ['archive', '--after-days', '30']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^archived\s+0$/m);
  });

  test('without HUB_ARCHIVE_AFTER_DAYS or --after-days, hub archive says retention is off (exit 2)', async () => {
    const off = await hubCommand(hub.dataSource, ['archive'], { HUB_ARCHIVE_AFTER_DAYS: '' });
    expect(off.status).toBe(2);
    expect(off.stderr).toContain('retention is off');
  });

  test('the daily schedule archives with its sweep when HUB_ARCHIVE_AFTER_DAYS is set', async () => {
    // The recent one ages past the limit; a restarted hub with the schedule on archives it.
    const recent = cases.actedRecently;
    await hub.dataSource.getRepository(PushNotification).update({ sequence: recent.sequence }, { actedAt: new Date(recent.actedAt!.getTime() - 40 * DAY_MS) });
    hub = await hub.restart({ HUB_SWEEP_AT: '00:00', HUB_TIME_ZONE: ZONE, HUB_ARCHIVE_AFTER_DAYS: '30' });
    const deadline = Date.now() + 30_000;
    while (!(await hub.dataSource.getRepository(ArchivedNotification).findOneBy({ sequence: recent.sequence }))) {
      if (Date.now() > deadline) throw new Error('the schedule archived nothing');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await hub.dataSource.getRepository(PushNotification).findOneBy({ sequence: recent.sequence })).toBeNull();
    for (const role of ['deadLetter', 'pendingDelivery', 'acknowledgedLongAgo', 'openLongAgo'] as Role[]) {
      expect(await hub.dataSource.getRepository(PushNotification).findOneBy({ sequence: cases[role].sequence })).not.toBeNull();
    }
  });
});
