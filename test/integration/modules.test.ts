import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Authorized, Ctx, Field, getMetadataStorage, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Caller } from '../../src/auth/caller';
import { UnclassifiedFieldsError } from '../../src/auth/privacy/apply-privacy';
import type { HubContext } from '../../src/context/hub-context';
import type { HubModule } from '../../src/context/hub-module';
import type { Services } from '../../src/context/services';
import { disabilityModule } from '../../src/departments/disability/disability.module';
import { createLogger } from '../../src/logger';
import { buildHubSchema } from '../../src/server/schema';
import { createServices } from '../../src/server/services';
import { createLoaders } from '../../src/server/context';
import { HUB_MODULES, withModules } from '../../src/server/modules';
import { PROJECT_ROOT } from '../../src/common/paths';
import { newIdNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * A department is added by listing its module: a module defined here, outside every central
 * file, is served, classified, pseudonymised for analysts and audited like the hub's own.
 */

const VISITED = newIdNumber('120103', '1948-02-11');

@ObjectType({ description: 'A social worker\'s home visit (a test-only module).' })
class HomeVisit {
  @Field() idNumber!: string;
  @Field() name!: string;
  @Field() visitedOn!: string;
}

@Resolver()
class HomeVisitResolver {
  constructor(readonly services: Services) {}

  @Authorized('admin', 'analyst')
  @Query(() => HomeVisit)
  lastHomeVisit(@Ctx() ctx: HubContext): HomeVisit {
    ctx.audit.touch(VISITED);
    return { idNumber: VISITED, name: '张桂兰', visitedOn: '2025-03-01' };
  }

  @Authorized('admin', 'analyst')
  @Query(() => Int)
  homeVisitsThisYear(): number {
    return 12;
  }
}

const homeVisitsModule: HubModule = {
  name: 'home visits',
  resolvers: [HomeVisitResolver],
  personalFields: { 'HomeVisit.idNumber': 'id-number', 'HomeVisit.name': 'name', 'HomeVisit.visitedOn': 'plain' },
  // homeVisitsThisYear is a count naming nobody: not audited.
  auditedRootFields: ['lastHomeVisit'],
};

const ANALYST: Caller = { sub: 'analyst-of-home-visits', role: 'analyst' };
const LAST_VISIT = '{ lastHomeVisit { idNumber name visitedOn } }';

describe('the module list', () => {
  test('every module descriptor in src/ is on the list: a forgotten line is caught here', () => {
    const src = path.join(PROJECT_ROOT, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.module.ts'));
    const described = files.flatMap((f) => Object.values(require(path.join(src, f)) as Record<string, unknown>));
    expect(described.length).toBeGreaterThanOrEqual(8);
    expect(described.filter((m) => !(HUB_MODULES as readonly unknown[]).includes(m))).toEqual([]);
    expect(new Set(HUB_MODULES.map((m) => m.name)).size).toBe(HUB_MODULES.length);
  });

  test('the hub\'s own schema does not have the test module\'s fields; with it listed, it does', async () => {
    const own = await buildHubSchema(null);
    expect(own.getQueryType()?.getFields().lastHomeVisit).toBeUndefined();
    expect(own.getType('HomeVisit')).toBeUndefined();
    const extended = await buildHubSchema(null, undefined, withModules([homeVisitsModule]));
    expect(Object.keys(extended.getQueryType()?.getFields() ?? {})).toEqual(expect.arrayContaining(['lastHomeVisit', 'homeVisitsThisYear', 'persons']));
  });

  test('a module field without a personal-data kind stops the schema from being built', async () => {
    const unclassified: HubModule = { ...homeVisitsModule, personalFields: { 'HomeVisit.idNumber': 'id-number', 'HomeVisit.visitedOn': 'plain' } };
    await expect(buildHubSchema(null, undefined, withModules([unclassified]))).rejects.toThrow(UnclassifiedFieldsError);
    await expect(buildHubSchema(null, undefined, withModules([unclassified]))).rejects.toThrow(/HomeVisit\.name/);
  });

  test('a field classified by two modules is refused rather than decided by the list\'s order', async () => {
    const twice: HubModule = { name: 'twice', personalFields: { 'Person.idNumber': 'plain' } };
    await expect(buildHubSchema(null, undefined, withModules([twice]))).rejects.toThrow(/Person\.idNumber is classified twice/);
  });

  test('a persons filter field no module answers stops the schema, instead of matching everyone', async () => {
    const withoutFilter = HUB_MODULES.map((m) => (m === disabilityModule ? { ...disabilityModule, personFilters: undefined } : m));
    await expect(buildHubSchema(null, undefined, withoutFilter)).rejects.toThrow(/persons filter fields without a condition.*disabilityGrade/);
    const claimedTwice: HubModule = { name: 'second disability', personFilters: disabilityModule.personFilters };
    await expect(buildHubSchema(null, undefined, withModules([claimedTwice]))).rejects.toThrow(/disabilityGrade is declared by both disability and second disability/);
  });

  test('every field resolver is listed by the module that classifies its field: departments add their own Person and Household fields', async () => {
    await buildHubSchema(null);
    const storage = getMetadataStorage();
    const typeName = (cls: unknown) => storage.objectTypes.find((t) => t.target === cls)?.name;
    const resolvedBy = new Map<string, string>();
    for (const m of HUB_MODULES) {
      for (const resolver of m.resolvers ?? []) {
        for (const f of storage.fieldResolvers.filter((r) => r.target === resolver)) resolvedBy.set(`${typeName(f.getObjectType?.())}.${f.schemaName}`, m.name);
      }
    }
    const classifiedBy = new Map(HUB_MODULES.flatMap((m) => Object.keys(m.personalFields ?? {}).map((f) => [f, m.name] as const)));
    const mismatched = [...resolvedBy].filter(([field, module]) => classifiedBy.get(field) !== module).map(([field, module]) => `${field}: ${module}`);
    expect(mismatched).toEqual([]);
    expect(resolvedBy.get('Person.incomeMonths')).toBe('human resources');
    expect(resolvedBy.get('Person.disabilityCertificates')).toBe('disability');
    expect(resolvedBy.get('Household.economicChecks')).toBe('civil affairs');
    expect(resolvedBy.get('Person.household')).toBe('people');
  });

  test('a module listed before the module whose services or loaders it uses is named at start', () => {
    const settings = { HUB_MAX_BATCH: 10, HUB_MAX_PAGE: 10, HUB_POLICY_DIR: 'src/policy/parameters' };
    const auditLast = [...HUB_MODULES.slice(1), HUB_MODULES[0]];
    expect(() => createServices({} as never, settings, auditLast)).toThrow(/civil affairs module needs the audit service/);
    const eligibilityFirst = [...HUB_MODULES.filter((m) => m.name === 'eligibility'), ...HUB_MODULES.filter((m) => m.name !== 'eligibility')];
    expect(() => createLoaders({} as never, eligibilityFirst)).toThrow(/eligibility module needs the civilAffairs loaders/);
  });
});

describe.each(databasesUnderTest())('a test-only module served by the hub (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind, {}, { log: createLogger('silent'), extraModules: [homeVisitsModule] });
  });
  afterAll(() => hub?.stop());

  const entriesOf = async (sub: string) => {
    const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 10) { edges { node { fields persons { idNumber usage } } } } }`, { sub });
    expect(res.errors).toBeUndefined();
    return res.data.auditLog.edges.map((e: any) => e.node);
  };

  test('an admin reads the record as it is', async () => {
    const res = await hub.gql(LAST_VISIT);
    expect(res.errors).toBeUndefined();
    expect(res.data.lastHomeVisit).toEqual({ idNumber: VISITED, name: '张桂兰', visitedOn: '2025-03-01' });
  });

  test('an analyst receives it pseudonymised, by the kinds the module declared', async () => {
    const res = await hub.as(ANALYST)(LAST_VISIT);
    expect(res.errors).toBeUndefined();
    expect(res.data.lastHomeVisit.idNumber).toMatch(/^P-[\w-]{20}$/);
    expect(res.data.lastHomeVisit.name).toBe('***');
    expect(res.data.lastHomeVisit.visitedOn).toBe('2025-03-01');
    expect(JSON.stringify(res)).not.toContain(VISITED.slice(6, 14));
  });

  test('its declared root field is audited with the person it read; its other root field is not', async () => {
    const reader: Caller = { sub: `visits-reader-${kind}`, role: 'analyst' };
    expect((await hub.as(reader)('{ homeVisitsThisYear }')).data).toEqual({ homeVisitsThisYear: 12 });
    expect(await entriesOf(reader.sub)).toEqual([]);
    expect((await hub.as(reader)(LAST_VISIT)).errors).toBeUndefined();
    expect(await entriesOf(reader.sub)).toEqual([{ fields: 'lastHomeVisit', persons: [{ idNumber: VISITED, usage: 'read' }] }]);
  });

  test('over WebSocket the same module is pseudonymised the same way', async () => {
    const http = await hub.as(ANALYST)(LAST_VISIT);
    const ws = await hub.wsOnce(ANALYST, LAST_VISIT);
    expect(ws.errors).toBeUndefined();
    expect(ws.data).toEqual(http.data);
  });
});
