import type { RecordErrorCode } from '../ingestion/record-error-code';

/**
 * Codes of lines the import refuses before a department's service sees them. Stable: the
 * rejected file carries them beside the services' own codes (RecordErrorCode).
 */
export const ImportErrorCode = {
  /** Not JSON, or not one JSON object (NDJSON). */
  UNPARSEABLE_LINE: 'UNPARSEABLE_LINE',
  /** A CSV row with more or fewer cells than the header, or broken quoting. */
  WRONG_COLUMN_COUNT: 'WRONG_COLUMN_COUNT',
  /** A `kind` missing, or not a list of the department being imported. */
  UNKNOWN_KIND: 'UNKNOWN_KIND',
  /** A field of the wrong type, an unknown enum value or field, or a required field missing: what GraphQL refuses. */
  WRONG_TYPE: 'WRONG_TYPE',
} as const;
export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

export interface RecordProblem {
  field: string;
  code: ImportErrorCode | RecordErrorCode;
  message: string;
}
