import { DataSource } from 'typeorm';
import { AuditEntry } from '../../../src/audit/audit-entry.entity';
import { AuditService } from '../../../src/audit/audit.service';
import { AuditTrail } from '../../../src/audit/audit-trail';
import { AccessScope } from '../../../src/auth/access-scope';
import type { Caller } from '../../../src/auth/caller';
import type { HubContext } from '../../../src/context/hub-context';
import { HumanResourcesService } from '../../../src/departments/human-resources/human-resources.service';
import { DEMO_SEED_CALLER, auditBatch, isDemoSeed } from '../../../src/ingestion/ingest-access';
import { ENTITIES } from '../../../src/db/entities';
import { newIdNumber } from '../../fixtures/residents';

/*
 * The hub writing its own demo data is a caller of its own, named for what it is: unrestricted
 * and, by its type, unaudited. A request is audited in the batch's transaction.
 */

let dataSource: DataSource;
beforeAll(async () => {
  dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [...ENTITIES], synchronize: true });
  await dataSource.initialize();
});
afterAll(() => dataSource?.destroy());

const PERSON = newIdNumber('120104', '1975-06-01');

test('the demo seed caller is unrestricted, fixed, and not a request', () => {
  expect(DEMO_SEED_CALLER.scope.unrestricted).toBe(true);
  expect(DEMO_SEED_CALLER.audit).toBe('none');
  expect(Object.isFrozen(DEMO_SEED_CALLER)).toBe(true);
  expect(isDemoSeed(DEMO_SEED_CALLER)).toBe(true);
});

test('ingestion refuses a null caller at compile time: there is no implicit "the hub itself"', () => {
  const service = new HumanResourcesService(dataSource, 10, new AuditService(dataSource, 1), null as never);
  // @ts-expect-error a caller is a request or the demo seed, never null
  const call = () => service.ingest({}, null);
  expect(typeof call).toBe('function');
});

test('the demo seed writes no audit entry; a request writing the same batch does', async () => {
  const audit = new AuditService(dataSource, 1);
  await dataSource.transaction((manager) => auditBatch(audit, DEMO_SEED_CALLER, manager, [PERSON]));
  expect(await dataSource.manager.count(AuditEntry)).toBe(0);

  const caller: Caller = { sub: 'hr-clerk', role: 'department', dept: 'human-resources' };
  const request = { requestId: 'r1', caller, scope: new AccessScope(caller), purpose: 'monthly upload', audit: new AuditTrail() } as unknown as HubContext;
  expect(isDemoSeed(request)).toBe(false);
  await dataSource.transaction((manager) => auditBatch(audit, request, manager, [PERSON]));
  expect(await dataSource.manager.count(AuditEntry)).toBe(1);
});
