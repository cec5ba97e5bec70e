import { AuditBatch } from '../../src/audit/audit-batch';
import { AuditEntry, AuditEntryPerson } from '../../src/audit/audit-entry.entity';
import { AuditTrail } from '../../src/audit/audit-trail';
import { newIdNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Audit entries of concurrent requests are committed together (src/audit/audit-batch.ts), and
 * each request still waits for its own entry before its answer leaves.
 */

function trail(ids: string[]): AuditTrail {
  const t = new AuditTrail();
  t.touch(...ids);
  t.operation = 'batchTest';
  t.fields = ['person'];
  return t;
}

describe.each(databasesUnderTest())('audit entries committed together on %s', (kind) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub(kind);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('stores every entry of concurrent requests with its persons, in fewer transactions than entries', async () => {
    const batch = new AuditBatch(hub.dataSource);
    const transaction = jest.spyOn(hub.dataSource, 'transaction');
    const requests = Array.from({ length: 30 }, (_, i) => ({
      requestId: `batch-${kind}-${i}`,
      caller: { sub: `officer-${i}`, role: 'district' as const, district: '120101' },
      purpose: `case ${i}`,
      audit: trail([newIdNumber(), newIdNumber()]),
    }));
    await Promise.all(requests.map((r) => batch.commit(r)));
    const calls = transaction.mock.calls.length;
    transaction.mockRestore();
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(requests.length);
    for (const r of requests) {
      const entry = await hub.dataSource.manager.findOneByOrFail(AuditEntry, { requestId: r.requestId });
      expect(entry).toMatchObject({ sub: r.caller.sub, role: 'district', district: '120101', purpose: r.purpose, personCount: 2, operation: 'batchTest', fields: 'person' });
      const persons = await hub.dataSource.manager.findBy(AuditEntryPerson, { entryId: entry.id });
      expect(persons.map((p) => p.idNumber).sort()).toEqual([...r.audit.persons.keys()].sort());
    }
  });

  it('fails only the request whose entry cannot be stored; the others of its group are committed', async () => {
    const batch = new AuditBatch(hub.dataSource);
    const good = Array.from({ length: 5 }, (_, i) => ({ requestId: `good-${kind}-${i}`, caller: { sub: 'admin', role: 'admin' as const }, purpose: null, audit: trail([newIdNumber()]) }));
    // A null request id breaks the table's NOT NULL on every database: this entry cannot be written.
    const bad = { requestId: null as unknown as string, caller: { sub: 'admin', role: 'admin' as const }, purpose: null, audit: trail([newIdNumber()]) };
    const outcomes = await Promise.allSettled([...good.slice(0, 2), bad, ...good.slice(2)].map((r) => batch.commit(r)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    for (const r of good) expect(await hub.dataSource.manager.countBy(AuditEntry, { requestId: r.requestId })).toBe(1);
    const [badId] = bad.audit.persons.keys();
    expect(await hub.dataSource.manager.countBy(AuditEntryPerson, { idNumber: badId })).toBe(0);
  });

  it('has written the entries of concurrent lookups over HTTP before their answers arrived', async () => {
    // Eight: the most one caller may have in flight.
    const ids = Array.from({ length: 8 }, () => newIdNumber());
    const answers = await Promise.all(ids.map((idNumber, i) => hub.gql('query Look($id: String!) { person(idNumber: $id) { idNumber } }', { id: idNumber }, { 'x-purpose': `lookup ${i}` })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    // Each answer arrived after its entry was committed, so every lookup is already in the log.
    for (const id of ids) {
      const rows = await hub.dataSource.manager.findBy(AuditEntryPerson, { idNumber: id });
      expect(rows).toHaveLength(1);
    }
  });
});
