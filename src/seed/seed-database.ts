import path from 'node:path';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../common/paths';
import { createServices } from '../server/services';
import { CivilAffairsBatch } from '../departments/civil-affairs/civil-affairs.inputs';
import { Person } from '../departments/civil-affairs/person.entity';
import { DisabilityBatch } from '../departments/disability/disability.inputs';
import { HumanResourcesBatch } from '../departments/human-resources/human-resources.inputs';
import { DEMO_SEED_CALLER } from '../ingestion/ingest-access';
import type { IngestError, IngestReport } from '../ingestion/ingest-report';
import { populationChunks, type Population, type PopulationOptions } from './demo-population';

export interface SeedOptions extends PopulationOptions {
  /** Records per ingestion call, hence per transaction. */
  batchSize?: number;
  /** The policy parameters the push evaluates with (default: the hub's own files). */
  policyDir?: string;
  /** Households written so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedCounts {
  persons: number;
  situations: number;
  households: number;
  economicChecks: number;
  enrollments: number;
  seriousIllnessCertifications: number;
  temporaryAssistancePayments: number;
  registrations: number;
  insuranceEnrollments: number;
  incomeMonths: number;
  certificates: number;
  /** Records stored, all lists together. */
  accepted: number;
  rejected: number;
}

const DEFAULT_BATCH_SIZE = 2000;
/** Households generated at a time: enough to fill batches, small enough to keep memory flat at any size. */
const HOUSEHOLDS_PER_CHUNK = 1000;

export class SeedRejectedError extends Error {
  constructor(readonly errors: IngestError[]) {
    const lines = errors.slice(0, 10).map((e) => `  ${e.list}[${e.index}] ${e.key ?? ''} ${e.field}: ${e.code} ${e.message}`);
    super(`demo data failed the hub's own validation (${errors.length} rejected in the batch):\n${lines.join('\n')}`);
  }
}

/** Whether the hub holds no persons yet (the embedded default is then seeded at start). */
export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.manager.exists(Person));
}

/**
 * Writes the demo population through the departments' own services, as the departments would
 * send it, in batches of `batchSize` records each stored in its own transaction. Ingestion is
 * idempotent, so seeding again with the same options changes nothing.
 */
export async function seedDatabase(dataSource: DataSource, options: SeedOptions): Promise<SeedCounts> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be 1 or more, not ${batchSize}`);
  // Demo data is the hub's own writing, not a request's: its caller says so, and writes no audit entry.
  // Built as the hub builds them, so the demo data goes through the push as any ingestion does.
  const { civilAffairs, humanResources, disability } = createServices(dataSource, {
    HUB_MAX_BATCH: batchSize,
    HUB_MAX_PAGE: 1,
    HUB_POLICY_DIR: options.policyDir ?? path.join(PROJECT_ROOT, 'src', 'policy', 'parameters'),
  });
  const counts = zeroCounts();
  let householdsDone = 0;
  options.onProgress?.(0, options.households);

  for (const part of populationChunks(options, HOUSEHOLDS_PER_CHUNK)) {
    const chunkHouseholds = part.civilAffairs.households.length;
    const total = recordCount(part);
    let written = 0;
    const write = async (ingest: Promise<IngestReport>, size: number) => {
      const report = await ingest;
      if (report.rejected > 0) throw new SeedRejectedError(report.errors);
      counts.accepted += report.accepted;
      written += size;
      options.onProgress?.(householdsDone + Math.floor((chunkHouseholds * written) / total), options.households);
    };
    for (const batch of batches(part.civilAffairs, batchSize))
      await write(civilAffairs.ingest(Object.assign(new CivilAffairsBatch(), batch), DEMO_SEED_CALLER), size(batch));
    for (const batch of batches(part.humanResources, batchSize))
      await write(humanResources.ingest(Object.assign(new HumanResourcesBatch(), batch), DEMO_SEED_CALLER), size(batch));
    for (const batch of batches(part.disability, batchSize))
      await write(disability.ingest(Object.assign(new DisabilityBatch(), batch), DEMO_SEED_CALLER), size(batch));
    addCounts(counts, part);
    householdsDone += chunkHouseholds;
    options.onProgress?.(householdsDone, options.households);
  }
  return counts;
}

type Lists = Record<string, readonly unknown[]>;

function size(lists: object): number {
  return Object.values(lists as Lists).reduce((sum, records) => sum + records.length, 0);
}

function recordCount(part: Population): number {
  return Math.max(1, size(part.civilAffairs) + size(part.humanResources) + size(part.disability));
}

/**
 * Cuts a department's lists into batches of at most `limit` records in all, list order kept, so
 * that persons are stored before the households that list them.
 */
function* batches(department: object, limit: number): Generator<Lists> {
  let batch: Record<string, unknown[]> = {};
  let room = limit;
  for (const [list, records] of Object.entries(department as Lists)) {
    for (let at = 0; at < records.length;) {
      const take = Math.min(room, records.length - at);
      batch[list] = records.slice(at, at + take);
      at += take;
      room -= take;
      if (room === 0) {
        yield batch;
        batch = {};
        room = limit;
      }
    }
  }
  if (room < limit) yield batch;
}

function zeroCounts(): SeedCounts {
  return {
    persons: 0,
    situations: 0,
    households: 0,
    economicChecks: 0,
    enrollments: 0,
    seriousIllnessCertifications: 0,
    temporaryAssistancePayments: 0,
    registrations: 0,
    insuranceEnrollments: 0,
    incomeMonths: 0,
    certificates: 0,
    accepted: 0,
    rejected: 0,
  };
}

function addCounts(counts: SeedCounts, part: Population): void {
  const ca = part.civilAffairs;
  const hr = part.humanResources;
  counts.persons += ca.persons.length;
  counts.situations += ca.persons.reduce((sum, p) => sum + (p.situations?.length ?? 0), 0);
  counts.households += ca.households.length;
  counts.economicChecks += ca.economicChecks.length;
  counts.enrollments += ca.enrollments.length;
  counts.seriousIllnessCertifications += ca.seriousIllnessCertifications.length;
  counts.temporaryAssistancePayments += ca.temporaryAssistancePayments.length;
  counts.registrations += hr.unemploymentRegistrations.length;
  counts.insuranceEnrollments += hr.insuranceEnrollments.length;
  counts.incomeMonths += hr.incomeMonths.length;
  counts.certificates += part.disability.certificates.length;
}
