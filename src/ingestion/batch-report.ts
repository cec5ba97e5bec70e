import { validateSync, type ValidationError } from 'class-validator';
import { ErrorCode, userError } from '../common/errors';
import { IngestError, IngestReport } from './ingest-report';
import { RecordErrorCode } from './record-error-code';

export interface FieldProblem {
  field: string;
  code: RecordErrorCode;
  message: string;
}

/** class-validator's own rule names, as the hub's stable codes (the hub's rules are named by their code). */
const LIBRARY_CODES: Record<string, RecordErrorCode> = {
  nestedValidation: RecordErrorCode.INVALID_FORMAT,
  arrayMaxSize: RecordErrorCode.TOO_MANY_ITEMS,
  arrayMinSize: RecordErrorCode.TOO_FEW_ITEMS,
};

/** The first problem in a class-validator error tree, with its path written as `members[1].idNumber`. */
function firstProblem(errors: ValidationError[], prefix = ''): FieldProblem | null {
  for (const error of errors) {
    const path = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      const [code, message] = constraints[0];
      return { field: path, code: LIBRARY_CODES[code] ?? (code as RecordErrorCode), message };
    }
    const nested = firstProblem(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

/**
 * Sorts one batch into good and bad records. Every bad record gets exactly one error (the first
 * problem found); good records are handed back for the caller to store in one transaction, so a
 * bad record never costs the batch its good ones and no record is ever half-written.
 */
export class BatchReport {
  private readonly errors: IngestError[] = [];
  private acceptedCount = 0;

  constructor(maxBatch: number, lists: Record<string, readonly unknown[] | null | undefined>) {
    const size = Object.values(lists).reduce((sum, records) => sum + (records?.length ?? 0), 0);
    if (size > maxBatch) {
      throw userError(
        ErrorCode.BATCH_TOO_LARGE,
        `a batch holds at most ${maxBatch} records; this one has ${size}: split it into smaller batches`,
        { limit: maxBatch, size },
      );
    }
  }

  /**
   * Validates `records` (instances of a class carrying the field rules) and returns the good ones.
   * A record whose natural key already appeared in this list is refused: which of two versions to
   * keep is the sender's decision, not the hub's. `alsoCheck` sees each valid record in order, for
   * rules that span records of the batch.
   */
  accept<T extends object>(
    list: string,
    records: readonly T[] | null | undefined,
    keyOf: (record: T) => string,
    alsoCheck?: (record: T) => FieldProblem | null,
  ): T[] {
    const good: T[] = [];
    const seen = new Set<string>();
    (records ?? []).forEach((record, index) => {
      const key = keyOf(record);
      const problem =
        firstProblem(validateSync(record, { stopAtFirstError: true, forbidUnknownValues: false })) ??
        (seen.has(key) ? null : (alsoCheck?.(record) ?? null));
      if (problem) {
        this.reject(list, index, key, problem);
      } else if (seen.has(key)) {
        this.reject(list, index, key, {
          field: '',
          code: RecordErrorCode.DUPLICATE_IN_BATCH,
          message: `${key} appears earlier in ${list}; send each record once per batch`,
        });
      } else {
        seen.add(key);
        good.push(record);
      }
    });
    this.acceptedCount += good.length;
    return good;
  }

  private reject(list: string, index: number, key: string | null, problem: FieldProblem): void {
    this.errors.push(Object.assign(new IngestError(), { list, index, key: key || null, ...problem }));
  }

  result(): IngestReport {
    return Object.assign(new IngestReport(), {
      accepted: this.acceptedCount,
      rejected: this.errors.length,
      errors: this.errors,
    });
  }
}
