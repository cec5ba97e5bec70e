import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../../../src/db/data-source';
import { ENTITIES } from '../../../src/db/entities';
import { Person } from '../../../src/departments/civil-affairs/person.entity';
import { createLogger } from '../../../src/logger';
import { generatePopulation } from '../../../src/seed/demo-population';
import { isDatabaseEmpty, seedDatabase } from '../../../src/seed/seed-database';

const OPTIONS = { households: 200, seed: 7, asOf: '2025-10-15' };

/** Rows per table, keyed by table name. */
async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of ENTITIES) counts[dataSource.getMetadata(entity).tableName] = await dataSource.manager.count(entity);
  return counts;
}

describe('seedDatabase on an SQLite file', () => {
  let directory: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'hub-seed-'));
    dataSource = await openDataSource(`sqlite:${path.join(directory, 'hub.sqlite')}`, createLogger('silent'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  test('stores exactly the generated records, in small batches, and again changes nothing', async () => {
    expect(await isDatabaseEmpty(dataSource)).toBe(true);
    const progress: number[] = [];
    const counts = await seedDatabase(dataSource, {
      ...OPTIONS,
      batchSize: 300,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(counts.rejected).toBe(0);
    expect(await isDatabaseEmpty(dataSource)).toBe(false);

    const { civilAffairs: ca, humanResources: hr, disability } = generatePopulation(OPTIONS);
    const rows = await rowCounts(dataSource);
    // The push's tables are checked below; the coverage pass has not run.
    const departmentsAndAudit = Object.fromEntries(Object.entries(rows).filter(([table]) => !table.startsWith('push_') && !table.startsWith('coverage_')));
    expect(departmentsAndAudit).toEqual({
      ca_person: ca.persons.length,
      ca_person_situation: ca.persons.reduce((sum, p) => sum + (p.situations?.length ?? 0), 0),
      ca_household: ca.households.length,
      ca_household_member: ca.households.reduce((sum, h) => sum + h.members.length, 0),
      ca_economic_check: ca.economicChecks.length,
      ca_assistance_enrollment: ca.enrollments.length,
      ca_serious_illness_certification: ca.seriousIllnessCertifications.length,
      ca_temporary_assistance_payment: ca.temporaryAssistancePayments.length,
      hr_unemployment_registration: hr.unemploymentRegistrations.length,
      hr_insurance_enrollment: hr.insuranceEnrollments.length,
      hr_income_month: hr.incomeMonths.length,
      dis_certificate: disability.certificates.length,
      // Demo data is the hub's own writing, not a caller's: it leaves no audit entries.
      audit_entry: 0,
      audit_entry_person: 0,
      // No import ran.
      import_checkpoint: 0,
      // It does write receipts, as any sender's batch: one per person and department that named them.
      person_receipt:
        new Set([...ca.persons.map((p) => p.idNumber), ...ca.households.flatMap((h) => h.members.map((m) => m.idNumber))]).size +
        new Set([...hr.unemploymentRegistrations, ...hr.insuranceEnrollments, ...hr.incomeMonths].map((r) => r.idNumber)).size +
        new Set(disability.certificates.map((c) => c.idNumber)).size,
    });
    expect(counts).toMatchObject({
      persons: rows.ca_person,
      households: rows.ca_household,
      certificates: rows.dis_certificate,
      registrations: rows.hr_unemployment_registration,
      incomeMonths: rows.hr_income_month,
    });
    // Demo data goes through the push like any ingestion: everyone living away is followed, and
    // districts find notifications in their inboxes.
    const away = ca.persons.filter((p) => p.residenceDistrict != null && p.residenceDistrict !== p.registeredDistrict).length;
    const followed = await dataSource.query('SELECT COUNT(DISTINCT idNumber) AS n FROM push_evaluation');
    expect(Number(followed[0].n)).toBe(away);
    expect(rows.push_notification).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const again = await seedDatabase(dataSource, OPTIONS);
    expect(again).toEqual(counts);
    expect(await rowCounts(dataSource)).toEqual(rows);
  });

  test('a stored person reads back as generated', async () => {
    const person = generatePopulation(OPTIONS).civilAffairs.persons.find((p) => p.residencePermitValidFrom)!;
    const row = await dataSource.manager.findOneByOrFail(Person, { idNumber: person.idNumber });
    expect(row).toMatchObject({
      name: person.name,
      registeredDistrict: person.registeredDistrict,
      residenceDistrict: person.residenceDistrict,
      residencePermitValidFrom: person.residencePermitValidFrom,
    });
  });
});
