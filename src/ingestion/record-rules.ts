import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isValidDistrictCode } from '../identity/districts';
import { parseIdNumber } from '../identity/id-number';
import { hubToday } from '../common/clock';
import { isValidLocalDate } from '../common/local-date';
import { hasAtMostTwoDecimals } from '../common/money';
import { RecordErrorCode } from './record-error-code';

/**
 * Field rules for ingested records, registered with class-validator. Each rule's name is the
 * stable error code a sender sees, and its message says what was wrong with the value.
 * A check returns null when the value is fine, otherwise the message.
 */
type Check = (value: unknown, record: Record<string, unknown>) => string | null;

/** `normalise` rewrites an accepted value to the form the hub stores. */
function rule(code: RecordErrorCode, check: Check, normalise?: (value: unknown) => unknown): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: code,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const record = args.object as Record<string, unknown>;
          if (check(value, record) !== null) return false;
          if (normalise) record[args.property] = normalise(value);
          return true;
        },
        defaultMessage: (args?: ValidationArguments) =>
          (args && check(args.value, args.object as Record<string, unknown>)) ?? code,
      },
    });
}

const MAX_YUAN = 999_999_999_999.99;

export const IsIdNumber = () =>
  rule(RecordErrorCode.INVALID_ID_NUMBER, (value) => {
    if (typeof value !== 'string') return 'an ID number is a string';
    const parsed = parseIdNumber(value, hubToday());
    return parsed.ok ? (parsed.value.idNumber === value ? null : 'write the ID number in upper case') : parsed.message;
  });

export const IsDistrict = () =>
  rule(RecordErrorCode.INVALID_DISTRICT, (value) =>
    typeof value === 'string' && isValidDistrictCode(value)
      ? null
      : `${String(value)} is not a current district code (Tianjin: 120101–120106, 120110–120119)`,
  );

export const IsDate = () =>
  rule(RecordErrorCode.INVALID_DATE, (value) =>
    typeof value === 'string' && isValidLocalDate(value) && value >= '1890-01-01' && value <= '2199-12-31'
      ? null
      : `${String(value)} is not a calendar date written YYYY-MM-DD`,
  );

/** The value is a date on or after the record's `other` date (an end never precedes its start). */
export const NotBefore = (other: string) =>
  rule(RecordErrorCode.DATE_ORDER, (value, record) => {
    const start = record[other];
    if (typeof value !== 'string' || typeof start !== 'string' || !isValidLocalDate(start)) return null;
    return value >= start ? null : `${value} is before ${other} ${start}`;
  });

export const IsMoney = () =>
  rule(RecordErrorCode.INVALID_AMOUNT, (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'an amount is a number of yuan';
    if (value < 0) return `${value} is negative; amounts are 0 or more`;
    if (value > MAX_YUAN) return `${value} is larger than the hub can hold`;
    return hasAtMostTwoDecimals(value) ? null : `${value} has more than two decimals (fen)`;
  });

export const IsWholeNumberBetween = (min: number, max: number) =>
  rule(RecordErrorCode.OUT_OF_RANGE, (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? null
      : `${String(value)} is not a whole number from ${min} to ${max}`,
  );

export const IsOneOf = (allowed: readonly number[]) =>
  rule(RecordErrorCode.OUT_OF_RANGE, (value) =>
    allowed.includes(value as number) ? null : `${String(value)} is not one of ${allowed.join(', ')}`,
  );

/**
 * Record numbers from the departments' systems: capital letters, digits and a few separators.
 * Lower case is refused rather than folded: MySQL compares keys without regard to case and SQLite
 * with it, so "en1" and "EN1" would be one record on one database and two on the other.
 */
export const IsRecordKey = () =>
  rule(RecordErrorCode.INVALID_KEY, (value) => {
    if (typeof value === 'string' && /^[A-Z0-9][A-Z0-9._\-/]{0,39}$/.test(value)) return null;
    if (typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,39}$/.test(value)) {
      return `write record numbers in capitals: ${value.toUpperCase()}`;
    }
    return `${JSON.stringify(value)} is not a record number (1–40 capital letters, digits, . _ - /)`;
  });

/**
 * Characters no name needs, which make a name display differently from what it holds, reorder the
 * text around it or hide part of it: C0 and C1 controls, format characters (bidirectional marks,
 * embeddings, overrides and isolates, zero-width spaces and joiners, the byte-order mark), line
 * and paragraph separators, lone surrogates, noncharacters and the other invisible (default-
 * ignorable) characters. Variation selectors stay: they choose the form of a rare ideograph.
 */
const HIDDEN_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]|(?!\p{Variation_Selector})\p{Default_Ignorable_Code_Point}/u;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A name as people write it, stored in NFC: a name typed with composed or decomposed accents is
 * then one stored value, whichever system sent it. Names are the only free text of the ingestion
 * inputs of every department; every other string there has a fixed shape of its own.
 */
export const IsPersonName = () =>
  rule(
    RecordErrorCode.INVALID_NAME,
    (value) => {
      if (typeof value !== 'string' || value.trim() === '') return 'a name is required';
      const hidden = HIDDEN_OR_CONTROL.exec(value);
      if (hidden) {
        const position = [...value.slice(0, hidden.index)].length + 1;
        return `a name may not hold control, formatting or invisible characters (${codePoint(hidden[0])} at character ${position})`;
      }
      if (value !== value.trim()) return 'a name has no leading or trailing spaces';
      return [...value.normalize('NFC')].length <= 64 ? null : 'a name has at most 64 characters';
    },
    (value) => (value as string).normalize('NFC'),
  );

/** A cross-field rule on a record; `check` sees the whole record. */
export const Holds = (code: RecordErrorCode, check: (record: Record<string, unknown>) => string | null) =>
  rule(code, (_value, record) => check(record));
