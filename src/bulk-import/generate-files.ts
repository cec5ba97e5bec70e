import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { populationChunks, type Population, type PopulationOptions } from '../seed/demo-population';
import { KINDS_OF, kindsOf } from './record-kinds';
import { SOURCE_DEPARTMENTS, type SourceDepartment } from '../ingestion/receipts/receipts';

export interface GenerateOptions extends PopulationOptions {
  out: string;
  format: 'ndjson' | 'csv';
  onProgress?: (householdsDone: number, households: number) => void;
}

/** Persons per household in the generated population, to turn a number of persons into households. */
export const PERSONS_PER_HOUSEHOLD = 2.6;
/** Households generated at a time: memory stays flat at any size. */
const HOUSEHOLDS_PER_CHUNK = 1000;

const LISTS_OF: Record<SourceDepartment, keyof Population> = {
  'civil-affairs': 'civilAffairs',
  'human-resources': 'humanResources',
  disability: 'disability',
};

export function householdsFor(persons: number): number {
  return Math.round(persons / PERSONS_PER_HOUSEHOLD);
}

/** A file written with the stream's backpressure respected. */
class Output {
  private readonly stream: WriteStream;
  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
  }
  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * The demo population's records as import files: `<dept>.ndjson` per department, or with
 * format csv `<kind>.csv` per kind. Records come in the order `hub import` needs (each slice's
 * persons before its households) and the same options always give the same bytes.
 */
export async function generateFiles(schema: GraphQLSchema, options: GenerateOptions): Promise<string[]> {
  mkdirSync(options.out, { recursive: true });
  const outputs = new Map<string, Output>();
  const headers = new Map<string, string[]>();
  for (const dept of SOURCE_DEPARTMENTS) {
    if (options.format === 'ndjson') {
      outputs.set(dept, new Output(path.join(options.out, `${dept}.ndjson`)));
      continue;
    }
    for (const [kind, type] of kindsOf(schema, dept)) {
      const output = new Output(path.join(options.out, `${kind}.csv`));
      outputs.set(kind, output);
      headers.set(kind, type.fields);
      await output.write(`${type.fields.map(csvCell).join(',')}\n`);
    }
  }
  let done = 0;
  try {
    for (const part of populationChunks(options, HOUSEHOLDS_PER_CHUNK)) {
      for (const dept of SOURCE_DEPARTMENTS) {
        const lists = part[LISTS_OF[dept]] as unknown as Record<string, object[]>;
        for (const kind of KINDS_OF[dept]) {
          const header = headers.get(kind);
          const output = outputs.get(header ? kind : dept) as Output;
          let text = '';
          for (const record of lists[kind]) {
            text += header ? `${header.map((field) => csvCell((record as Record<string, unknown>)[field])).join(',')}\n` : `${ndjsonLine(kind, record)}\n`;
          }
          await output.write(text);
        }
      }
      done += part.civilAffairs.households.length;
      options.onProgress?.(done, options.households);
    }
  } finally {
    for (const output of outputs.values()) await output.close();
  }
  return [...outputs.values()].map((o) => o.file);
}

/** A record with a `kind` of its own (a payment's) goes under `record`, beside the list's `kind`. */
function ndjsonLine(kind: string, record: object): string {
  return JSON.stringify('kind' in record ? { kind, record } : { kind, ...record });
}

/** One CSV cell: absent is empty, lists are JSON, and quoting only where a reader needs it. */
function csvCell(value: unknown): string {
  if (value == null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
