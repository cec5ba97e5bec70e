import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { DataSource, EntityMetadata } from 'typeorm';
import { kindsOf } from '../../src/bulk-import/record-kinds';
import { readNdjson } from '../../src/bulk-import/record-readers';
import { Sex } from '../../src/departments/civil-affairs/civil-affairs.enums';
import { parseIdNumber } from '../../src/identity/id-number';
import type { SourceDepartment } from '../../src/ingestion/receipts/receipts';

/*
 * The import bench's side of LOAD DATA (import-speed.bench.ts): the generated records of a
 * department turned into the exact rows of its tables, as its service stores them, one TSV file
 * per table.
 */

export const TABLES_OF: Record<SourceDepartment, string[]> = {
  'civil-affairs': [
    'ca_person', 'ca_person_situation', 'ca_household', 'ca_household_member', 'ca_economic_check',
    'ca_assistance_enrollment', 'ca_serious_illness_certification', 'ca_temporary_assistance_payment',
  ],
  'human-resources': ['hr_unemployment_registration', 'hr_insurance_enrollment', 'hr_income_month'],
  disability: ['dis_certificate'],
};

/** The table of each record kind whose fields are its columns one to one. */
const TABLE_OF_KIND: Record<string, string> = {
  economicChecks: 'ca_economic_check',
  enrollments: 'ca_assistance_enrollment',
  seriousIllnessCertifications: 'ca_serious_illness_certification',
  temporaryAssistancePayments: 'ca_temporary_assistance_payment',
  unemploymentRegistrations: 'hr_unemployment_registration',
  insuranceEnrollments: 'hr_insurance_enrollment',
  incomeMonths: 'hr_income_month',
  certificates: 'dis_certificate',
};

type Row = Record<string, unknown>;

/** One TSV per table, in LOAD DATA's default escaping, columns in metadata order. */
class TableFiles {
  private readonly files = new Map<string, { out: ReturnType<typeof createWriteStream>; file: string; rows: number; metadata: EntityMetadata }>();
  constructor(private readonly dir: string, private readonly metadataOf: (table: string) => EntityMetadata) {}

  async add(table: string, row: Row): Promise<void> {
    let entry = this.files.get(table);
    if (!entry) {
      const file = path.join(this.dir, `${table}.tsv`);
      entry = { out: createWriteStream(file), file, rows: 0, metadata: this.metadataOf(table) };
      this.files.set(table, entry);
    }
    entry.rows++;
    const cells = entry.metadata.columns.map((c) => tsvCell(c.transformer && !Array.isArray(c.transformer) ? c.transformer.to(row[c.propertyName] ?? null) : row[c.propertyName]));
    if (!entry.out.write(`${cells.join('\t')}\n`)) await once(entry.out, 'drain');
  }

  async close(): Promise<Array<{ table: string; file: string; rows: number; columns: string[] }>> {
    const out = [];
    for (const [table, entry] of this.files) {
      entry.out.end();
      await once(entry.out, 'finish');
      out.push({ table, file: entry.file, rows: entry.rows, columns: entry.metadata.columns.map((c) => c.databaseName) });
    }
    return out;
  }
}

function tsvCell(value: unknown): string {
  if (value == null) return '\\N';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value).replace(/[\\\t\n\r\0]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' })[c] as string);
}

/** The table rows of one record, as the department's service stores it. */
function tableRowsOf(kind: string, record: Row, today: string): Array<[string, Row]> {
  if (kind === 'persons') {
    const parsed = parseIdNumber(record.idNumber as string, today);
    if (!parsed.ok) throw new Error('the generator wrote an invalid ID number');
    const person: Row = { ...record, sex: parsed.value.sex === 'MALE' ? Sex.MALE : Sex.FEMALE, birthDate: parsed.value.birthDate };
    const situations = ((record.situations as Row[] | null) ?? []).map((s): [string, Row] => ['ca_person_situation', { ...s, idNumber: record.idNumber }]);
    return [['ca_person', person], ...situations];
  }
  if (kind === 'households') {
    const members = (record.members as Row[]).map((m): [string, Row] => ['ca_household_member', { ...m, householdNumber: record.householdNumber }]);
    return [['ca_household', record], ...members];
  }
  return [[TABLE_OF_KIND[kind], record]];
}

export interface Prepared {
  /** The department's NDJSON file, as the generator wrote it. */
  file: string;
  records: number;
  tables: Array<{ table: string; file: string; rows: number; columns: string[] }>;
}

export async function prepare(ds: DataSource, schema: GraphQLSchema, dept: SourceDepartment, dir: string, today: string): Promise<Prepared> {
  const byTable = new Map(ds.entityMetadatas.map((m) => [m.tableName, m]));
  const files = new TableFiles(dir, (table) => byTable.get(table) as EntityMetadata);
  const kinds = kindsOf(schema, dept);
  const file = path.join(dir, `${dept}.ndjson`);
  let records = 0;
  for await (const record of readNdjson(file, kinds, 0)) {
    const coerced = kinds.get(record.kind as string)?.toInput(record.value);
    if (!coerced || !('input' in coerced)) throw new Error(`the generator wrote a record the import refuses: ${JSON.stringify(record.problem ?? coerced)}`);
    records++;
    for (const [table, row] of tableRowsOf(record.kind as string, coerced.input as Row, today)) await files.add(table, row);
  }
  return { file, records, tables: await files.close() };
}
