import type { Pool, RowDataPacket } from 'mysql2/promise';

/*
 * The baseline of the eligibility benchmark: the rows the eligibility facts are built from, read
 * with mysql2 alone (no TypeORM, no DataLoader, no entities, no facts assembly).
 *
 * The reads copy the hub's batching statement for statement (src/eligibility/facts-gatherer.ts
 * with the loaders of src/departments/*): for a page of subjects, three rounds of keyed
 * `WHERE … IN (…)` lookups with the same WHERE and ORDER BY, the statements of a round sent
 * together over a pool of as many connections as the hub's, at most 1000 keys per statement (the
 * loaders' maxBatchSize), keys already asked for in the page not asked again (the loaders' cache).
 * So the database does the same work for both; what is left is the hub's own cost.
 *
 * `streamTables` is the other possible baseline, whole tables streamed; it is printed for
 * information only (it does less work: no index lookups, no re-reading of parents and household
 * members who belong to other pages).
 */

export const FACT_TABLES = [
  'ca_person',
  'ca_person_situation',
  'ca_household',
  'ca_household_member',
  'ca_economic_check',
  'ca_assistance_enrollment',
  'ca_serious_illness_certification',
  'dis_certificate',
  'hr_unemployment_registration',
  'hr_insurance_enrollment',
  'hr_income_month',
] as const;

export type FactTable = (typeof FACT_TABLES)[number];

/** Keyed reads: table, key column and ORDER BY, as the hub's loaders ask them. */
const LOOKUPS = {
  person: { table: 'ca_person', key: 'idNumber', order: '' },
  situations: { table: 'ca_person_situation', key: 'idNumber', order: 'ORDER BY `since` ASC' },
  illnesses: { table: 'ca_serious_illness_certification', key: 'idNumber', order: 'ORDER BY `validFrom` ASC' },
  personalEnrollments: { table: 'ca_assistance_enrollment', key: 'idNumber', order: 'ORDER BY `startDate` ASC' },
  certificates: { table: 'dis_certificate', key: 'idNumber', order: 'ORDER BY `issuedOn` ASC' },
  membership: { table: 'ca_household_member', key: 'idNumber', order: '' },
  registrations: { table: 'hr_unemployment_registration', key: 'idNumber', order: 'ORDER BY `startDate` ASC' },
  insurance: { table: 'hr_insurance_enrollment', key: 'idNumber', order: 'ORDER BY `startDate` ASC' },
  incomes: { table: 'hr_income_month', key: 'idNumber', order: 'ORDER BY `month` ASC' },
  household: { table: 'ca_household', key: 'householdNumber', order: '' },
  members: { table: 'ca_household_member', key: 'householdNumber', order: 'ORDER BY `idNumber` ASC' },
  economicChecks: { table: 'ca_economic_check', key: 'householdNumber', order: 'ORDER BY `checkedOn` DESC' },
  householdEnrollments: { table: 'ca_assistance_enrollment', key: 'householdNumber', order: 'ORDER BY `startDate` ASC' },
} as const;

type Lookup = keyof typeof LOOKUPS;

/** What the hub's personFacts reads of any person (subject, parent or household member). */
const PERSON_LOOKUPS: Lookup[] = ['person', 'situations', 'illnesses', 'personalEnrollments', 'certificates'];

const MAX_KEYS_PER_STATEMENT = 1000;

export interface RawTally {
  statements: number;
  rows: number;
  rowsByTable: Record<string, number>;
}

export function emptyRawTally(): RawTally {
  return { statements: 0, rows: 0, rowsByTable: Object.fromEntries(FACT_TABLES.map((t) => [t, 0])) };
}

async function lookup(pool: Pool, tally: RawTally, which: Lookup, keys: string[]): Promise<RowDataPacket[]> {
  if (keys.length === 0) return [];
  const { table, key, order } = LOOKUPS[which];
  const chunks: string[][] = [];
  for (let at = 0; at < keys.length; at += MAX_KEYS_PER_STATEMENT) chunks.push(keys.slice(at, at + MAX_KEYS_PER_STATEMENT));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM \`${table}\` WHERE \`${key}\` IN (?) ${order}`, [chunk]);
      return rows;
    }),
  );
  const rows = results.flat();
  tally.statements += chunks.length;
  tally.rows += rows.length;
  tally.rowsByTable[table] += rows.length;
  return rows;
}

function personLookups(pool: Pool, tally: RawTally, ids: string[]): Promise<RowDataPacket[][]> {
  return Promise.all(PERSON_LOOKUPS.map((which) => lookup(pool, tally, which, ids)));
}

const unique = (values: unknown[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string'))];

/** Every row the facts of one page of subjects are built from, in the hub's three rounds. */
export async function readPageRaw(pool: Pool, ids: string[], tally: RawTally): Promise<void> {
  const asked = new Set(ids);
  // Round 1: the subjects themselves, their household membership and human-resources records.
  const [[persons], memberships] = await Promise.all([
    personLookups(pool, tally, ids),
    lookup(pool, tally, 'membership', ids),
    lookup(pool, tally, 'registrations', ids),
    lookup(pool, tally, 'insurance', ids),
    lookup(pool, tally, 'incomes', ids),
  ]);
  // Round 2: parents who are not subjects, and the subjects' households.
  const parentIds = unique(persons.flatMap((p) => [p.fatherIdNumber, p.motherIdNumber])).filter((id) => !asked.has(id));
  for (const id of parentIds) asked.add(id);
  const numbers = unique(memberships.map((m) => m.householdNumber));
  const [, members] = await Promise.all([
    personLookups(pool, tally, parentIds),
    lookup(pool, tally, 'members', numbers),
    lookup(pool, tally, 'household', numbers),
    lookup(pool, tally, 'economicChecks', numbers),
    lookup(pool, tally, 'householdEnrollments', numbers),
  ]);
  // Round 3: the other members of those households (not already asked for in this page).
  const memberIds = unique(members.map((m) => m.idNumber)).filter((id) => !asked.has(id));
  await personLookups(pool, tally, memberIds);
}

/** Whole tables streamed, all eleven at once over the pool: the floor of reading the same data. */
export async function streamTables(pool: Pool, tally: RawTally): Promise<void> {
  await Promise.all(
    FACT_TABLES.map(
      (table) =>
        new Promise<void>((resolve, reject) => {
          let rows = 0;
          pool.pool
            .query(`SELECT * FROM \`${table}\``)
            .stream({ highWaterMark: 1000 })
            .on('data', () => {
              rows += 1;
            })
            .on('error', reject)
            .on('end', () => {
              tally.statements += 1;
              tally.rows += rows;
              tally.rowsByTable[table] += rows;
              resolve();
            });
        }),
    ),
  );
}
