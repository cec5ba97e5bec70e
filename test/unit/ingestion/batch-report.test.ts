import { ArrayMaxSize, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { GraphQLError } from 'graphql';
import { BatchReport } from '../../../src/ingestion/batch-report';
import { RecordErrorCode } from '../../../src/ingestion/record-error-code';

/*
 * The batch report on records made for the test: each bad record gets exactly one error with its
 * list, position, key, field path and stable code; good records come back in order; a key seen
 * earlier in the same list is refused; a batch over the limit is refused whole.
 */

class Member {
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be 18 characters' })
  idNumber!: string;
}

class Household {
  @IsString()
  householdNumber!: string;

  @IsInt()
  @Min(0)
  size!: number;

  @ValidateNested({ each: true })
  @ArrayMaxSize(2)
  members!: Member[];
}

const household = (householdNumber: string, fields: Partial<Household> = {}) =>
  Object.assign(new Household(), { householdNumber, size: 1, members: [Object.assign(new Member(), { idNumber: '120101198001010015' })] }, fields);
const member = (idNumber: string) => Object.assign(new Member(), { idNumber });

describe('records of one list', () => {
  test('good records are returned in order; each bad one has one error naming list, index, key, field and code', () => {
    const report = new BatchReport(100, {});
    const good = report.accept(
      'households',
      [household('H1'), household('H2', { size: -1 }), household('H3'), household('H4', { members: [member('120101198001010015'), member('bad')] })],
      (h) => h.householdNumber,
    );
    expect(good.map((h) => h.householdNumber)).toEqual(['H1', 'H3']);
    expect(report.result()).toMatchObject({
      accepted: 2,
      rejected: 2,
      errors: [
        { list: 'households', index: 1, key: 'H2', field: 'size', code: 'min' },
        { list: 'households', index: 3, key: 'H4', field: 'members[1].idNumber', code: 'matches', message: 'idNumber must be 18 characters' },
      ],
    });
  });

  test("class-validator's own rule names become the hub's codes", () => {
    const report = new BatchReport(100, {});
    const three = [member('120101198001010015'), member('120101198001010023'), member('120101198001010031')];
    report.accept('households', [household('H1', { members: three })], (h) => h.householdNumber);
    expect(report.result().errors.map((e) => [e.field, e.code])).toEqual([['members', 'TOO_MANY_ITEMS']]);
  });

  test('a record only its first time in a list: later ones are DUPLICATE_IN_BATCH, even when the first was identical', () => {
    const report = new BatchReport(100, {});
    const good = report.accept('households', [household('H1'), household('H2'), household('H1'), household('H1', { size: 3 })], (h) => h.householdNumber);
    expect(good.map((h) => [h.householdNumber, h.size])).toEqual([
      ['H1', 1],
      ['H2', 1],
    ]);
    expect(report.result().errors.map((e) => [e.index, e.key, e.code, e.field])).toEqual([
      [2, 'H1', 'DUPLICATE_IN_BATCH', ''],
      [3, 'H1', 'DUPLICATE_IN_BATCH', ''],
    ]);
  });

  test('a record whose first occurrence was refused is judged again; a duplicate with a field error reports the field error', () => {
    const report = new BatchReport(100, {});
    const good = report.accept('households', [household('H1', { size: -1 }), household('H1'), household('H1', { size: -2 })], (h) => h.householdNumber);
    expect(good).toHaveLength(1);
    expect(report.result().errors.map((e) => [e.index, e.code])).toEqual([
      [0, 'min'],
      [2, 'min'],
    ]);
  });

  test('the same key in two lists is no duplicate', () => {
    const report = new BatchReport(100, {});
    report.accept('households', [household('K')], (h) => h.householdNumber);
    report.accept('otherHouseholds', [household('K')], (h) => h.householdNumber);
    expect(report.result()).toMatchObject({ accepted: 2, rejected: 0, errors: [] });
  });

  test('alsoCheck sees valid first occurrences only, and its problem refuses the record', () => {
    const report = new BatchReport(100, {});
    const seen: string[] = [];
    const good = report.accept('households', [household('H1'), household('H2', { size: -1 }), household('H3'), household('H1')], (h) => h.householdNumber, (h) => {
      seen.push(h.householdNumber);
      return h.householdNumber === 'H3' ? { field: 'members', code: RecordErrorCode.MEMBER_OF_TWO_HOUSEHOLDS, message: 'already in H1' } : null;
    });
    expect(seen).toEqual(['H1', 'H3']);
    expect(good.map((h) => h.householdNumber)).toEqual(['H1']);
    expect(report.result().errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'min'],
      [2, 'MEMBER_OF_TWO_HOUSEHOLDS'],
      [3, 'DUPLICATE_IN_BATCH'],
    ]);
  });

  test('an empty key is reported as null; absent lists accept nothing', () => {
    const report = new BatchReport(100, {});
    report.accept('households', [household('', { size: -1 })], (h) => h.householdNumber);
    expect(report.accept('households', null, (h: Household) => h.householdNumber)).toEqual([]);
    expect(report.accept('households', undefined, (h: Household) => h.householdNumber)).toEqual([]);
    expect(report.result()).toMatchObject({ accepted: 0, rejected: 1, errors: [{ key: null }] });
  });
});

describe('batch limit', () => {
  test('all lists count together; exactly the limit is accepted', () => {
    expect(() => new BatchReport(3, { a: [1, 2], b: [3], c: null, d: undefined })).not.toThrow();
  });

  test('one record over the limit refuses the whole batch with BATCH_TOO_LARGE, its limit and size', () => {
    let error: unknown;
    try {
      new BatchReport(3, { a: [1, 2], b: [3, 4] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({ code: 'BATCH_TOO_LARGE', limit: 3, size: 4 });
    expect((error as GraphQLError).message).toContain('at most 3 records; this one has 4');
  });
});
