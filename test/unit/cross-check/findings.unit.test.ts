import path from 'node:path';
import type { AssistanceEnrollment } from '../../../src/departments/civil-affairs/assistance-enrollment.entity';
import { AssistanceUnit, PaymentKind, Program, RelationToHead } from '../../../src/departments/civil-affairs/civil-affairs.enums';
import type { TemporaryAssistancePayment } from '../../../src/departments/civil-affairs/temporary-assistance-payment.entity';
import type { DisabilityCertificate } from '../../../src/departments/disability/disability-certificate.entity';
import type { IncomeMonth } from '../../../src/departments/human-resources/income-month.entity';
import type { InsuranceEnrollment } from '../../../src/departments/human-resources/insurance-enrollment.entity';
import type { UnemploymentRegistration } from '../../../src/departments/human-resources/unemployment-registration.entity';
import { FindingCode } from '../../../src/cross-check/finding-code';
import { findingsOf, type Finding, type FindingFacts } from '../../../src/cross-check/findings';
import { personFactsOf, type HouseholdFacts, type HumanResourcesFacts, type PersonFacts } from '../../../src/eligibility/facts';
import { composeIdNumber } from '../../../src/identity/id-number';
import { ParameterReader } from '../../../src/policy/parameter-reader';
import { ParameterStore } from '../../../src/policy/parameter-store';

/*
 * Each finding from constructed facts, and its near misses: the edges of "valid on a date"
 * (start ≤ date < end), working age 18–59 from the parameters, severe disability, a registration,
 * income inside and outside the window, names equal after NFC and trimming.
 */

const store = ParameterStore.fromFolder(path.join(__dirname, '..', '..', '..', 'src', 'policy', 'parameters'));
const ASOF = '2021-03-15'; // the 3 full months before: 2020-12, 2021-01, 2021-02
const HOUSEHOLD = 'H120101-000001';
const NAME = '张伟';

function personOf(birthDate = '1981-06-10', name: string | null = NAME): PersonFacts {
  const idNumber = composeIdNumber('120101', birthDate, 11);
  const record = name == null ? null : {
    idNumber, name, birthDate, registeredDistrict: '120101', residenceDistrict: null, residencePermitValidFrom: null,
    residencePermitValidUntil: null, fatherIdNumber: null, motherIdNumber: null, supporterStatus: null,
  };
  return personFactsOf(idNumber, record, { situations: [], certificates: [], seriousIllnessCertifications: [], personalEnrollments: [] });
}

const enrollment = (over: Partial<AssistanceEnrollment> = {}): AssistanceEnrollment => ({
  enrollmentNumber: 'E-1', program: Program.DIBAO, unit: AssistanceUnit.HOUSEHOLD, householdNumber: HOUSEHOLD, idNumber: null,
  startDate: '2020-01-01', endDate: null, monthlyAmount: 1010, ...over,
});

function householdOf(person: PersonFacts, enrollments: AssistanceEnrollment[] = [enrollment()], monthlyIncome = 0): HouseholdFacts {
  return {
    householdNumber: HOUSEHOLD, registeredDistrict: '120101', residenceDistrict: null,
    members: [{ relation: RelationToHead.HEAD, monthlyIncome, person }], economicChecks: [], enrollments,
  };
}

interface Parts {
  person?: PersonFacts;
  household?: HouseholdFacts | null;
  hr?: Partial<HumanResourcesFacts>;
  payments?: TemporaryAssistancePayment[];
  asOf?: string;
}

/** A dibao household member of 39 with an empty human-resources window, unless told otherwise. */
function factsOf(parts: Parts = {}): FindingFacts {
  const person = parts.person ?? personOf();
  const household = parts.household === undefined ? householdOf(person) : parts.household;
  return {
    asOf: parts.asOf ?? ASOF,
    person,
    household,
    membership: household?.members.find((m) => m.person.idNumber === person.idNumber) ?? null,
    father: null,
    mother: null,
    humanResources: { unemploymentRegistrations: [], insuranceEnrollments: [], incomeMonths: [income(person, '2021-01', 0)], ...parts.hr },
    temporaryAssistancePayments: parts.payments ?? [],
  };
}

const registration = (p: PersonFacts, startDate: string, endDate: string | null = null, name = NAME): UnemploymentRegistration => ({
  registrationNumber: `R-${startDate}`, idNumber: p.idNumber, name, district: '120101', startDate, endDate,
});
const insurance = (p: PersonFacts, startDate: string, endDate: string | null = null, drawingBenefit = false, name = NAME): InsuranceEnrollment => ({
  idNumber: p.idNumber, startDate, endDate, drawingBenefit, name,
});
function income(p: PersonFacts, month: string, amount: number): IncomeMonth {
  return { idNumber: p.idNumber, month, amount };
}
const payment = (p: PersonFacts, paidOn: string, paymentNumber = `TA-${paidOn}`): TemporaryAssistancePayment => ({
  paymentNumber, idNumber: p.idNumber, paidOn, amount: 500, kind: PaymentKind.EMERGENCY,
});
const certificate = (p: PersonFacts, grade: number, name = NAME, issuedOn = '2010-01-01'): DisabilityCertificate =>
  ({ certificateNumber: `${p.idNumber}4${grade}`, idNumber: p.idNumber, name, category: 4, grade, issuedOn, validUntil: null, revokedOn: null }) as DisabilityCertificate;

const findings = (facts: FindingFacts) => findingsOf(facts, new ParameterReader(store, facts.asOf));
const withCode = (facts: FindingFacts, code: FindingCode) => findings(facts).filter((f) => f.code === code);
const keysOf = (facts: FindingFacts, code: FindingCode) => withCode(facts, code).map((f) => f.recordKey);

/** Every finding is about the subject: each evidence names whose records it is, only them or their household. */
function expectOwnSubjects(found: Finding[], person: PersonFacts) {
  for (const f of found) {
    for (const e of f.evidence) {
      expect(e.subjects.length).toBeGreaterThan(0);
      for (const s of e.subjects) expect(s).toEqual(s.kind === 'person' ? { kind: 'person', idNumber: person.idNumber } : { kind: 'household', householdNumber: HOUSEHOLD });
    }
  }
}

describe('TEMPORARY_ASSISTANCE_WHILE_INSURED (clause 6)', () => {
  const p = personOf();
  const registered = [registration(p, '2020-01-01')];
  const paidWhile = (ins: InsuranceEnrollment[], paidOn = '2021-02-01') =>
    factsOf({ person: p, household: null, hr: { unemploymentRegistrations: registered, insuranceEnrollments: ins }, payments: [payment(p, paidOn)] });

  test('one finding per payment dated while insured, keyed by the payment number', () => {
    const facts = factsOf({ person: p, household: null, hr: { unemploymentRegistrations: registered, insuranceEnrollments: [insurance(p, '2021-01-01')] },
      payments: [payment(p, '2021-02-01', 'TA-1'), payment(p, '2021-03-01', 'TA-2')] });
    const found = withCode(facts, FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED);
    expect(found.map((f) => [f.recordKey, f.clause])).toEqual([['TA-1', '6'], ['TA-2', '6']]);
    expect(found[0].evidence.map((e) => [e.department, e.record, e.recordId])).toEqual([
      ['civil-affairs', 'temporary-assistance-payment', 'TA-1'],
      ['human-resources', 'insurance-enrollment', `${p.idNumber}@2021-01-01`],
    ]);
    expect(found[0].values).toMatchObject({ paidOn: '2021-02-01', amount: 500, insuredSince: ['2021-01-01'] });
    expectOwnSubjects(found, p);
  });

  test('edges: insured from the payment date counts; insurance ending on it or starting the day after does not', () => {
    expect(withCode(paidWhile([insurance(p, '2021-02-01')]), FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED)).toHaveLength(1);
    expect(withCode(paidWhile([insurance(p, '2020-01-01', '2021-02-01')]), FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED)).toEqual([]);
    expect(withCode(paidWhile([insurance(p, '2021-02-02')]), FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED)).toEqual([]);
  });

  test('a payment after asOf does not exist yet, and another person\'s payment is not the subject\'s', () => {
    expect(findings(paidWhile([insurance(p, '2021-01-01')], '2021-03-16'))).toEqual([]);
    const other = personOf('1970-01-01');
    expect(findings({ ...paidWhile([insurance(p, '2021-01-01')]), temporaryAssistancePayments: [payment(other, '2021-02-01')] })).toEqual([]);
  });
});

describe('TEMPORARY_ASSISTANCE_NOT_REGISTERED (clause 6)', () => {
  const p = personOf();
  const paidWith = (regs: UnemploymentRegistration[]) =>
    factsOf({ person: p, household: null, hr: { unemploymentRegistrations: regs }, payments: [payment(p, '2021-02-01', 'TA-9')] });

  test('a payment with no registration valid on its date; the registrations held are its evidence', () => {
    const ended = registration(p, '2020-01-01', '2021-02-01');
    const found = withCode(paidWith([ended]), FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED);
    expect(found.map((f) => [f.recordKey, f.clause])).toEqual([['TA-9', '6']]);
    expect(found[0].evidence.map((e) => e.recordId)).toEqual(['TA-9', 'R-2020-01-01']);
    expect(found[0].values).toMatchObject({ paidOn: '2021-02-01', registrationsHeld: 1 });
    expectOwnSubjects(found, p);
    expect(keysOf(paidWith([]), FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED)).toEqual(['TA-9']);
  });

  test('registered on the payment date (from that very day) raises nothing; registered the day after does', () => {
    expect(findings(paidWith([registration(p, '2021-02-01')]))).toEqual([]);
    expect(findings(paidWith([registration(p, '2020-01-01')]))).toEqual([]);
    expect(keysOf(paidWith([registration(p, '2021-02-02')]), FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED)).toEqual(['TA-9']);
  });

  test('the same payment keeps its key on every later asOf', () => {
    const later = { ...paidWith([]), asOf: '2022-01-01' };
    expect(findings(later)).toEqual(findings(paidWith([])));
  });
});

describe('DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED (clause 1.3)', () => {
  const p = personOf();
  const unemployed = (parts: Parts = {}) => factsOf({ person: p, ...parts });
  const code = FindingCode.DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED;

  test('a working-age member of a dibao household without income or registration, keyed by the household', () => {
    const found = withCode(unemployed(), code);
    expect(found.map((f) => [f.recordKey, f.clause])).toEqual([[HOUSEHOLD, '1.3']]);
    expect(found[0].values).toEqual({
      householdNumber: HOUSEHOLD, birthDate: '1981-06-10', age: 39, adultAge: 18, elderlyAge: 60, monthsWithoutIncome: 3,
      months: ['2020-12', '2021-01', '2021-02'], memberMonthlyIncome: 0,
    });
    expect(found[0].evidence.map((e) => [e.record, e.recordId])).toEqual([
      ['person', p.idNumber],
      ['assistance-enrollment', 'E-1'],
      ['household-member', `${HOUSEHOLD}/${p.idNumber}`],
      ['income-month', `${p.idNumber}@2021-01`],
    ]);
    expectOwnSubjects(found, p);
  });

  test.each([
    ['turns 18 on asOf', '2003-03-15', 1],
    ['17, a day short of 18', '2003-03-16', 0],
    ['59, a day short of 60', '1961-03-16', 1],
    ['turns 60 on asOf', '1961-03-15', 0],
  ])('age edge: %s', (_label, birthDate, count) => {
    const q = personOf(birthDate);
    expect(withCode(factsOf({ person: q }), code)).toHaveLength(count);
  });

  test('a severe disability (grade 1–2) excludes; grade 3 does not', () => {
    expect(withCode(unemployed({ person: { ...p, certificates: [certificate(p, 2)] } }), code)).toEqual([]);
    expect(withCode(unemployed({ person: { ...p, certificates: [certificate(p, 3)] } }), code)).toHaveLength(1);
  });

  test('a registration valid on asOf excludes; one ending on asOf does not', () => {
    expect(withCode(unemployed({ hr: { unemploymentRegistrations: [registration(p, ASOF)] } }), code)).toEqual([]);
    expect(withCode(unemployed({ hr: { unemploymentRegistrations: [registration(p, '2020-01-01', ASOF)] } }), code)).toHaveLength(1);
  });

  test('income above 0 in a window month excludes; in the month of asOf or before the window it does not', () => {
    expect(withCode(unemployed({ hr: { incomeMonths: [income(p, '2020-12', 0.01)] } }), code)).toEqual([]);
    expect(withCode(unemployed({ hr: { incomeMonths: [income(p, '2021-02', 2000)] } }), code)).toEqual([]);
    expect(withCode(unemployed({ hr: { incomeMonths: [income(p, '2021-03', 2000)] } }), code)).toHaveLength(1);
    expect(withCode(unemployed({ hr: { incomeMonths: [income(p, '2020-11', 2000)] } }), code)).toHaveLength(1);
  });

  test('a monthly income recorded on the household excludes; no human-resources record at all is unknown and raises nothing', () => {
    expect(withCode(unemployed({ household: householdOf(p, [enrollment()], 800) }), code)).toEqual([]);
    expect(withCode(unemployed({ hr: { incomeMonths: [] } }), code)).toEqual([]);
    // An ended insurance enrollment is a human-resources record: months without income records are then without income.
    expect(withCode(unemployed({ hr: { incomeMonths: [], insuranceEnrollments: [insurance(p, '2015-01-01', '2019-01-01')] } }), code)).toHaveLength(1);
  });

  test('only a household DIBAO enrollment valid on asOf makes a dibao household', () => {
    expect(withCode(unemployed({ household: householdOf(p, [enrollment({ endDate: ASOF })]) }), code)).toEqual([]);
    expect(withCode(unemployed({ household: householdOf(p, [enrollment({ startDate: '2021-03-16' })]) }), code)).toEqual([]);
    expect(withCode(unemployed({ household: householdOf(p, [enrollment({ program: Program.LOW_INCOME })]) }), code)).toEqual([]);
    expect(withCode(unemployed({ household: null }), code)).toEqual([]);
    const single = enrollment({ unit: AssistanceUnit.SINGLE_PERSON, householdNumber: null, idNumber: p.idNumber });
    expect(withCode(unemployed({ person: { ...p, personalEnrollments: [single] }, household: householdOf(p, []) }), code)).toEqual([]);
  });

  test('before its parameters are in force (2020-07-01) the finding does not exist; payment findings do', () => {
    const early = unemployed({ asOf: '2020-06-30', payments: [payment(p, '2020-06-01')] });
    expect(findings(early).map((f) => f.code)).toEqual([FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED]);
    expect(withCode({ ...early, asOf: '2020-07-01' }, code)).toHaveLength(1);
  });
});

describe('DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT (clause 6)', () => {
  const p = personOf();
  const code = FindingCode.DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT;
  const drawing = (ins: InsuranceEnrollment, household?: HouseholdFacts | null) =>
    factsOf({ person: p, household, hr: { unemploymentRegistrations: [registration(p, '2021-01-01')], insuranceEnrollments: [ins], incomeMonths: [income(p, '2021-02', 1500)] } });

  test('a dibao member drawing benefit on asOf, keyed household/enrollment', () => {
    const found = withCode(drawing(insurance(p, '2021-01-01', null, true)), code);
    expect(found.map((f) => [f.recordKey, f.clause])).toEqual([[`${HOUSEHOLD}/${p.idNumber}@2021-01-01`, '6']]);
    expect(found[0].evidence.map((e) => [e.department, e.record])).toEqual([
      ['civil-affairs', 'assistance-enrollment'],
      ['civil-affairs', 'household-member'],
      ['human-resources', 'insurance-enrollment'],
    ]);
    expect(found[0].evidence[2].values).toMatchObject({ drawingBenefit: true });
    expectOwnSubjects(found, p);
  });

  test('insured without drawing benefit, an enrollment ending on asOf, or a household not on dibao: nothing', () => {
    expect(withCode(drawing(insurance(p, '2021-01-01', null, false)), code)).toEqual([]);
    expect(withCode(drawing(insurance(p, '2021-01-01', ASOF, true)), code)).toEqual([]);
    expect(withCode(drawing(insurance(p, '2021-01-01', null, true), householdOf(p, [enrollment({ program: Program.LOW_INCOME })])), code)).toEqual([]);
    expect(withCode(drawing(insurance(p, '2021-01-01', null, true), null), code)).toEqual([]);
  });
});

describe('NAME_MISMATCH (clause 6)', () => {
  const p = personOf();
  const code = FindingCode.NAME_MISMATCH;
  const named = (person: PersonFacts, name: string, issuedOn = '2010-01-01') =>
    factsOf({ person: { ...person, certificates: [certificate(person, 4, name, issuedOn)] }, household: null, hr: {
      unemploymentRegistrations: [registration(person, '2020-01-01', null, name)], insuranceEnrollments: [insurance(person, '2019-01-01', '2020-01-01', false, name)],
    } });

  test('one finding per department record whose name differs, keyed by record kind and id', () => {
    const found = withCode(named(p, '张玮'), code);
    expect(found.map((f) => f.recordKey)).toEqual([
      'unemployment-registration:R-2020-01-01',
      `insurance-enrollment:${p.idNumber}@2019-01-01`,
      `disability-certificate:${p.idNumber}44`,
    ]);
    expect(found.every((f) => f.clause === '6')).toBe(true);
    expect(found[0].values).toEqual({ civilAffairsName: NAME, otherName: '张玮', department: 'human-resources', record: 'unemployment-registration' });
    expect(found[2].evidence.map((e) => [e.department, e.record, e.values.name])).toEqual([
      ['civil-affairs', 'person', NAME],
      ['disability', 'disability-certificate', '张玮'],
    ]);
    expectOwnSubjects(found, p);
  });

  test('equal after NFC and trimming: no finding', () => {
    const composed = personOf('1981-06-10', 'Zoë');
    expect(findings(named(composed, 'Zoe\u0308'))).toEqual([]);
    expect(findings(named(p, ` ${NAME}\u3000`))).toEqual([]);
  });

  test('NFC only: compatibility forms (full-width letters) still differ', () => {
    const latin = personOf('1981-06-10', 'LI');
    expect(keysOf(named(latin, 'ＬＩ'), code)).toHaveLength(3);
  });

  test('a record started after asOf is not compared; nor is anything when civil affairs has no name', () => {
    const facts = named(p, '张玮', '2021-03-16');
    expect(keysOf(facts, code)).not.toContain(`disability-certificate:${p.idNumber}44`);
    expect(findings(named(personOf('1981-06-10', null), '张玮'))).toEqual([]);
  });
});

test('parameters read on another date than the facts are refused', () => {
  expect(() => findingsOf(factsOf(), new ParameterReader(store, '2021-01-01'))).toThrow(/parameters read on 2021-01-01/);
});
