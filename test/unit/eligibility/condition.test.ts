import { allOf, anyOf, condition, met } from '../../../src/eligibility/condition';
import { msg } from '../../../src/eligibility/messages/message';

/*
 * Rules combine partial knowledge with Kleene's three-valued logic: UNKNOWN stands for a fact no
 * registry has answered, so it decides nothing that a known fact already decides.
 */

type Outcome = Parameters<typeof allOf>[0];
const M = 'MET' as unknown as Outcome;
const N = 'NOT_MET' as unknown as Outcome;
const U = 'UNKNOWN' as unknown as Outcome;

// Row: a, b, a AND b, a OR b.
const TABLE = [
  [M, M, M, M],
  [M, N, N, M],
  [M, U, U, M],
  [N, M, N, M],
  [N, N, N, N],
  [N, U, N, U],
  [U, M, U, M],
  [U, N, N, U],
  [U, U, U, U],
] as const;

test.each(TABLE)('%s and %s: allOf %s, anyOf %s', (a, b, and, or) => {
  expect(allOf(a, b)).toBe(and);
  expect(anyOf(a, b)).toBe(or);
});

test('more than two operands: NOT_MET wins a conjunction and MET a disjunction, wherever they stand', () => {
  expect(allOf(M, M, M, U)).toBe(U);
  expect(allOf(U, U, M, N)).toBe(N);
  expect(anyOf(N, N, N, U)).toBe(U);
  expect(anyOf(U, U, N, M)).toBe(M);
});

test('the empty conjunction is MET and the empty disjunction NOT_MET (the identities)', () => {
  expect(allOf()).toBe(M);
  expect(anyOf()).toBe(N);
});

test('met maps a known yes or no', () => {
  expect([met(true), met(false)]).toEqual([M, N]);
});

test('condition keeps `missing` only for UNKNOWN, and defaults values and evidence to empty', () => {
  const missing = msg('missing.economic-check', { household: 'H1' });
  const details = { missing: [missing], values: { total: 1 } };
  const explanation = msg('check.none', { household: 'H1', asOf: '2020-07-01' });
  expect(condition('c', U, explanation, details)).toEqual({ code: 'c', outcome: U, explanation, values: { total: 1 }, evidence: [], missing: [missing] });
  expect(condition('c', N, explanation, details).missing).toEqual([]);
  expect(condition('c', M, msg('supporter.none'))).toEqual({ code: 'c', outcome: M, explanation: msg('supporter.none'), values: {}, evidence: [], missing: [] });
});
