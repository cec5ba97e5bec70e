import path from 'node:path';
import { householdReview, tekunReview } from '../../../src/eligibility/review-cadence';
import { ParameterReader } from '../../../src/policy/parameter-reader';
import { ParameterStore } from '../../../src/policy/parameter-store';
import { PROJECT_ROOT } from '../../../src/common/paths';
import type { RuleCase } from '../../fixtures/case-world';
import { caseFacts } from './case-facts';

/*
 * Clause 5 takes effect with the notice (2020-07-01, docs/readings.md reading 6): before it no one
 * has a review date, including the households and 特困 persons who have one from that day on.
 */

const store = ParameterStore.fromFolder(path.join(PROJECT_ROOT, 'src', 'policy', 'parameters'));
const check = { moneyAssets: 0, otherPropertyValue: 0, vehicle: 'NONE', homes: 1, nonResidentialProperty: false };

const world = (c: Omit<RuleCase, 'name' | 'asOf' | 'expect'>) =>
  caseFacts({ name: 'review', asOf: '2020-07-01', expect: { outcome: '', conditions: {}, amount: null }, ...c }).facts;

/** A dibao household with unstable income and a member of working age: reviewed after 6 months. */
const dibaoHousehold = world({
  subject: 'a',
  persons: { a: { birthDate: '1975-05-05' }, b: { birthDate: '1950-05-05' } },
  household: { members: [{ person: 'a', relation: 'HEAD', monthlyIncome: 0 }, { person: 'b', relation: 'PARENT', monthlyIncome: 0 }] },
  economicChecks: [{ checkedOn: '2020-03-15', ...check, incomeStable: false }],
  enrollments: [{ program: 'DIBAO', unit: 'HOUSEHOLD', startDate: '2020-01-01', monthlyAmount: 2020 }],
});

const tekunPerson = world({
  subject: 't',
  persons: { t: { birthDate: '1940-02-02', supporterStatus: 'NONE' } },
  household: { members: [{ person: 't', relation: 'HEAD', monthlyIncome: 0 }] },
  economicChecks: [{ checkedOn: '2020-04-10', ...check, incomeStable: true }],
  enrollments: [{ program: 'TEKUN', unit: 'SINGLE_PERSON', person: 't', startDate: '2019-01-01', monthlyAmount: 1500 }],
});

const on = (asOf: string) => new ParameterReader(store, asOf);

test('an enrolled household with a check has no review date on 2020-06-30, and one from 2020-07-01', () => {
  expect(householdReview(dibaoHousehold.household, '2020-06-30', on('2020-06-30'))).toBeNull();
  expect(householdReview(dibaoHousehold.household, '2020-07-01', on('2020-07-01'))).toEqual({
    nextReviewDue: '2020-09-15',
    intervalMonths: 6,
    overdue: false,
  });
});

test('a 特困 person has no review date on 2020-06-30, and one from 2020-07-01', () => {
  expect(tekunReview(tekunPerson.person, tekunPerson.household, '2020-06-30', on('2020-06-30'))).toBeNull();
  expect(tekunReview(tekunPerson.person, tekunPerson.household, '2020-07-01', on('2020-07-01'))).toEqual({
    nextReviewDue: '2021-04-10',
    intervalMonths: 12,
    overdue: false,
  });
  // Their household is reviewed through the member's 特困 enrollment, on the same dates.
  expect(householdReview(tekunPerson.household, '2020-06-30', on('2020-06-30'))).toBeNull();
  expect(householdReview(tekunPerson.household, '2020-07-01', on('2020-07-01'))?.nextReviewDue).toBe('2021-04-10');
});
