import type { ColumnOptions, PrimaryColumnOptions, ValueTransformer } from 'typeorm';

/**
 * BIGINT as a JavaScript number: mysql2 hands BIGINT back as a string. Sequences stay far below
 * 2^53 (a billion notifications a day for twenty thousand years).
 */
export const bigintColumn: PrimaryColumnOptions & ColumnOptions = {
  type: 'bigint',
  transformer: {
    to: (value: number | null | undefined) => value,
    from: (value: string | number | null) => (value == null ? value : Number(value)),
  } satisfies ValueTransformer,
};

/** Milliseconds matter for ordering and for the times to act that dashboards show. */
export const instantColumn: ColumnOptions = { type: 'datetime', precision: 3 };
export const nullableInstantColumn: ColumnOptions = { type: 'datetime', precision: 3, nullable: true };

/** A token subject (who acted), as the audit log stores it. */
export const subjectColumn: ColumnOptions = { type: 'varchar', length: 128, nullable: true };
