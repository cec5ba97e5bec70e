import type { ValueTransformer } from 'typeorm';

/**
 * Money is DECIMAL in the database and a number of yuan in the API. mysql2 returns DECIMAL as a
 * string and SQLite as a number; this transformer gives both the same shape. Amounts go in as
 * fixed-point text: exact for DECIMAL, and TypeORM binds text as a parameter where it would
 * write a number into the SQL itself for SQLite, preparing a new statement for every amount.
 */
export const moneyColumn = {
  type: 'decimal' as const,
  precision: 14,
  scale: 2,
  transformer: {
    to: (value: number | null | undefined) => (value == null ? value : value.toFixed(2)),
    from: (value: string | number | null) => (value == null ? value : Number(value)),
  } satisfies ValueTransformer,
};

/** Yuan to integer fen, so that sums and comparisons are exact. */
export function toFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Whether an amount has at most two decimals (a fen is the smallest unit). */
export function hasAtMostTwoDecimals(yuan: number): boolean {
  return Math.abs(toFen(yuan) - yuan * 100) < 1e-6;
}
