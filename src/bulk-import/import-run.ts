import { appendFileSync, createReadStream, renameSync, statSync, writeFileSync, existsSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Services } from '../context/services';
import { CivilAffairsBatch } from '../departments/civil-affairs/civil-affairs.inputs';
import { DisabilityBatch } from '../departments/disability/disability.inputs';
import { HumanResourcesBatch } from '../departments/human-resources/human-resources.inputs';
import { importCaller, type AuditedImportCaller } from '../ingestion/ingest-access';
import type { IngestReport } from '../ingestion/ingest-report';
import { fileKeyOf, readCheckpoint, writeCheckpoint } from './checkpoint';
import type { RecordProblem } from './import-error-code';
import { kindsOf } from './record-kinds';
import { readCsv, readNdjson, type SourceRecord } from './record-readers';
import { databaseWaitOf, retryWhileUnavailable, type DatabaseWait } from './retry-unavailable';
import type { SourceDepartment } from '../ingestion/receipts/receipts';

export interface ImportOptions {
  dept: SourceDepartment;
  file: string;
  format: 'ndjson' | 'csv';
  /** The kind of a CSV file's records (default: the file's name without its extension). */
  kind?: string;
  /** Records per ingestion call, hence per transaction. */
  chunkSize: number;
  /** Where refused records go (default `<file>.rejected.ndjson`). */
  rejectedFile?: string;
  /** Start from the first line whatever the checkpoint says. */
  restart?: boolean;
  operator: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Asked after each chunk: true stops the import there, checkpoint written. */
  shouldStop?: () => boolean;
  /** How long a chunk waits for an unreachable database (default: HUB_IMPORT_DATABASE_WAIT_MS, docs/bulk-import.md). */
  databaseWait?: DatabaseWait;
}

export interface ImportProgress {
  /** Records read in this run (refused ones included). */
  rows: number;
  accepted: number;
  rejected: number;
  chunks: number;
  bytesRead: number;
  /** Bytes of the file, with those skipped to the checkpoint counted as read. */
  totalBytes: number;
  elapsedMs: number;
}

export interface ImportResult extends ImportProgress {
  /** The checkpoint line this run started after (0 from the start). */
  resumedFrom: number;
  /** The last line committed. */
  lastLine: number;
  complete: boolean;
  rejectedFile: string;
}

type Ingest = (lists: Record<string, object[]>, caller: AuditedImportCaller) => Promise<IngestReport>;

function ingestOf(services: Pick<Services, 'civilAffairs' | 'humanResources' | 'disability'>, dept: SourceDepartment): Ingest {
  if (dept === 'civil-affairs') return (lists, caller) => services.civilAffairs.ingest(Object.assign(new CivilAffairsBatch(), lists), caller);
  if (dept === 'human-resources') return (lists, caller) => services.humanResources.ingest(Object.assign(new HumanResourcesBatch(), lists), caller);
  return (lists, caller) => services.disability.ingest(Object.assign(new DisabilityBatch(), lists), caller);
}

/** One refused record as the rejected file holds it. */
interface RejectedLine {
  line: number;
  kind: string | null;
  key?: string | null;
  field: string;
  code: string;
  message: string;
  raw: string;
}

/**
 * Reads the file chunk by chunk and hands each chunk to the department's own `ingest`, as a
 * batch from an audited operator: validation, multi-row upserts in one transaction, push,
 * receipts and the audit entry are the service's, exactly as for a mutation. After each chunk
 * commits, its refused records go to the rejected file and the checkpoint moves past it. A chunk
 * or checkpoint that meets an unreachable database is run again for a while (retry-unavailable.ts).
 */
export async function runImport(
  dataSource: DataSource,
  schema: GraphQLSchema,
  services: Pick<Services, 'civilAffairs' | 'humanResources' | 'disability'>,
  options: ImportOptions,
): Promise<ImportResult> {
  const started = Date.now();
  const kinds = kindsOf(schema, options.dept);
  const csvKind = options.format === 'csv' ? kinds.get(options.kind ?? path.basename(options.file, path.extname(options.file))) : undefined;
  if (options.format === 'csv' && !csvKind) throw new Error(`a CSV file holds one kind of ${options.dept}: ${[...kinds.keys()].join(', ')}`);
  const wait = options.databaseWait ?? databaseWaitOf(process.env, options.shouldStop);
  const fileKey = await fileKeyOf(options.file, options.dept);
  const rejectedFile = options.rejectedFile ?? `${options.file}.rejected.ndjson`;
  const resumedFrom = options.restart ? 0 : await readCheckpoint(dataSource, fileKey);
  await keepRejectedUpTo(rejectedFile, resumedFrom);

  const caller = importCaller(options.operator, options.dept, path.basename(options.file));
  const ingest = ingestOf(services, options.dept);
  const totalBytes = statSync(options.file).size;
  const progress: ImportProgress = { rows: 0, accepted: 0, rejected: 0, chunks: 0, bytesRead: 0, totalBytes, elapsedMs: 0 };
  let lastLine = resumedFrom;
  let lists: Record<string, object[]> = {};
  let sources: Record<string, SourceRecord[]> = {};
  let refusedEarly: RejectedLine[] = [];
  let pending = 0;

  const flush = async (throughLine: number, bytesRead: number) => {
    const refused = [...refusedEarly];
    if (pending > 0) {
      const report = await retryWhileUnavailable(wait, lastLine, () => ingest(lists, caller));
      progress.accepted += report.accepted;
      for (const error of report.errors) {
        const source = sources[error.list][error.index];
        refused.push({ line: source.line, kind: error.list, key: error.key, field: error.field, code: error.code, message: error.message, raw: source.raw });
      }
    }
    refused.sort((a, b) => a.line - b.line);
    // Refusals are on disk before the checkpoint passes them: a crash in between repeats them, never drops them.
    if (refused.length) appendFileSync(rejectedFile, refused.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await retryWhileUnavailable(wait, lastLine, () => writeCheckpoint(dataSource, fileKey, options.dept, throughLine));
    progress.rejected += refused.length;
    progress.chunks++;
    progress.bytesRead = bytesRead;
    progress.elapsedMs = Date.now() - started;
    lastLine = throughLine;
    lists = {};
    sources = {};
    refusedEarly = [];
    pending = 0;
    options.onProgress?.({ ...progress });
  };

  const records = csvKind ? readCsv(options.file, csvKind, resumedFrom) : readNdjson(options.file, kinds, resumedFrom);
  let last: SourceRecord | null = null;
  let stopped = false;
  for await (const record of records) {
    last = record;
    progress.rows++;
    const accepted = record.problem ? null : kinds.get(record.kind as string)!.toInput(record.value);
    const problem: RecordProblem | null = record.problem ?? (accepted && 'problem' in accepted ? accepted.problem : null);
    if (problem || !accepted || !('input' in accepted)) {
      refusedEarly.push({ line: record.line, kind: record.kind, ...(problem as RecordProblem), raw: record.raw });
    } else {
      const kind = record.kind as string;
      (lists[kind] ??= []).push(accepted.input);
      (sources[kind] ??= []).push(record);
      pending++;
    }
    // Refused lines count toward a chunk too, so that a file of nothing but bad lines still moves its checkpoint.
    if (pending + refusedEarly.length >= options.chunkSize) {
      await flush(record.line, record.bytesRead);
      if (options.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
  }
  if (!stopped && last && (pending > 0 || refusedEarly.length > 0)) await flush(last.line, totalBytes);
  progress.bytesRead = stopped ? progress.bytesRead : totalBytes;
  progress.elapsedMs = Date.now() - started;
  return { ...progress, resumedFrom, lastLine, complete: !stopped, rejectedFile };
}

/**
 * A resumed run rewrites the rejected file without the lines after the checkpoint (a crash may
 * have left those of the replayed chunk); a run from the start begins it empty.
 */
async function keepRejectedUpTo(rejectedFile: string, line: number): Promise<void> {
  if (line === 0 || !existsSync(rejectedFile)) {
    writeFileSync(rejectedFile, '');
    return;
  }
  const kept = `${rejectedFile}.partial`;
  const out = createWriteStream(kept);
  for await (const text of createInterface({ input: createReadStream(rejectedFile), crlfDelay: Infinity })) {
    if (text && (JSON.parse(text) as RejectedLine).line <= line && !out.write(`${text}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(kept, rejectedFile);
}
