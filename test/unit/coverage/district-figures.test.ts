import { CITY, inArea, livingAwayOf, sumByKey, total, type PairCount } from '../../../src/coverage/district-figures';

/*
 * Per-district figures from counts grouped by (registered, residence) district pairs: a district
 * counts the persons registered or living there once each; the city counts everyone once.
 */

const pair = (registeredDistrict: string, residenceDistrict: string | null, count: number, key = ''): PairCount => ({ registeredDistrict, residenceDistrict, key, count });

const PAIRS: PairCount[] = [
  pair('120101', null, 10), // registered and living in 和平 (residence unknown: at home)
  pair('120101', '120101', 5),
  pair('120101', '120102', 3), // registered 和平, living 河东
  pair('120102', '120101', 2), // registered 河东, living 和平
  pair('130102', '120101', 4), // registered in Hebei, living in 和平
  pair('120103', '310101', 1), // registered 河西, living in Shanghai
];

test('a district counts the pairs naming it once each; the city all of them', () => {
  expect(total(PAIRS, '120101')).toBe(10 + 5 + 3 + 2 + 4);
  expect(total(PAIRS, '120102')).toBe(3 + 2);
  expect(total(PAIRS, '120104')).toBe(0);
  expect(total(PAIRS, CITY)).toBe(25);
  expect(inArea(pair('120101', '120101', 1), '120101')).toBe(true);
});

test('living away: in is residence here and registered elsewhere, out the reverse; the city compares with Tianjin', () => {
  expect(livingAwayOf(PAIRS, '120101')).toEqual({ livingAway: 3 + 2 + 4, livingAwayIn: 2 + 4, livingAwayOut: 3 });
  expect(livingAwayOf(PAIRS, '120102')).toEqual({ livingAway: 5, livingAwayIn: 3, livingAwayOut: 2 });
  expect(livingAwayOf(PAIRS, '120103')).toEqual({ livingAway: 1, livingAwayIn: 0, livingAwayOut: 1 });
  expect(livingAwayOf(PAIRS, CITY)).toEqual({ livingAway: 3 + 2 + 4 + 1, livingAwayIn: 4, livingAwayOut: 1 });
});

test('sums by key keep keys apart', () => {
  const keyed = [pair('120101', null, 2, 'DIBAO'), pair('120101', '120102', 1, 'DIBAO'), pair('120102', null, 7, 'TEKUN')];
  expect(Object.fromEntries(sumByKey(keyed, '120102'))).toEqual({ DIBAO: 1, TEKUN: 7 });
  expect(Object.fromEntries(sumByKey(keyed, CITY))).toEqual({ DIBAO: 3, TEKUN: 7 });
});
