import type { ColumnOptions, PrimaryColumnOptions } from 'typeorm';

/** Column shapes shared by every department's tables, so the same value has one type everywhere. */
export const idNumberColumn: PrimaryColumnOptions & ColumnOptions = { type: 'varchar', length: 18 };
export const districtColumn: PrimaryColumnOptions & ColumnOptions = { type: 'varchar', length: 6 };
export const dateColumn: PrimaryColumnOptions & ColumnOptions = { type: 'date' };
export const nullableDateColumn: ColumnOptions = { type: 'date', nullable: true };
export const nameColumn: PrimaryColumnOptions & ColumnOptions = { type: 'varchar', length: 64 };
export const keyColumn: PrimaryColumnOptions & ColumnOptions = { type: 'varchar', length: 40 };
