import { parseArgs } from 'node:util';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { SettingsError, type Settings } from '../../config';
import { databaseKind, openDataSource } from '../../db/data-source';
import { createLogger, logSafeError, type Logger } from '../../logger';

/*
 * What the push's operator commands (`hub sweep`, `hub archive`) share: arguments checked before
 * anything is opened, the database of the settings, and failures said without the values a
 * driver's message quotes (ID numbers among them).
 */

export type Parsed<T> = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; args: T };

type StringOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Strict parsing: an unknown option or a stray word is a usage error (exit 2), not ignored. */
export function parseOptions(argv: string[], options: StringOptions): { values: Record<string, string | boolean | undefined> } | { error: string } {
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options });
    return { values: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A whole number option within bounds, or the message saying what is wrong with it. */
export function wholeNumber(name: string, raw: string | boolean | undefined, fallback: number, min: number, max: number): number | string {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return `--${name} takes a whole number, not "${String(raw)}"`;
  const value = Number(raw);
  return value >= min && value <= max ? value : `--${name} must be from ${min} to ${max}, not ${raw}`;
}

/** Log lines of a command go to stderr, leaving stdout to its result; only warnings unless LOG_LEVEL asks for more. */
export function commandLogger(settings: Pick<Settings, 'LOG_LEVEL'>): Logger {
  const level = settings.LOG_LEVEL === 'info' ? 'warn' : settings.LOG_LEVEL;
  return createLogger(level, pino.destination({ fd: 2, sync: true }));
}

/** The settings' database; MySQL or MariaDB only once migrated to this code's schema. */
export async function openCommandDatabase(settings: Pick<Settings, 'DATABASE_URL'>, log: Logger): Promise<DataSource> {
  const dataSource = await openDataSource(settings.DATABASE_URL, log);
  if (databaseKind(dataSource) !== 'sqlite' && (await dataSource.showMigrations())) {
    await dataSource.destroy();
    throw new SettingsError('the MySQL schema is behind the code: run `npm run migrate` first');
  }
  return dataSource;
}

/** A failure as one line an operator can read: never the driver's message, which may quote values. */
export function failureLine(command: string, error: unknown): string {
  if (error instanceof SettingsError) return `${command}: ${error.message}`;
  const safe = logSafeError(error);
  return `${command}: failed: ${safe.message}${safe.code !== undefined && !safe.message.includes(String(safe.code)) ? ` (${safe.code})` : ''}`;
}

/**
 * The life of an operator command: help or a usage error (exit 2) before anything is opened, then
 * the settings' database for `run`, any failure said as one safe line (exit 1), and the database
 * closed whatever happens.
 */
export async function runOperatorCommand<T>(
  command: string,
  usage: string,
  settings: Settings,
  parsed: Parsed<T>,
  run: (dataSource: DataSource, args: T, log: Logger) => Promise<number>,
): Promise<number> {
  if (parsed.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${command}: ${parsed.message}\n\n${usage}`);
    return 2;
  }
  const log = commandLogger(settings);
  let dataSource: DataSource;
  try {
    dataSource = await openCommandDatabase(settings, log);
  } catch (error) {
    process.stderr.write(`${failureLine(command, error)}\n`);
    return 1;
  }
  try {
    return await run(dataSource, parsed.args, log);
  } catch (error) {
    process.stderr.write(`${failureLine(command, error)}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

/** `name  value` lines, aligned: the command's result on stdout. */
export function printLines(entries: Array<[string, string | number]>, out: NodeJS.WritableStream = process.stdout): void {
  const width = Math.max(...entries.map(([name]) => name.length));
  for (const [name, value] of entries) out.write(`${name.padEnd(width)}  ${value}\n`);
}
