import pino, { type DestinationStream, type LogFn } from 'pino';

export type Logger = pino.Logger;

/**
 * Log lines travel further than the database (files, collectors, support tickets), so they carry
 * no personal data: errors are reduced to their class, code and a scrubbed message, request
 * inputs are never logged, and every line has its ID numbers masked as it is written.
 */

/** What stands in for an ID number in every log line. */
export const ID_NUMBER_MASK = '[id-number]';

/** What stands in for a quoted value or a name in an error message. */
export const WITHHELD = '…';

// 18-character resident ID numbers (17 digits and a check character) and 15-digit old ones; a
// longer run of digits (a certificate number holding an ID number, a card number) goes whole.
const ID_NUMBERS = /\d{15,}[Xx]?/g;

// In a serialized line: a JSON string (masked inside) or a bare number as long as an ID number
// (replaced by the mask as a string, so that the line stays valid JSON).
const JSON_STRING_OR_LONG_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d{15,}(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

// Error messages quote the values they choke on ("Duplicate entry '…'", JSON snippets, lookup
// criteria); the hub's own messages are English, so Han characters in one are a name or address.
const QUOTED = /'[^'\n]*'|"[^"\n]*"|`[^`\n]*`|“[^”\n]*”|‘[^’\n]*’/g;
const HAN = /\p{Script=Han}+/gu;
const MAX_MESSAGE = 500;

/** Properties of an error that may be logged; everything else (sql, parameters, body, …) is dropped. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  errno?: number;
  sqlState?: string;
  status?: number;
  stack?: string;
  cause?: LoggedError;
}

export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBERS, ID_NUMBER_MASK);
}

/** The last line of defence: applied to every serialized line, whatever a log call passed. */
export function maskLogLine(line: string): string {
  return line.replace(JSON_STRING_OR_LONG_NUMBER, (token) =>
    token.startsWith('"') ? maskIdNumbers(token) : JSON.stringify(ID_NUMBER_MASK),
  );
}

/** Free text from outside the hub's code (error messages), with quoted values, names and ID numbers withheld. */
export function scrubText(text: string): string {
  const scrubbed = maskIdNumbers(text.replace(QUOTED, (q) => `${q[0]}${WITHHELD}${q[q.length - 1]}`).replace(HAN, WITHHELD));
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}${WITHHELD}` : scrubbed;
}

type ErrorLike = Record<string, unknown>;

function typeOf(error: ErrorLike): string {
  if (error instanceof Error) return error.constructor?.name || error.name || 'Error';
  return typeof error.type === 'string' ? error.type : typeof error.name === 'string' ? error.name : 'Object';
}

/** The driver's code (ER_DUP_ENTRY, SQLITE_CONSTRAINT_UNIQUE, ECONNREFUSED, …) or the hub's error code. */
export function errorCodeOf(error: unknown): string | number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, extensions } = error as ErrorLike;
  if (typeof code === 'string' || typeof code === 'number') return code;
  const extensionCode = (extensions as ErrorLike | undefined)?.code;
  return typeof extensionCode === 'string' ? extensionCode : undefined;
}

// Drivers (mysql2, better-sqlite3) put the offending values into their messages, and TypeORM
// copies the driver's message into its own error: none of these messages is logged.
function isDatabaseError(error: ErrorLike, type: string): boolean {
  const code = errorCodeOf(error);
  return (
    ['QueryFailedError', 'SqliteError'].includes(type) ||
    'sqlMessage' in error ||
    'sqlState' in error ||
    'driverError' in error ||
    (typeof code === 'string' && /^(ER_|SQLITE_)/.test(code))
  );
}

// A JSON parser's message quotes the text around the fault: the request body.
function quotesItsInput(error: ErrorLike, type: string): boolean {
  return 'body' in error || error.type === 'entity.parse.failed' || (type === 'SyntaxError' && /JSON/.test(String(error.message)));
}

function messageOf(error: ErrorLike, type: string): string {
  if (isDatabaseError(error, type)) {
    const code = errorCodeOf(error);
    return `database error${code === undefined ? '' : ` ${code}`} (the driver's message is not logged: it may quote values)`;
  }
  if (quotesItsInput(error, type)) return 'malformed input (not logged)';
  return scrubText(typeof error.message === 'string' ? error.message : '');
}

function stackOf(error: ErrorLike, heading: string): string | undefined {
  if (typeof error.stack !== 'string') return undefined;
  // The stack's first lines repeat the raw message; the frames below them are code locations.
  const frames = error.stack.indexOf('\n    at ');
  return frames === -1 ? undefined : maskIdNumbers(heading + error.stack.slice(frames));
}

/** The one way an error reaches a log line (pino's `err` serializer, and any error anywhere in a logged object). */
export function logSafeError(error: unknown, depth = 0): LoggedError {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: scrubText(String(error)) };
  const e = error as ErrorLike;
  const type = typeOf(e);
  const message = messageOf(e, type);
  const out: LoggedError = { type, message };
  const code = errorCodeOf(e);
  if (code !== undefined) out.code = code;
  if (typeof e.errno === 'number') out.errno = e.errno;
  if (typeof e.sqlState === 'string' && /^[0-9A-Z]{5}$/.test(e.sqlState)) out.sqlState = e.sqlState;
  if (typeof e.status === 'number') out.status = e.status;
  const stack = stackOf(e, `${type}: ${message}`);
  if (stack) out.stack = stack;
  if (e.cause !== undefined && depth < 3) out.cause = logSafeError(e.cause, depth + 1);
  return out;
}

/** Replaces every Error inside a logged object (a careless `{ failure: error }` included) by its safe form. */
function withSafeErrors(value: unknown, depth: number): unknown {
  if (value instanceof Error) return logSafeError(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.some((v) => typeof v === 'object' && v !== null) ? value.map((v) => withSafeErrors(v, depth + 1)) : value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.entries(value);
  if (!entries.some(([, v]) => typeof v === 'object' && v !== null)) return value;
  return Object.fromEntries(entries.map(([k, v]) => [k, withSafeErrors(v, depth + 1)]));
}

// Properties that hold statements with values, request inputs or credentials, wherever they appear.
const NEVER_LOGGED = ['parameters', 'variables', 'body', 'rawBody', 'values', 'sql', 'sqlMessage', 'query', 'driverError', 'authorization'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'civil-affairs-hub' },
    serializers: { err: (e: unknown) => logSafeError(e), error: (e: unknown) => logSafeError(e) },
    formatters: { log: (object) => withSafeErrors(object, 0) as Record<string, unknown> },
    redact: { paths: [...NEVER_LOGGED, ...NEVER_LOGGED.map((key) => `*.${key}`)], censor: '[not logged]' },
    hooks: {
      // Logged without a message, pino would put the error's raw message in `msg`.
      logMethod(args: Parameters<LogFn>, method: LogFn) {
        const [first, second] = args as unknown[];
        if (typeof first === 'object' && first !== null && typeof second !== 'string') {
          const error = first instanceof Error ? first : (first as ErrorLike).err;
          if (error !== undefined) return method.call(this, first, logSafeError(error).message);
        }
        return method.apply(this, args);
      },
      streamWrite: maskLogLine,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
