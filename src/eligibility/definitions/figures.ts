import { toFen } from '../../common/money';

/*
 * Money in rules is integer fen and multipliers are scaled to thousandths, so "below 1.5 × S × n"
 * is decided on integers, exactly, never on a rounded per-capita quotient.
 */
const SCALE = 1000;

export function fen(yuan: number): number {
  return toFen(yuan);
}

/** Whether `amountFen` < multiplier × baseFen × count, exactly. */
export function isBelow(amountFen: number, multiplier: number, baseFen: number, count = 1): boolean {
  return amountFen * SCALE < Math.round(multiplier * SCALE) * baseFen * count;
}

/** multiplier × baseFen × count in fen, rounded half up (for thresholds shown and for amounts). */
export function times(multiplier: number, baseFen: number, count = 1): number {
  return Math.floor((Math.round(multiplier * SCALE) * baseFen * count) / SCALE + 0.5);
}

/** `1,010.00`: amounts in explanations read as a caseworker writes them. */
export function yuan(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  // Plain grouping rather than toLocaleString: explanations are built for every decision.
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
