/**
 * Calendar dates as `YYYY-MM-DD` strings. The policy counts days, months and birthdays, never
 * instants, so dates carry no time zone and compare correctly as strings.
 */
export type LocalDate = string;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidLocalDate(value: string): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parts(date: LocalDate): [number, number, number] {
  const m = SHAPE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
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
