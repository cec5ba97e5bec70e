import { addMonths, ageOn, isValidLocalDate, isValidOn, monthOf } from '../../../src/common/local-date';

describe('calendar arithmetic as docs/readings.md defines it', () => {
  test.each([
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-03-31', -1, '2020-02-29'],
    ['2020-08-31', -6, '2020-02-29'],
    ['2020-05-15', -3, '2020-02-15'],
    ['2020-12-10', 2, '2021-02-10'],
    ['2020-01-10', -13, '2018-12-10'],
  ])('%s %+d months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  test('a person is N on the day N×12 months after birth; 29 February birthdays fall on 28 February', () => {
    expect(ageOn('1960-07-01', '2020-06-30')).toBe(59);
    expect(ageOn('1960-07-01', '2020-07-01')).toBe(60);
    expect(ageOn('2004-02-29', '2022-02-27')).toBe(17);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(18);
    expect(ageOn('2004-02-29', '2024-02-28')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
    expect(ageOn('2020-05-05', '2020-05-05')).toBe(0);
  });

  test('a record is valid from its start up to, not including, its end', () => {
    expect(isValidOn('2020-01-01', null, '2020-01-01')).toBe(true);
    expect(isValidOn('2020-01-01', '2020-06-01', '2020-05-31')).toBe(true);
    expect(isValidOn('2020-01-01', '2020-06-01', '2020-06-01')).toBe(false);
    expect(isValidOn('2020-01-02', null, '2020-01-01')).toBe(false);
  });

  test('dates are checked against the calendar', () => {
    expect(isValidLocalDate('2020-02-29')).toBe(true);
    expect(isValidLocalDate('2021-02-29')).toBe(false);
    expect(isValidLocalDate('2021-04-31')).toBe(false);
    expect(isValidLocalDate('2021-4-3')).toBe(false);
  });

  test('calendar months relative to a date', () => {
    expect(monthOf('2020-03-31', -1)).toBe('2020-02');
    expect(monthOf('2020-01-15', -3)).toBe('2019-10');
  });
});
