/**
 * Calendar dates as `YYYY-MM-DD` strings. The policy counts days, months and birthdays, never
 * instants, so dates carry no time zone and compare correctly as strings.
 */
export type LocalDate = string;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Arithmetic, not a Date: rules call it millions of times in a scan. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1];
}

export function isValidLocalDate(value: string): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The digits at `from` to `to` (exclusive) as a number, or -1 when any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Year, month and day of a `YYYY-MM-DD` text; read digit by digit, the hot path of every rule. */
function parts(date: LocalDate): [number, number, number] {
  const year = date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45 ? digits(date, 0, 4) : -1;
  const month = year < 0 ? -1 : digits(date, 5, 7);
  const day = month < 0 ? -1 : digits(date, 8, 10);
  if (day < 0) throw new RangeError(`not a date: ${date}`);
  return [year, month, day];
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The same day of the month `months` later (earlier when negative); the last day of the month
 * when that day does not exist there (docs/readings.md, "Months").
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return format(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parts(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole years on `asOf`: one is N on the day N×12 months after birth (docs/readings.md, "Age"). */
export function ageOn(birthDate: LocalDate, asOf: LocalDate): number {
  const [by] = parts(birthDate);
  const [ay] = parts(asOf);
  let age = ay - by;
  if (addMonths(birthDate, age * 12) > asOf) age -= 1;
  return age;
}

/** `YYYY-MM` of the calendar month `offset` months from the month of `date`. */
export function monthOf(date: LocalDate, offset = 0): string {
  return addMonths(`${date.slice(0, 7)}-01`, offset).slice(0, 7);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Today's date where the bureau is, not where the server happens to run. */
export function today(timeZone: string): LocalDate {
  // Building a formatter costs far more than using one, and validation asks for today per record.
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date());
}

/** A record is valid on `asOf` when it has started and not yet ended (docs/readings.md, "Valid record"). */
export function isValidOn(start: LocalDate, end: LocalDate | null | undefined, asOf: LocalDate): boolean {
  return start <= asOf && (end == null || end > asOf);
}
