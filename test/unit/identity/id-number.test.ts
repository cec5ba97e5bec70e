import { checkCharacter, composeIdNumber, parseIdNumber } from '../../../src/identity/id-number';
import { isValidAddressCode, isValidDistrictCode } from '../../../src/identity/districts';

const TODAY = '2026-11-28';

describe('resident ID numbers (GB 11643)', () => {
  test.each([
    // The standard's own worked example.
    ['11010519491231002X', '1949-12-31', 'FEMALE', '110105'],
    ['120101198001010012', '1980-01-01', 'MALE', '120101'],
    // A retired Tianjin code (塘沽区) stays valid inside the number.
    [composeIdNumber('120107', '1972-05-20', 31), '1972-05-20', 'MALE', '120107'],
    [composeIdNumber('120225', '1950-02-28', 44), '1950-02-28', 'FEMALE', '120225'],
    [composeIdNumber('370102', '2000-02-29', 1), '2000-02-29', 'MALE', '370102'],
  ])('%s is valid', (id, birthDate, sex, addressCode) => {
    const parsed = parseIdNumber(id, TODAY);
    expect(parsed).toEqual({ ok: true, value: { idNumber: id, birthDate, sex, addressCode } });
  });

  test('the check character is X when the weighted sum leaves 2', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(parseIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
  });

  test.each([
    ['12010119800101001', 'LENGTH'],
    ['1201011980010100191', 'LENGTH'],
    ['', 'LENGTH'],
    ['12010119800101001A', 'FORMAT'],
    ['X20101198001010019', 'FORMAT'],
    ['1201011980-1010019', 'FORMAT'],
    ['120199198001010011', 'ADDRESS_CODE'], // not a Tianjin district
    ['990101198001010014', 'ADDRESS_CODE'], // no such province
    ['110000198001010017', 'ADDRESS_CODE'], // a province, not a county
    ['120101198002300016', 'BIRTH_DATE'], // 30 February
    ['120101190002290015', 'BIRTH_DATE'], // 1900 was not a leap year
    ['120101198013010017', 'BIRTH_DATE'], // month 13
    ['120101188001010011', 'BIRTH_DATE'], // before 1890
    ['120101202701010014', 'FUTURE_BIRTH_DATE'],
    ['120101198001010010', 'CHECK_DIGIT'],
    ['11010519491231002', 'LENGTH'],
    ['110105194912310021', 'CHECK_DIGIT'],
  ])('%s is refused: %s', (id, problem) => {
    const parsed = parseIdNumber(id, TODAY);
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ problem, message: expect.any(String) });
  });

  test('every single-digit change of a valid number is caught by the check character', () => {
    const id = '120101198001010012';
    for (let position = 14; position < 17; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (Number(id[position]) === digit) continue;
        const changed = id.slice(0, position) + digit + id.slice(position + 1);
        expect(parseIdNumber(changed, TODAY)).toMatchObject({ ok: false, problem: 'CHECK_DIGIT' });
      }
    }
  });

  test('composed numbers parse back to their parts', () => {
    for (let seq = 0; seq < 1000; seq += 37) {
      const id = composeIdNumber('120116', '1999-12-31', seq);
      expect(parseIdNumber(id, TODAY)).toMatchObject({ ok: true, value: { birthDate: '1999-12-31', sex: seq % 2 ? 'MALE' : 'FEMALE' } });
    }
  });
});

describe('district codes', () => {
  test('the sixteen current Tianjin districts are valid districts; retired ones only inside ID numbers', () => {
    for (const code of ['120101', '120106', '120110', '120116', '120119']) expect(isValidDistrictCode(code)).toBe(true);
    for (const code of ['120107', '120108', '120109', '120221', '120225']) {
      expect(isValidDistrictCode(code)).toBe(false);
      expect(isValidAddressCode(code)).toBe(true);
    }
    for (const code of ['120120', '120100', '12010', 'abcdef', '000000']) expect(isValidDistrictCode(code)).toBe(false);
  });

  test('districts of other provinces are accepted for people registered there', () => {
    expect(isValidDistrictCode('130102')).toBe(true);
    expect(isValidDistrictCode('370102')).toBe(true);
    expect(isValidDistrictCode('130000')).toBe(false);
  });
});
