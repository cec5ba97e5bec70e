import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ImportErrorCode, type RecordProblem } from './import-error-code';
import type { RecordKind } from './record-kinds';

/** One record of a file, or the problem that kept it from being one. */
export interface SourceRecord {
  /** The file's line the record ends on (1-based): what the rejected file and the checkpoint name. */
  line: number;
  raw: string;
  kind: string | null;
  value: Record<string, unknown> | null;
  problem: RecordProblem | null;
  /** Bytes of the file read so far, for the progress. */
  bytesRead: number;
}

/*
 * Both readers pull from the file only as fast as the import asks for records (async iteration
 * over the stream), so memory stays flat whatever the size. Lines up to `afterLine` (a
 * checkpoint) are read past without being parsed.
 */

/** NDJSON: one JSON object per line with a `kind` and the fields beside it or under `record`; blank lines are skipped. */
export async function* readNdjson(file: string, kinds: ReadonlyMap<string, RecordKind>, afterLine: number): AsyncGenerator<SourceRecord> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let rest = '';
  let line = 0;
  const recordOf = (text: string): SourceRecord | null => {
    line++;
    if (line <= afterLine) return null;
    const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (raw.trim() === '') return null;
    return { line, raw, ...parseNdjsonLine(raw, kinds), bytesRead: stream.bytesRead };
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) {
      const record = recordOf(text);
      if (record) yield record;
    }
  }
  if (rest !== '') {
    const record = recordOf(rest);
    if (record) yield record;
  }
}

function parseNdjsonLine(raw: string, kinds: ReadonlyMap<string, RecordKind>): Pick<SourceRecord, 'kind' | 'value' | 'problem'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return refused('', ImportErrorCode.UNPARSEABLE_LINE, `not JSON: ${(error as Error).message}`);
  }
  if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) return refused('', ImportErrorCode.UNPARSEABLE_LINE, 'a line holds one JSON object');
  const { kind, record, ...fields } = parsed as Record<string, unknown>;
  if (typeof kind !== 'string' || !kinds.has(kind)) {
    return refused('kind', ImportErrorCode.UNKNOWN_KIND, `kind must be one of ${[...kinds.keys()].join(', ')}, not ${JSON.stringify(kind ?? null)}`);
  }
  if (record === undefined) return { kind, value: fields, problem: null };
  // A record with a field named kind (a payment's) cannot sit beside the line's kind: it comes whole under `record`.
  if (record === null || typeof record !== 'object' || Array.isArray(record) || Object.keys(fields).length > 0) {
    return refused('record', ImportErrorCode.UNPARSEABLE_LINE, 'a line holds its fields either beside `kind` or as one object under `record`, not both');
  }
  return { kind, value: record as Record<string, unknown>, problem: null };
}

function refused(field: string, code: ImportErrorCode, message: string): Pick<SourceRecord, 'kind' | 'value' | 'problem'> {
  return { kind: null, value: null, problem: { field, code, message } };
}

/**
 * CSV of one kind: a header row of the input's field names, then one record per row. An empty
 * cell is an absent field; numbers and booleans are read as the input declares them, and lists
 * (a person's situations) are JSON in their cell. A cell that does not read as its type is passed
 * on as text, so that the type check refuses it with the field named.
 */
export async function* readCsv(file: string, kind: RecordKind, afterLine: number): AsyncGenerator<SourceRecord> {
  const stream = createReadStream(file);
  const parser = stream.pipe(parse({ info: true, raw: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  let header: string[] | null = null;
  for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    if (!header) {
      header = record.map((name) => name.trim());
      const unknown = header.filter((name) => kind.columnType(name) == null);
      if (unknown.length) {
        stream.destroy();
        throw new CsvHeaderError(`the header names fields ${kind.name} does not have: ${unknown.join(', ')}`);
      }
      continue;
    }
    if (info.lines <= afterLine) continue;
    const line = info.lines;
    const text = raw.replace(/\r?\n$/, '');
    if (record.length !== header.length) {
      yield { line, raw: text, kind: null, value: null, problem: { field: '', code: ImportErrorCode.WRONG_COLUMN_COUNT, message: `${record.length} cells where the header has ${header.length}` }, bytesRead: stream.bytesRead };
      continue;
    }
    yield { line, raw: text, ...cellsToValue(kind, header, record), bytesRead: stream.bytesRead };
  }
}

export class CsvHeaderError extends Error {}

function cellsToValue(kind: RecordKind, header: string[], cells: string[]): Pick<SourceRecord, 'kind' | 'value' | 'problem'> {
  const value: Record<string, unknown> = {};
  for (const [index, name] of header.entries()) {
    const cell = cells[index];
    if (cell === '') continue;
    const type = kind.columnType(name);
    if (type === 'number') value[name] = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    else if (type === 'boolean') value[name] = cell === 'true' ? true : cell === 'false' ? false : cell;
    else if (type === 'list') {
      try {
        value[name] = JSON.parse(cell);
      } catch {
        return { kind: null, value: null, problem: { field: name, code: ImportErrorCode.WRONG_TYPE, message: `${name} holds a JSON list in its cell` } };
      }
    } else value[name] = cell;
  }
  return { kind: kind.name, value, problem: null };
}
