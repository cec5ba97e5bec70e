import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { AccessScope } from '../../../src/auth/access-scope';
import type { Caller } from '../../../src/auth/caller';

/*
 * What each role may see of personal records, twice: `covers` for a record in hand and `limit` for
 * a list query. Both must draw the same line, so the list is run on a real (in-memory SQLite)
 * table and compared with `covers` over the same rows.
 */

@Entity('scoped_person')
class ScopedPerson {
  @PrimaryColumn({ type: 'varchar' })
  id!: string;

  @Column({ type: 'varchar', nullable: true })
  registeredDistrict!: string | null;

  @Column({ type: 'varchar', nullable: true })
  residenceDistrict!: string | null;
}

const ROWS: ScopedPerson[] = [
  { id: 'registered-here', registeredDistrict: '120101', residenceDistrict: null },
  { id: 'lives-here', registeredDistrict: '120116', residenceDistrict: '120101' },
  { id: 'both-here', registeredDistrict: '120101', residenceDistrict: '120101' },
  { id: 'elsewhere', registeredDistrict: '120116', residenceDistrict: '120102' },
  { id: 'registered-elsewhere-only', registeredDistrict: '120102', residenceDistrict: null },
  { id: 'no-districts', registeredDistrict: null, residenceDistrict: null },
];

const CALLERS: Array<[string, Caller | null]> = [
  ['admin', { role: 'admin', sub: 'a' }],
  ['analyst', { role: 'analyst', sub: 'b' }],
  ['district 120101', { role: 'district', sub: 'c', district: '120101' }],
  ['department', { role: 'department', sub: 'd', dept: 'human-resources' }],
  ['no caller', null],
];

const EVERYONE = ROWS.map((r) => r.id);
const EXPECTED: Record<string, { sees: string[]; masked: boolean; unrestricted: boolean }> = {
  admin: { sees: EVERYONE, masked: false, unrestricted: true },
  analyst: { sees: EVERYONE, masked: true, unrestricted: true },
  'district 120101': { sees: ['registered-here', 'lives-here', 'both-here'], masked: false, unrestricted: false },
  department: { sees: [], masked: false, unrestricted: false },
  'no caller': { sees: [], masked: false, unrestricted: false },
};

let db: DataSource;
beforeAll(async () => {
  db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ScopedPerson], synchronize: true });
  await db.initialize();
  await db.getRepository(ScopedPerson).insert(ROWS);
});
afterAll(() => db?.destroy());

describe.each(CALLERS)('%s', (label, caller) => {
  const scope = new AccessScope(caller);

  test('covers exactly the records of its scope', () => {
    expect(ROWS.filter((r) => scope.covers(r)).map((r) => r.id)).toEqual(EXPECTED[label].sees);
    expect({ masked: scope.masked, unrestricted: scope.unrestricted }).toEqual({ masked: EXPECTED[label].masked, unrestricted: EXPECTED[label].unrestricted });
  });

  test('limit lists the same rows from the database', async () => {
    const qb = db.getRepository(ScopedPerson).createQueryBuilder('p').orderBy('p.id');
    scope.limit(qb, 'p');
    const listed = (await qb.getMany()).map((r) => r.id);
    expect(listed).toEqual([...EXPECTED[label].sees].sort());
  });
});

test('a district officer is limited by a bound parameter, never by the district written into the SQL', () => {
  const qb = db.getRepository(ScopedPerson).createQueryBuilder('p');
  new AccessScope({ role: 'district', sub: 'c', district: '120101' }).limit(qb, 'p');
  const [sql, parameters] = qb.getQueryAndParameters();
  expect(sql).not.toContain('120101');
  expect(parameters).toEqual(['120101', '120101']);
});
