/**
 * Every code a refused record of a batch can carry (`IngestError.code`). Senders switch on these,
 * so they are stable; the README lists the same set, and a test keeps the two equal. An object
 * rather than a TypeScript enum, so a code written as its plain string is of this type too.
 */
export const RecordErrorCode = {
  INVALID_ID_NUMBER: 'INVALID_ID_NUMBER',
  INVALID_DISTRICT: 'INVALID_DISTRICT',
  INVALID_DATE: 'INVALID_DATE',
  DATE_ORDER: 'DATE_ORDER',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  INVALID_KEY: 'INVALID_KEY',
  INVALID_NAME: 'INVALID_NAME',
  INVALID_MONTH: 'INVALID_MONTH',
  CERTIFICATE_MISMATCH: 'CERTIFICATE_MISMATCH',
  UNIT_MISMATCH: 'UNIT_MISMATCH',
  INVALID_PROGRAM: 'INVALID_PROGRAM',
  HOUSEHOLD_HEAD: 'HOUSEHOLD_HEAD',
  DUPLICATE_MEMBER: 'DUPLICATE_MEMBER',
  DUPLICATE_SITUATION: 'DUPLICATE_SITUATION',
  MEMBER_OF_TWO_HOUSEHOLDS: 'MEMBER_OF_TWO_HOUSEHOLDS',
  SELF_REFERENCE: 'SELF_REFERENCE',
  INCOMPLETE_PERMIT: 'INCOMPLETE_PERMIT',
  DUPLICATE_IN_BATCH: 'DUPLICATE_IN_BATCH',
  TOO_MANY_ITEMS: 'TOO_MANY_ITEMS',
  TOO_FEW_ITEMS: 'TOO_FEW_ITEMS',
  /** A nested record that is not an object: the schema refuses that first, so only direct callers meet it. */
  INVALID_FORMAT: 'INVALID_FORMAT',
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
} as const;
export type RecordErrorCode = (typeof RecordErrorCode)[keyof typeof RecordErrorCode];
