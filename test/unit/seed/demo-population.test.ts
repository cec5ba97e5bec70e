import 'reflect-metadata';
import { isTianjinDistrict, TIANJIN_DISTRICT_CODES } from '../../../src/identity/districts';
import { parseIdNumber } from '../../../src/identity/id-number';
import { BatchReport } from '../../../src/ingestion/batch-report';
import { RelationToHead } from '../../../src/departments/civil-affairs/civil-affairs.enums';
import { addMonths, ageOn, isValidOn, monthOf } from '../../../src/common/local-date';
import { generatePopulation, populationChunks } from '../../../src/seed/demo-population';
import { appendPopulation, emptyPopulation } from '../../../src/seed/records';

const AS_OF = '2025-10-15';
const STANDARD = 1045;
const population = generatePopulation({ households: 2000, seed: 2020, asOf: AS_OF });
const ca = population.civilAffairs;
const hr = population.humanResources;
const persons = new Map(ca.persons.map((p) => [p.idNumber, p]));
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const ageOf = (id: string) => ageOn(birthOf(id), AS_OF);
const share = (part: number, whole: number) => part / whole;

/** The natural keys the departments' services use, so that duplicates count as rejections too. */
const KEYS: Record<string, (record: any) => string> = {
  persons: (r) => r.idNumber,
  households: (r) => r.householdNumber,
  economicChecks: (r) => `${r.householdNumber}@${r.checkedOn}`,
  enrollments: (r) => r.enrollmentNumber,
  seriousIllnessCertifications: (r) => r.certificationNumber,
  temporaryAssistancePayments: (r) => r.paymentNumber,
  unemploymentRegistrations: (r) => r.registrationNumber,
  insuranceEnrollments: (r) => `${r.idNumber}@${r.startDate}`,
  incomeMonths: (r) => `${r.idNumber}@${r.month}`,
  certificates: (r) => r.certificateNumber,
};

describe('generatePopulation', () => {
  test('the same options give the same records; another seed gives others', () => {
    const options = { households: 300, seed: 42, asOf: AS_OF };
    expect(generatePopulation(options)).toEqual(generatePopulation(options));
    const other = generatePopulation({ ...options, seed: 43 });
    expect(other.civilAffairs.persons.map((p) => p.idNumber)).not.toEqual(
      generatePopulation(options).civilAffairs.persons.map((p) => p.idNumber),
    );
  });

  test('generating in slices gives exactly the same population', () => {
    const options = { households: 250, seed: 9, asOf: AS_OF };
    const joined = emptyPopulation();
    for (const part of populationChunks(options, 7)) appendPopulation(joined, part);
    expect(joined).toEqual(generatePopulation(options));
  });

  test('records are instances of the input classes, nested ones included', () => {
    const household = ca.households[0];
    expect(household.constructor.name).toBe('HouseholdInput');
    expect(household.members[0].constructor.name).toBe('HouseholdMemberInput');
    const withSituation = ca.persons.find((p) => p.situations);
    expect(withSituation?.situations?.[0].constructor.name).toBe('SituationInput');
  });

  test('about 2.5 persons per household', () => {
    expect(ca.households).toHaveLength(2000);
    expect(ca.persons.length).toBeGreaterThan(4600);
    expect(ca.persons.length).toBeLessThan(5600);
  });

  test("every record passes the hub's own validation and natural-key checks", () => {
    for (const batch of Object.values(population) as Record<string, object[]>[]) {
      const report = new BatchReport(Number.MAX_SAFE_INTEGER, {});
      for (const [list, records] of Object.entries(batch)) report.accept(list, records, KEYS[list]);
      expect(report.result().errors.slice(0, 5)).toEqual([]);
    }
  });

  test('every ID number is valid and persons are unique', () => {
    const ids = [
      ...ca.persons.map((p) => p.idNumber),
      ...hr.insuranceEnrollments.map((e) => e.idNumber),
      ...population.disability.certificates.map((c) => c.idNumber),
    ];
    for (const id of ids) expect(parseIdNumber(id, AS_OF)).toMatchObject({ ok: true, value: { idNumber: id } });
    expect(persons.size).toBe(ca.persons.length);
    expect(ca.persons.filter((p) => p.idNumber.endsWith('X')).length).toBeGreaterThan(0);
  });

  test('address codes: mostly the district, some retired, some old county codes, some other provinces', () => {
    const codes = ca.persons.map((p) => p.idNumber.slice(0, 6));
    for (const retired of ['120107', '120108', '120109', '120221', '120222', '120223', '120224', '120225'])
      expect(codes).toContain(retired);
    const elsewhere = ca.persons.filter((p) => !p.registeredDistrict.startsWith('12'));
    expect(share(elsewhere.length, ca.persons.length)).toBeGreaterThan(0.03);
    expect(share(elsewhere.length, ca.persons.length)).toBeLessThan(0.08);
    for (const migrant of elsewhere) expect(isTianjinDistrict(migrant.residenceDistrict)).toBe(true);
    expect(elsewhere.some((p) => p.residencePermitValidUntil && p.residencePermitValidUntil <= AS_OF)).toBe(true);
  });

  test('all 16 districts, Binhai the largest and Heping among the smallest', () => {
    const byDistrict = new Map<string, number>();
    for (const h of ca.households) byDistrict.set(h.registeredDistrict, (byDistrict.get(h.registeredDistrict) ?? 0) + 1);
    for (const code of TIANJIN_DISTRICT_CODES) expect(byDistrict.get(code)).toBeGreaterThan(0);
    const ranked = TIANJIN_DISTRICT_CODES.slice().sort((a, b) => byDistrict.get(b)! - byDistrict.get(a)!);
    expect(ranked[0]).toBe('120116');
    expect(ranked.slice(-4)).toContain('120101');
  });

  test('households: one head, unique numbers, members known, parents 20–40 years older', () => {
    const numbers = new Set(ca.households.map((h) => h.householdNumber));
    expect(numbers.size).toBe(ca.households.length);
    for (const h of ca.households) {
      expect(h.householdNumber).toMatch(/^H\d{6}-\d{6}$/);
      expect(h.members.filter((m) => m.relation === RelationToHead.HEAD)).toHaveLength(1);
      for (const m of h.members) expect(persons.get(m.idNumber)?.registeredDistrict).toBe(h.registeredDistrict);
    }
    for (const p of ca.persons) {
      for (const parent of [p.fatherIdNumber, p.motherIdNumber]) {
        if (!parent) continue;
        expect(persons.has(parent)).toBe(true);
        const gap = ageOn(birthOf(parent), birthOf(p.idNumber));
        expect(gap).toBeGreaterThanOrEqual(20);
        expect(gap).toBeLessThanOrEqual(40);
      }
    }
    const deaths = new Map(
      ca.persons.flatMap((p) => (p.situations ?? []).filter((s) => s.kind === 'DECEASED').map((s) => [p.idNumber, s.since])),
    );
    for (const child of ca.persons) {
      const died = child.motherIdNumber ? deaths.get(child.motherIdNumber) : undefined;
      if (died) expect(died >= birthOf(child.idNumber)).toBe(true);
    }
    const minors = ca.persons.filter((p) => ageOf(p.idNumber) < 18);
    expect(minors.some((p) => p.fatherIdNumber === null)).toBe(true);
  });

  test('shares: lives away 8–18 %, disability 4–8 %, dibao-like households 1.5–5 %, low income about 2 %', () => {
    const away = ca.persons.filter((p) => p.residenceDistrict != null && p.residenceDistrict !== p.registeredDistrict);
    expect(share(away.length, ca.persons.length)).toBeGreaterThan(0.08);
    expect(share(away.length, ca.persons.length)).toBeLessThan(0.18);
    const disabled = new Set(population.disability.certificates.map((c) => c.idNumber));
    expect(share(disabled.size, ca.persons.length)).toBeGreaterThan(0.04);
    expect(share(disabled.size, ca.persons.length)).toBeLessThan(0.08);
    const perCapita = ca.households.map((h) => h.members.reduce((sum, m) => sum + m.monthlyIncome, 0) / h.members.length);
    expect(share(perCapita.filter((x) => x < STANDARD).length, ca.households.length)).toBeGreaterThan(0.015);
    expect(share(perCapita.filter((x) => x < STANDARD).length, ca.households.length)).toBeLessThan(0.05);
    const low = perCapita.filter((x) => x >= STANDARD && x < 1.5 * STANDARD).length;
    expect(share(low, ca.households.length)).toBeGreaterThan(0.01);
    expect(share(low, ca.households.length)).toBeLessThan(0.035);
  });

  test('certificate numbers are the ID number, the category and the grade; some lapsed', () => {
    const certificates = population.disability.certificates;
    for (const c of certificates) expect(c.certificateNumber).toBe(`${c.idNumber}${c.category}${c.grade}`);
    expect(certificates.some((c) => c.validUntil && c.validUntil <= AS_OF)).toBe(true);
    expect(certificates.some((c) => c.revokedOn)).toBe(true);
    const categories = new Map<number, number>();
    for (const c of certificates) categories.set(c.category, (categories.get(c.category) ?? 0) + 1);
    expect([...categories.entries()].sort((a, b) => b[1] - a[1])[0][0]).toBe(4);
  });

  test('rule cases exist: adult children of 1.2, situations of both ages, ended enrollments', () => {
    const valid = (c: { issuedOn: string; validUntil?: string | null; revokedOn?: string | null }) =>
      isValidOn(c.issuedOn, c.validUntil, AS_OF) && (c.revokedOn == null || c.revokedOn > AS_OF);
    const adultCases = population.disability.certificates.filter((c) => {
      const p = persons.get(c.idNumber);
      const parents = [p?.fatherIdNumber, p?.motherIdNumber].filter((x): x is string => !!x);
      return (
        valid(c) &&
        (c.category === 5 || c.category === 6) &&
        c.grade <= 2 &&
        ageOf(c.idNumber) >= 18 &&
        parents.some((x) => ageOf(x) >= 60)
      );
    });
    expect(adultCases.length).toBeGreaterThan(3);
    const situations = ca.persons.flatMap((p) => p.situations ?? []);
    for (const kind of ['DECEASED', 'IMPRISONED', 'COMPULSORY_REHABILITATION', 'OUT_OF_CONTACT', 'DECLARED_MISSING']) {
      expect(situations.some((s) => s.kind === kind)).toBe(true);
    }
    const sixMonthsAgo = addMonths(AS_OF, -6);
    expect(situations.some((s) => s.kind !== 'DECEASED' && s.since <= sixMonthsAgo)).toBe(true);
    expect(situations.some((s) => s.kind !== 'DECEASED' && s.since > sixMonthsAgo)).toBe(true);
    const programs = new Set(
      ca.enrollments.filter((e) => isValidOn(e.startDate, e.endDate, AS_OF)).map((e) => `${e.program}/${e.unit}`),
    );
    expect([...programs].sort()).toEqual([
      'DIBAO/HOUSEHOLD',
      'DIBAO/SINGLE_PERSON',
      'LOW_INCOME/HOUSEHOLD',
      'TEKUN/SINGLE_PERSON',
      'UNSUPPORTED_CHILD/SINGLE_PERSON',
    ]);
    expect(ca.enrollments.some((e) => e.endDate && e.endDate <= AS_OF)).toBe(true);
    expect(ca.persons.some((p) => p.supporterStatus === 'NONE')).toBe(true);
    expect(ca.seriousIllnessCertifications.some((c) => c.validUntil && c.validUntil <= AS_OF)).toBe(true);
  });

  test('every enrolled household has an economic check within 18 months', () => {
    const checked = new Set(ca.economicChecks.map((c) => c.householdNumber));
    for (const e of ca.enrollments.filter((x) => x.householdNumber)) expect(checked.has(e.householdNumber!)).toBe(true);
    for (const c of ca.economicChecks) {
      expect(c.checkedOn >= addMonths(AS_OF, -18)).toBe(true);
      expect(c.checkedOn < AS_OF).toBe(true);
    }
  });

  test('human resources: coverage, six income months each, records ahead of civil affairs, misspelt names', () => {
    const workingAge = ca.persons.filter((p) => ageOf(p.idNumber) >= 18 && ageOf(p.idNumber) < 60);
    const registered = new Set(hr.unemploymentRegistrations.map((r) => r.idNumber));
    const insured = new Set(hr.insuranceEnrollments.map((e) => e.idNumber));
    expect(share(workingAge.filter((p) => registered.has(p.idNumber)).length, workingAge.length)).toBeGreaterThan(0.02);
    expect(share(workingAge.filter((p) => registered.has(p.idNumber)).length, workingAge.length)).toBeLessThan(0.07);
    expect(share(workingAge.filter((p) => insured.has(p.idNumber)).length, workingAge.length)).toBeGreaterThan(0.35);
    expect(share(workingAge.filter((p) => insured.has(p.idNumber)).length, workingAge.length)).toBeLessThan(0.55);
    const months = new Set(Array.from({ length: 6 }, (_, i) => monthOf(AS_OF, -1 - i)));
    const incomeMonths = new Map<string, Set<string>>();
    for (const m of hr.incomeMonths) incomeMonths.set(m.idNumber, (incomeMonths.get(m.idNumber) ?? new Set()).add(m.month));
    for (const id of new Set([...registered, ...insured])) expect(incomeMonths.get(id)).toEqual(months);
    expect([...incomeMonths.keys()].filter((id) => !persons.has(id)).length).toBeGreaterThan(0);
    expect(hr.insuranceEnrollments.some((e) => e.drawingBenefit)).toBe(true);
    const misspelt = [...hr.insuranceEnrollments, ...hr.unemploymentRegistrations, ...population.disability.certificates].filter(
      (r) => persons.has(r.idNumber) && persons.get(r.idNumber)!.name !== r.name,
    );
    expect(misspelt.length).toBeGreaterThan(0);
  });

  test('temporary assistance: emergency payments, some paid while insured or unregistered', () => {
    const payments = ca.temporaryAssistancePayments;
    expect(payments.some((p) => p.kind === 'EMERGENCY' && p.amount === 500)).toBe(true);
    const whileInsured = payments.filter((p) =>
      hr.insuranceEnrollments.some((e) => e.idNumber === p.idNumber && isValidOn(e.startDate, e.endDate, p.paidOn)),
    );
    const unregistered = payments.filter(
      (p) => !hr.unemploymentRegistrations.some((r) => r.idNumber === p.idNumber && isValidOn(r.startDate, r.endDate, p.paidOn)),
    );
    expect(whileInsured.length).toBeGreaterThan(0);
    expect(unregistered.length).toBeGreaterThan(0);
    expect(whileInsured.length + unregistered.length).toBeLessThan(payments.length);
  });
});
