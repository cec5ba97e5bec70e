import type { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { AssistanceUnit, Program } from '../departments/civil-affairs/civil-affairs.enums';
import type { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import { ageOn, isValidOn, monthOf } from '../common/local-date';
import { evidenceOf } from '../eligibility/definitions/evidence';
import { fen } from '../eligibility/definitions/figures';
import { severeDisability, validCertificates } from '../eligibility/definitions/health';
import { validEnrollmentsIn } from '../eligibility/definitions/validity';
import type { Evidence, Subject } from '../eligibility/eligibility.types';
import type { HouseholdFacts, MemberFacts, SubjectFacts } from '../eligibility/facts';
import { P } from '../policy/parameter-names';
import type { ParameterReader } from '../policy/parameter-reader';
import { NoValueInForceError } from '../policy/parameter-store';
import { FindingCode } from './finding-code';

/*
 * Cross-check findings (clauses 1.3 and 6, docs/findings.md): what civil-affairs records say
 * against what human resources and the disability federation hold on the same ID number. Pure: it
 * reads the facts the rules read, plus the subject's temporary-assistance payments.
 */

export interface FindingFacts extends SubjectFacts {
  /** The subject's own temporary-assistance payments, all of them (judged against `asOf` here). */
  temporaryAssistancePayments: TemporaryAssistancePayment[];
}

export interface Finding {
  code: FindingCode;
  /** Stable key of what the finding is about, e.g. the payment number, so the same finding found twice is recognisably the same. */
  recordKey: string;
  /** Clause id of the notice: '1.3' or '6'. */
  clause: string;
  evidence: Evidence[];
  /** The figures used (dates, ages, parameter values). */
  values: Record<string, unknown>;
}

const CLAUSE_CROSS_CHECK = '6';
const CLAUSE_ENCOURAGE_REGISTRATION = '1.3';

const personSubject = (idNumber: string): Subject => ({ kind: 'person', idNumber });

function paymentEvidence(p: TemporaryAssistancePayment): Evidence {
  return {
    department: 'civil-affairs',
    record: 'temporary-assistance-payment',
    recordId: p.paymentNumber,
    values: { paidOn: p.paidOn, amount: p.amount, kind: p.kind },
    subjects: [personSubject(p.idNumber)],
  };
}

/** The subject's own records only: a record of someone else handed in by mistake must never become their finding. */
function ownRecords(facts: FindingFacts) {
  const own = <T extends { idNumber: string }>(records: T[]) => records.filter((r) => r.idNumber === facts.person.idNumber);
  return {
    payments: own(facts.temporaryAssistancePayments),
    registrations: own(facts.humanResources.unemploymentRegistrations),
    insurance: own(facts.humanResources.insuranceEnrollments),
    incomeMonths: own(facts.humanResources.incomeMonths),
    certificates: own(facts.person.certificates),
  };
}
type OwnRecords = ReturnType<typeof ownRecords>;

/**
 * Clause 6 against clause 2's conditions (5) and (6): each payment made by `asOf` is judged on its
 * own date with the hub's validity (start ≤ paidOn < end). A later payment does not exist yet.
 */
function paymentFindings(facts: FindingFacts, own: OwnRecords): Finding[] {
  const payments = own.payments
    .filter((p) => p.paidOn <= facts.asOf)
    .sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.paymentNumber.localeCompare(b.paymentNumber));
  const findings: Finding[] = [];
  for (const p of payments) {
    const base = { paidOn: p.paidOn, amount: p.amount, kind: p.kind };
    const insured = own.insurance.filter((e) => isValidOn(e.startDate, e.endDate, p.paidOn));
    if (insured.length) {
      findings.push({
        code: FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED,
        recordKey: p.paymentNumber,
        clause: CLAUSE_CROSS_CHECK,
        evidence: [paymentEvidence(p), ...insured.map(evidenceOf.insurance)],
        values: { ...base, insuredSince: insured.map((e) => e.startDate) },
      });
    }
    if (!own.registrations.some((r) => isValidOn(r.startDate, r.endDate, p.paidOn))) {
      findings.push({
        code: FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED,
        recordKey: p.paymentNumber,
        clause: CLAUSE_CROSS_CHECK,
        // The registrations held, none valid on the payment date: the absence is shown by what there is.
        evidence: [paymentEvidence(p), ...own.registrations.map(evidenceOf.registration)],
        values: { ...base, registrationsHeld: own.registrations.length },
      });
    }
  }
  return findings;
}

interface DibaoMembership {
  household: HouseholdFacts;
  member: MemberFacts;
  enrollments: AssistanceEnrollment[];
}

/** The subject's household when it is on dibao as a household on `asOf` (a single-person dibao elsewhere in it does not count). */
function dibaoMembership(facts: FindingFacts): DibaoMembership | null {
  const { household, membership } = facts;
  if (!household || !membership) return null;
  const enrollments = validEnrollmentsIn(household.enrollments, [Program.DIBAO], facts.asOf).filter((e) => e.unit === AssistanceUnit.HOUSEHOLD);
  return enrollments.length ? { household, member: membership, enrollments } : null;
}

function dibaoEvidence(d: DibaoMembership): Evidence[] {
  return [...d.enrollments.map(evidenceOf.enrollment), evidenceOf.member(d.household.householdNumber, d.member)];
}

interface WorkingAgeParameters {
  adultAge: number;
  elderlyAge: number;
  monthsWithoutIncome: number;
}

/**
 * Working age 18–59 is `adult-age` ≤ age < `tekun-elderly-age`, as for the review cadence's member
 * able to work; "the last 3 months" is `months-without-income`. Like a rule, the finding exists
 * only on dates when all three are in force (null before).
 */
function workingAgeParameters(params: ParameterReader): WorkingAgeParameters | null {
  try {
    return { adultAge: params.get(P.adultAge), elderlyAge: params.get(P.tekunElderlyAge), monthsWithoutIncome: params.get(P.monthsWithoutIncome) };
  } catch (error) {
    if (error instanceof NoValueInForceError) return null;
    throw error;
  }
}

/**
 * Clause 1.3: a dibao member able to work (working age, not severely disabled), without income,
 * and not registered unemployed is to be encouraged to register. "Without income" needs both
 * sources to agree: no human-resources income above 0 in each of the N full calendar months before
 * the month of `asOf` (as `no-income-3-months` reads it, so no human-resources record at all is
 * unknown and raises nothing), and no monthly income above 0 recorded for them on the household.
 */
function unregisteredUnemployed(facts: FindingFacts, own: OwnRecords, dibao: DibaoMembership, params: ParameterReader): Finding | null {
  const limits = workingAgeParameters(params);
  if (!limits) return null;
  const { asOf } = facts;
  const person = { ...facts.person, certificates: own.certificates };
  const age = ageOn(person.birthDate, asOf);
  if (age < limits.adultAge || age >= limits.elderlyAge) return null;
  if (severeDisability(person, asOf)) return null;
  if (own.registrations.some((r) => isValidOn(r.startDate, r.endDate, asOf))) return null;
  const months = Array.from({ length: limits.monthsWithoutIncome }, (_, i) => monthOf(asOf, -(limits.monthsWithoutIncome - i)));
  const anyHumanResourcesRecord = own.registrations.length + own.insurance.length + own.incomeMonths.length > 0;
  if (!anyHumanResourcesRecord) return null;
  const inWindow = own.incomeMonths.filter((i) => months.includes(i.month));
  if (inWindow.some((i) => fen(i.amount) > 0)) return null;
  if (fen(dibao.member.monthlyIncome) > 0) return null;
  return {
    code: FindingCode.DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED,
    recordKey: dibao.household.householdNumber,
    clause: CLAUSE_ENCOURAGE_REGISTRATION,
    evidence: [
      evidenceOf.person(person),
      ...dibaoEvidence(dibao),
      // What was read and found wanting: certificates that are not severe, ended registrations, empty months.
      ...validCertificates(person, asOf).map(evidenceOf.certificate),
      ...own.registrations.map(evidenceOf.registration),
      ...inWindow.map(evidenceOf.incomeMonth),
    ],
    values: {
      householdNumber: dibao.household.householdNumber,
      birthDate: person.birthDate,
      age,
      adultAge: limits.adultAge,
      elderlyAge: limits.elderlyAge,
      monthsWithoutIncome: limits.monthsWithoutIncome,
      months,
      memberMonthlyIncome: dibao.member.monthlyIncome,
    },
  };
}

/**
 * Clause 6: a dibao member drawing unemployment-insurance benefit on `asOf`; the benefit is income
 * the household's assessment must hold, which the hub cannot tell from the recorded total. One per
 * such enrollment, keyed household/enrollment: a new household or a new benefit period is a new
 * thing to verify, the same pair found again is the same finding.
 */
function receivingBenefit(facts: FindingFacts, own: OwnRecords, dibao: DibaoMembership): Finding[] {
  const drawing = own.insurance.filter((e) => e.drawingBenefit && isValidOn(e.startDate, e.endDate, facts.asOf));
  const householdNumber = dibao.household.householdNumber;
  return drawing.map((e) => ({
    code: FindingCode.DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT,
    recordKey: `${householdNumber}/${e.idNumber}@${e.startDate}`,
    clause: CLAUSE_CROSS_CHECK,
    evidence: [...dibaoEvidence(dibao), evidenceOf.insurance(e)],
    values: { householdNumber, insuredSince: e.startDate, memberMonthlyIncome: dibao.member.monthlyIncome },
  }));
}

/** Names compare as stored text: canonical composition (NFC) and no surrounding spaces, nothing more. */
const comparableName = (name: string) => name.normalize('NFC').trim();

/**
 * Clause 6 (与人社部门等有关部门…比对核实): one ID number, another name. One finding per department
 * record that differs, keyed by record kind and id, so each department sees the record it must
 * correct. Every record started by `asOf` is compared, ended ones too: they are still held.
 */
function nameMismatches(facts: FindingFacts, own: OwnRecords): Finding[] {
  const civilName = facts.person.name;
  if (civilName == null) return [];
  const asOf = facts.asOf;
  const held: { name: string; evidence: Evidence }[] = [
    ...own.registrations.filter((r) => r.startDate <= asOf).map((r) => ({ name: r.name, evidence: evidenceOf.registration(r) })),
    ...own.insurance.filter((e) => e.startDate <= asOf).map((e) => ({ name: e.name, evidence: evidenceOf.insurance(e) })),
    ...own.certificates.filter((c) => c.issuedOn <= asOf).map((c) => ({ name: c.name, evidence: evidenceOf.certificate(c) })),
  ];
  return held
    .filter((h) => comparableName(h.name) !== comparableName(civilName))
    .map(({ name, evidence }) => ({
      code: FindingCode.NAME_MISMATCH,
      recordKey: `${evidence.record}:${evidence.recordId}`,
      clause: CLAUSE_CROSS_CHECK,
      evidence: [evidenceOf.person(facts.person, { name: civilName }), { ...evidence, values: { ...evidence.values, name } }],
      values: { civilAffairsName: civilName, otherName: name, department: evidence.department, record: evidence.record },
    }));
}

/**
 * Every cross-check finding about the subject on `asOf`, in a fixed order: payments by date, the
 * dibao findings, then names. `params` must read the same date as the facts.
 */
export function findingsOf(facts: FindingFacts, params: ParameterReader): Finding[] {
  if (params.asOf !== facts.asOf) throw new Error(`parameters read on ${params.asOf} for facts on ${facts.asOf}`);
  const own = ownRecords(facts);
  const dibao = dibaoMembership(facts);
  const unregistered = dibao ? unregisteredUnemployed(facts, own, dibao, params) : null;
  return [
    ...paymentFindings(facts, own),
    ...(unregistered ? [unregistered] : []),
    ...(dibao ? receivingBenefit(facts, own, dibao) : []),
    ...nameMismatches(facts, own),
  ];
}
