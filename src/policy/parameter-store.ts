import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalDate } from '../common/local-date';
import { parameterFileSchema, type ParameterFile, type ParameterStatus } from './parameter-file';

/** A parameter's value in force on a date, with where it comes from. */
export interface ParameterInForce {
  name: string;
  title: string;
  unit: string;
  clause: string | null;
  value: number;
  effectiveFrom: LocalDate;
  reference: string;
  status: ParameterStatus;
  note: string | null;
}

export class PolicyFileError extends Error {}

export class NoValueInForceError extends Error {
  constructor(
    readonly parameter: string,
    readonly asOf: LocalDate,
    readonly firstEffective: LocalDate,
  ) {
    super(`parameter ${parameter} has no value in force on ${asOf}; its first value takes effect on ${firstEffective}`);
  }
}

/**
 * Reads and checks every parameter file of a folder. Any malformed or overlapping file stops the
 * start with a message naming it: evaluating policy with a half-read parameter set is worse than
 * not starting.
 */
export function loadParameterFiles(folder: string): ParameterFile[] {
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new PolicyFileError(`no parameter files in ${folder}`);
  return files.map((file) => {
    const where = path.join(folder, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(where, 'utf8'));
    } catch (error) {
      throw new PolicyFileError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = parameterFileSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n');
      throw new PolicyFileError(`${where}: malformed parameter file\n${problems}`);
    }
    if (`${parsed.data.name}.json` !== file) {
      throw new PolicyFileError(`${where}: the file of parameter "${parsed.data.name}" must be named ${parsed.data.name}.json`);
    }
    return parsed.data;
  });
}

export class ParameterStore {
  private readonly byName: Map<string, ParameterFile>;

  constructor(files: ParameterFile[]) {
    this.byName = new Map(files.map((f) => [f.name, f]));
  }

  static fromFolder(folder: string): ParameterStore {
    return new ParameterStore(loadParameterFiles(folder));
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The value in force on `asOf`: the latest one that took effect on or before it. */
  valueOn(name: string, asOf: LocalDate): ParameterInForce {
    const file = this.byName.get(name);
    if (!file) throw new Error(`unknown policy parameter ${name}`);
    const entry = file.values.findLast((v) => v.effectiveFrom <= asOf);
    if (!entry) throw new NoValueInForceError(name, asOf, file.values[0].effectiveFrom);
    return {
      name,
      title: file.title,
      unit: file.unit,
      clause: file.clause ?? null,
      value: entry.value,
      effectiveFrom: entry.effectiveFrom,
      reference: entry.reference ?? file.reference,
      status: entry.status,
      note: entry.note ?? null,
    };
  }

  /** Every parameter in force on `asOf`; those with no value yet are left out. */
  allOn(asOf: LocalDate): ParameterInForce[] {
    return this.names().flatMap((name) => {
      try {
        return [this.valueOn(name, asOf)];
      } catch (error) {
        if (error instanceof NoValueInForceError) return [];
        throw error;
      }
    });
  }
}
