import { SignJWT, UnsecuredJWT } from 'jose';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newHouseholdNumber, newIdNumber, newRecordNumber } from '../fixtures/residents';
import { ADMIN, databasesUnderTest, startTestHub, TEST_SECRET, type TestHub } from './support/test-hub';
import type { Caller } from '../../src/auth/caller';

const HEPING: Caller = { sub: 'officer-heping', role: 'district', district: '120101' };
const BINHAI: Caller = { sub: 'officer-binhai', role: 'district', district: '120116' };
const HR: Caller = { sub: 'hr-bureau', role: 'department', dept: 'human-resources' };
const DISABILITY: Caller = { sub: 'federation', role: 'department', dept: 'disability' };
const ANALYST: Caller = { sub: 'analyst-1', role: 'analyst' };

const PERSON = `query($id: String!) { person(idNumber: $id) { idNumber name fatherIdNumber household { householdNumber members { idNumber person { idNumber } } } } }`;
const PERSONS = `query($first: Int, $after: String) { persons(first: $first, after: $after) { totalCount edges { cursor node { idNumber name } } pageInfo { endCursor } } }`;
const HOUSEHOLD = `query($n: String!) { household(householdNumber: $n) { householdNumber members { idNumber person { idNumber } } } }`;

/**
 * Heping (120101) has a household whose head lives in Binhai (120116); Binhai has a household of
 * its own; a third person is registered in Heping but listed in the Binhai household (a lodger).
 */
async function world(hub: TestHub) {
  const hepingHead = newIdNumber('120101', '1960-01-01');
  const hepingChild = newIdNumber('120101', '2012-02-02', 'FEMALE');
  const binhaiHead = newIdNumber('120116', '1970-03-03');
  const lodger = newIdNumber('120101', '1990-04-04');
  const hepingHousehold = newHouseholdNumber('120101');
  const binhaiHousehold = newHouseholdNumber('120116');
  const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
    input: {
      persons: [
        { idNumber: hepingHead, name: '张建华', registeredDistrict: '120101', residenceDistrict: '120116' },
        { idNumber: hepingChild, name: '张小雨', registeredDistrict: '120101', fatherIdNumber: hepingHead },
        { idNumber: binhaiHead, name: '李海', registeredDistrict: '120116' },
        { idNumber: lodger, name: '王客', registeredDistrict: '120104', residenceDistrict: '120116' },
      ],
      households: [
        { householdNumber: hepingHousehold, registeredDistrict: '120101', members: [
          { idNumber: hepingHead, relation: 'HEAD', monthlyIncome: 900 },
          { idNumber: hepingChild, relation: 'CHILD', monthlyIncome: 0 },
        ] },
        { householdNumber: binhaiHousehold, registeredDistrict: '120116', members: [
          { idNumber: binhaiHead, relation: 'HEAD', monthlyIncome: 3000 },
          { idNumber: lodger, relation: 'OTHER', monthlyIncome: 2000 },
        ] },
      ],
    },
  });
  expect(res.data.ingestCivilAffairs.rejected).toBe(0);
  return { hepingHead, hepingChild, binhaiHead, lodger, hepingHousehold, binhaiHousehold };
}

async function post(hub: TestHub, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function auditRows(hub: TestHub, sub: string) {
  const res = await hub.gql(`query($sub: String) { auditLog(filter: { sub: $sub }, first: 100) { edges { node { sub role district dept operation fields purpose personCount } } } }`, { sub });
  return res.data.auditLog.edges.map((e: any) => e.node);
}

describe.each(databasesUnderTest())('access on %s', (kind) => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub(kind);
    w = await world(hub);
  });
  afterAll(() => hub?.stop());

  describe('authentication', () => {
    const key = new TextEncoder().encode(TEST_SECRET);
    const sign = (claims: Record<string, unknown>, edit: (j: SignJWT) => SignJWT = (j) => j) =>
      edit(new SignJWT({ role: 'admin', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('civil-affairs-hub').setAudience('civil-affairs-hub').setExpirationTime('1h')).sign(key);
    const query = { query: PERSON, variables: { id: 'x' } };

    test('no token: UNAUTHENTICATED with 401; schema introspection alone is allowed outside production', async () => {
      const res = await post(hub, query);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'missing' });
      expect(res.body.data).toBeUndefined();
      const introspection = await post(hub, { query: '{ __schema { queryType { name } } }' });
      expect(introspection.body).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } } } });
    });

    test.each([
      ['forged (another secret)', async () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('civil-affairs-hub').setAudience('civil-affairs-hub').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-that-is-long-enough-000000')), 'signature'],
      ['expired', async () => sign({}, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60)), 'expired'],
      ['not yet valid', async () => sign({}, (j) => j.setNotBefore(Math.floor(Date.now() / 1000) + 3600)), 'not-yet-valid'],
      ['for another audience', async () => sign({}, (j) => j.setAudience('somebody-else')), 'claims'],
      ['from another issuer', async () => sign({}, (j) => j.setIssuer('somebody-else')), 'claims'],
      ['without expiry', async () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('civil-affairs-hub').setAudience('civil-affairs-hub').sign(key), 'claims'],
      ['unsigned (alg none)', async () => new UnsecuredJWT({ role: 'admin' }).setSubject('x').setIssuer('civil-affairs-hub').setAudience('civil-affairs-hub').setExpirationTime('1h').encode(), 'algorithm'],
      ['signed with HS512', async () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS512' }).setSubject('x').setIssuer('civil-affairs-hub').setAudience('civil-affairs-hub').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET.repeat(2))), 'algorithm'],
      ['with an unknown role', async () => sign({ role: 'mayor' }), 'claims'],
      ['a district token without a Tianjin district', async () => sign({ role: 'district', district: '110101' }), 'claims'],
      ['not a JWT', async () => 'not.a.jwt', 'malformed'],
    ])('a token %s is refused', async (_what, make, reason) => {
      const res = await post(hub, query, { authorization: `Bearer ${await make()}` });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    test('a header that is not a bearer token is refused', async () => {
      const res = await post(hub, query, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'malformed' });
    });
  });

  describe('a district officer', () => {
    test('sees persons registered or living in the district, and nobody else', async () => {
      const heping = hub.as(HEPING);
      expect((await heping(PERSON, { id: w.hepingHead })).data.person.idNumber).toBe(w.hepingHead);
      const other = await heping(PERSON, { id: w.binhaiHead });
      expect(other).toEqual({ data: { person: null }, extensions: expect.anything() });
      const unknown = await heping(PERSON, { id: newIdNumber('120101', '1955-05-05') });
      expect(unknown).toEqual(other);

      const binhai = hub.as(BINHAI);
      // Registered in Heping, living in Binhai: both districts see the person.
      expect((await binhai(PERSON, { id: w.hepingHead })).data.person.idNumber).toBe(w.hepingHead);
      expect((await binhai(PERSON, { id: w.hepingChild })).data.person).toBeNull();
    });

    test('lists only the district\'s persons', async () => {
      const listed = (await hub.as(HEPING)(PERSONS, { first: 100 })).data.persons;
      const ids = listed.edges.map((e: any) => e.node.idNumber);
      expect(ids).toEqual(expect.arrayContaining([w.hepingHead, w.hepingChild]));
      expect(ids).not.toContain(w.binhaiHead);
      expect(ids).not.toContain(w.lodger);
      const all = (await hub.gql(PERSONS, { first: 100 })).data.persons.totalCount;
      expect(listed.totalCount).toBeLessThan(all);
    });

    test('cannot reach another district\'s household or person through a household or a nested field', async () => {
      const heping = hub.as(HEPING);
      expect((await heping(HOUSEHOLD, { n: w.binhaiHousehold })).data.household).toBeNull();
      const own = (await heping(HOUSEHOLD, { n: w.hepingHousehold })).data.household;
      expect(own.members.map((m: any) => m.person.idNumber).sort()).toEqual([w.hepingHead, w.hepingChild].sort());
      // The Binhai officer sees the Heping head (lives in Binhai), but not the Heping household nor its child.
      const binhai = hub.as(BINHAI);
      const head = (await binhai(PERSON, { id: w.hepingHead })).data.person;
      expect(head.household).toBeNull();
      // In Binhai's own household, the lodger (registered in Nankai, living in Binhai) is visible.
      const binhaiHousehold = (await binhai(HOUSEHOLD, { n: w.binhaiHousehold })).data.household;
      expect(binhaiHousehold.members.map((m: any) => m.person?.idNumber).sort()).toEqual([w.binhaiHead, w.lodger].sort());
    });

    test('sends civil-affairs records of the district only, and cannot take over another district\'s person', async () => {
      const heping = hub.as(HEPING);
      const newcomer = newIdNumber('120101', '1988-08-08');
      const res = await heping(INGEST_CIVIL_AFFAIRS, {
        input: {
          persons: [
            { idNumber: newcomer, name: '新人', registeredDistrict: '120101' },
            { idNumber: newIdNumber('120102', '1977-07-07'), name: '外人', registeredDistrict: '120102' },
            { idNumber: w.binhaiHead, name: '李海', registeredDistrict: '120101' },
          ],
          economicChecks: [
            { householdNumber: w.hepingHousehold, checkedOn: '2025-01-01', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true },
            { householdNumber: w.binhaiHousehold, checkedOn: '2025-01-01', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true },
            { householdNumber: 'H-DOES-NOT-EXIST', checkedOn: '2025-01-01', moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false, incomeStable: true },
          ],
          temporaryAssistancePayments: [{ paymentNumber: newRecordNumber('TA'), idNumber: newcomer, paidOn: '2025-02-02', amount: 500, kind: 'EMERGENCY' }],
        },
      });
      const report = res.data.ingestCivilAffairs;
      expect(report.accepted).toBe(3);
      expect(report.errors.map((e: any) => [e.list, e.index, e.code])).toEqual([
        ['persons', 1, 'OUT_OF_SCOPE'],
        ['persons', 2, 'OUT_OF_SCOPE'],
        ['economicChecks', 1, 'OUT_OF_SCOPE'],
        ['economicChecks', 2, 'OUT_OF_SCOPE'],
      ]);
      // A household elsewhere and one that does not exist get the same answer.
      expect(report.errors[2].message).toBe(report.errors[3].message);
      expect((await hub.gql(PERSON, { id: w.binhaiHead })).data.person.name).toBe('李海');
    });

    test('may not send human-resources or disability records', async () => {
      const res = await hub.as(HEPING)(INGEST_HUMAN_RESOURCES, { input: { incomeMonths: [] } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('a partner department', () => {
    test('sends its own records with a purpose, and nothing else', async () => {
      const id = newIdNumber('120103', '1985-05-05');
      const hr = hub.as(HR, { 'x-purpose': 'monthly unemployment registration upload' });
      const ok = await hr(INGEST_HUMAN_RESOURCES, { input: { incomeMonths: [{ idNumber: id, month: '2025-01', amount: 0 }] } });
      expect(ok.data.ingestHumanResources.accepted).toBe(1);
      const other = await hr(INGEST_DISABILITY, { input: { certificates: [] } });
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      const civil = await hr(INGEST_CIVIL_AFFAIRS, { input: {} });
      expect(civil.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      const noPurpose = await hub.as(DISABILITY)(INGEST_DISABILITY, { input: { certificates: [] } });
      expect(noPurpose.errors?.[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED' });
    });

    test('cannot browse persons or households', async () => {
      const hr = hub.as(HR, { 'x-purpose': 'checking' });
      for (const [q, v] of [[PERSON, { id: w.hepingHead }], [PERSONS, { first: 5 }], [HOUSEHOLD, { n: w.hepingHousehold }]] as const) {
        const res = await hr(q, v);
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
        expect(JSON.stringify(res)).not.toContain(w.hepingHead);
      }
      const params = await hr('{ policyParameters { name } }');
      expect(params.data.policyParameters.length).toBeGreaterThan(10);
    });
  });

  // Analysts: see analyst-privacy.test.ts.

  describe('the audit log', () => {
    test('every read and write of personal records leaves an entry: who, what, which persons, why', async () => {
      const reader: Caller = { sub: `auditor-${kind}`, role: 'district', district: '120101' };
      await hub.as(reader, { 'x-purpose': 'annual review' })(PERSON, { id: w.hepingHead });
      await hub.as(reader)(PERSONS, { first: 3 });
      await hub.as(reader)(`query Rules { eligibilityRules { id } }`);
      const rows = await auditRows(hub, reader.sub);
      expect(rows).toHaveLength(2);
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'district', district: '120101', fields: 'person', purpose: 'annual review', personCount: expect.any(Number) }),
          expect.objectContaining({ fields: 'persons', purpose: null, personCount: 3 }),
        ]),
      );
      const byPerson = await hub.gql(`query($id: String) { auditLog(filter: { idNumber: $id, sub: "${reader.sub}" }) { totalCount edges { node { fields } } } }`, { id: w.hepingHead });
      expect(byPerson.data.auditLog.totalCount).toBeGreaterThanOrEqual(1);

      const writer: Caller = { sub: `writer-${kind}`, role: 'department', dept: 'disability' };
      const id = newIdNumber('120105', '1966-06-06');
      await hub.as(writer, { 'x-purpose': 'certificate sync' })(INGEST_DISABILITY, {
        input: { certificates: [{ certificateNumber: `${id}41`, idNumber: id, name: '周', category: 4, grade: 1, issuedOn: '2020-01-01' }] },
      });
      expect(await auditRows(hub, writer.sub)).toEqual([
        expect.objectContaining({ role: 'department', dept: 'disability', fields: 'ingestDisability', purpose: 'certificate sync', personCount: 1 }),
      ]);
    });

    test('when the audit entry cannot be written, no personal data is returned and nothing is stored', async () => {
      const id = newIdNumber('120106', '1950-06-06');
      await hub.dataSource.query('ALTER TABLE audit_entry RENAME TO audit_entry_away');
      try {
        const read = await post(hub, { query: PERSON, variables: { id: w.hepingHead } }, { authorization: `Bearer ${await hub.token(ADMIN)}` });
        expect(read.status).toBe(503);
        expect(read.body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
        expect(read.body.data).toBeUndefined();
        expect(JSON.stringify(read.body)).not.toContain(w.hepingHead);
        const write = await hub.gql(INGEST_CIVIL_AFFAIRS, { input: { persons: [{ idNumber: id, name: '赵', registeredDistrict: '120106' }] } });
        expect(write.data).toBeFalsy();
      } finally {
        await hub.dataSource.query('ALTER TABLE audit_entry_away RENAME TO audit_entry');
      }
      expect((await hub.gql(PERSON, { id })).data.person).toBeNull();
    });
  });

  describe('limits', () => {
    test('a too-deep query is refused before it runs', async () => {
      const deep = `{ person(idNumber: "${w.hepingHead}") { household { members { person { household { members { person { household { members { person { household { members { person { idNumber } } } } } } } } } } } } } }`;
      const res = await hub.gql(deep);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 12 });
      expect(res.data).toBeUndefined();
      expect(res.extensions?.sqlStatements ?? 0).toBe(0);
    });

    test('a too-expensive query is refused before it runs', async () => {
      const page = `persons(first: 100) { edges { node { idNumber household { members { person { disabilityCertificates { grade } eligibility { conditions { evidence { recordId } } } } } } } } }`;
      const res = await hub.gql(`{ a: ${page} b: ${page} c: ${page} }`);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 200000 });
      expect(res.errors?.[0].extensions?.complexity).toBeGreaterThan(200000);
      expect(res.extensions?.sqlStatements ?? 0).toBe(0);
    });

    test('a body above the size limit is refused with 413', async () => {
      const res = await post(hub, { query: '{ __typename }', variables: { pad: 'x'.repeat(5_100_000) } }, { authorization: `Bearer ${await hub.token(ADMIN)}` });
      expect(res.status).toBe(413);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 5_000_000 });
    });
  });
});
