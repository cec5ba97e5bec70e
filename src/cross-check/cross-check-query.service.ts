import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller';
import { hubToday } from '../common/clock';
import { ErrorCode, userError } from '../common/errors';
import { addMonths, isValidOn, type LocalDate } from '../common/local-date';
import type { HubContext } from '../context/hub-context';
import { Program } from '../departments/civil-affairs/civil-affairs.enums';
import type { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import { checkRequestDeadline } from '../db/statement-counter';
import { severeDisability } from '../eligibility/definitions/health';
import { validEnrollmentsIn } from '../eligibility/definitions/validity';
import type { GatheredFacts } from '../eligibility/facts-gatherer';
import { parseIdNumber } from '../identity/id-number';
import { receivedDatesOf, SOURCE_DEPARTMENTS, type ReceivedDates, type SourceDepartment } from '../ingestion/receipts/receipts';
import type { ParameterStore } from '../policy/parameter-store';
import { CrossCheckResult, CrossCheckStatus } from './cross-check-result.types';
import { findingsForMany, type SubjectFindings } from './finding-facts';
import { FindingCode } from './finding-code';
import type { Finding } from './findings';

/*
 * `crossCheck(idNumbers, asOf)` (docs/findings.md, "crossCheck"): partner departments send a list
 * of ID numbers and receive, per entry, a compact status cut to what their purpose needs. The facts
 * of all listed persons are gathered through the request's loaders in one pass (one statement per
 * loader per thousand keys), so a list of 10,000 costs a bounded number of statements.
 */

/** The longest list one call takes. */
export const MAX_CROSS_CHECK_IDS = 10_000;
/** A temporary-assistance payment counts as "on temporary assistance" for this many months. */
export const TEMPORARY_ASSISTANCE_MONTHS = 3;

/** What one kind of caller receives of a `crossCheck` answer. */
export interface CrossCheckGrant {
  /** The departments whose status fields and received dates the caller gets; also those whose records make an ID number FOUND. */
  departments: ReadonlySet<SourceDepartment>;
  findings: ReadonlySet<FindingCode>;
  /** NAME_MISMATCH only about records of these departments (the record the caller may have to correct). */
  nameMismatchOn: ReadonlySet<SourceDepartment>;
}

const ALL_FINDINGS = new Set(Object.values(FindingCode));

/**
 * Per caller, what its purpose needs (docs/findings.md, "crossCheck"). Human resources check clause 6
 * and 1.3 against assistance: their own records, the programs and the findings, never disability.
 * The disability federation: severe disability and the programs, never insurance or registration
 * (every finding but a name mismatch on its own certificates rests on human resources' records).
 */
export const CROSS_CHECK_GRANTS: Readonly<Record<'admin' | 'human-resources' | 'disability', CrossCheckGrant>> = {
  admin: { departments: new Set(SOURCE_DEPARTMENTS), findings: ALL_FINDINGS, nameMismatchOn: new Set(SOURCE_DEPARTMENTS) },
  'human-resources': {
    departments: new Set<SourceDepartment>(['civil-affairs', 'human-resources']),
    findings: ALL_FINDINGS,
    nameMismatchOn: new Set<SourceDepartment>(['human-resources']),
  },
  disability: {
    departments: new Set<SourceDepartment>(['civil-affairs', 'disability']),
    findings: new Set([FindingCode.NAME_MISMATCH]),
    nameMismatchOn: new Set<SourceDepartment>(['disability']),
  },
};

/** The grant of a caller, or null for callers who may not cross-check (district officers, analysts). */
export function crossCheckGrantOf(caller: Caller | null): CrossCheckGrant | null {
  if (caller?.role === 'admin') return CROSS_CHECK_GRANTS.admin;
  if (caller?.role === 'department') return CROSS_CHECK_GRANTS[caller.dept];
  return null;
}

/** Everything the hub can say about one person on `asOf`, before it is cut to a caller. */
export interface PersonCrossStatus {
  /** Which departments hold any record under the ID number. */
  known: Record<SourceDepartment, boolean>;
  registeredUnemployed: boolean;
  insured: boolean;
  drawingBenefit: boolean;
  dibao: boolean;
  lowIncome: boolean;
  tekun: boolean;
  temporaryAssistance: boolean;
  severeDisability: boolean;
  findings: Finding[];
}

/** The person's status on `asOf` from their gathered facts, own payments and findings. Pure. */
export function crossStatusOf(facts: GatheredFacts, payments: TemporaryAssistancePayment[], findings: Finding[], asOf: LocalDate): PersonCrossStatus {
  const { person, humanResources: hr } = facts;
  const enrollments = [...person.personalEnrollments, ...(facts.household?.enrollments ?? [])];
  const on = (program: Program) => validEnrollmentsIn(enrollments, [program], asOf).length > 0;
  const validInsurance = hr.insuranceEnrollments.filter((e) => isValidOn(e.startDate, e.endDate, asOf));
  const windowStart = addMonths(asOf, -TEMPORARY_ASSISTANCE_MONTHS);
  return {
    known: {
      'civil-affairs':
        person.known ||
        facts.membership != null ||
        person.personalEnrollments.length > 0 ||
        person.seriousIllnessCertifications.length > 0 ||
        person.situations.length > 0 ||
        payments.length > 0,
      'human-resources': hr.unemploymentRegistrations.length + hr.insuranceEnrollments.length + hr.incomeMonths.length > 0,
      disability: person.certificates.length > 0,
    },
    registeredUnemployed: hr.unemploymentRegistrations.some((r) => isValidOn(r.startDate, r.endDate, asOf)),
    insured: validInsurance.length > 0,
    drawingBenefit: validInsurance.some((e) => e.drawingBenefit),
    dibao: on(Program.DIBAO),
    lowIncome: on(Program.LOW_INCOME),
    tekun: on(Program.TEKUN),
    temporaryAssistance: payments.some((p) => p.paidOn > windowStart && p.paidOn <= asOf),
    severeDisability: severeDisability(person, asOf) != null,
    findings,
  };
}

const FINDING_ORDER = Object.values(FindingCode);

/** The finding codes a grant receives: each code once, in the enum's order. */
export function grantedFindings(findings: Finding[], grant: CrossCheckGrant): FindingCode[] {
  const codes = new Set(
    findings
      .filter((f) => grant.findings.has(f.code))
      .filter((f) => f.code !== FindingCode.NAME_MISMATCH || grant.nameMismatchOn.has(f.values.department as SourceDepartment))
      .map((f) => f.code),
  );
  return FINDING_ORDER.filter((code) => codes.has(code));
}

function emptyResult(idNumber: string, status: CrossCheckStatus, message: string | null = null): CrossCheckResult {
  return Object.assign(new CrossCheckResult(), {
    idNumber,
    status,
    message,
    registeredUnemployed: null,
    insured: null,
    drawingBenefit: null,
    dibao: null,
    lowIncome: null,
    tekun: null,
    temporaryAssistance: null,
    severeDisability: null,
    findings: null,
    civilAffairsReceivedAt: null,
    humanResourcesReceivedAt: null,
    disabilityReceivedAt: null,
  });
}

/** Whether the caller may learn that the hub holds the person: a department whose data it receives holds a record. */
export function isFoundFor(status: PersonCrossStatus, grant: CrossCheckGrant): boolean {
  return [...grant.departments].some((d) => status.known[d]);
}

/** One person's answer as `grant` receives it: fields of departments not granted stay null. */
export function cutForGrant(idNumber: string, status: PersonCrossStatus, received: ReceivedDates, grant: CrossCheckGrant): CrossCheckResult {
  if (!isFoundFor(status, grant)) return emptyResult(idNumber, CrossCheckStatus.UNKNOWN);
  const result = emptyResult(idNumber, CrossCheckStatus.FOUND);
  const sees = (d: SourceDepartment) => grant.departments.has(d);
  if (sees('civil-affairs')) {
    Object.assign(result, {
      dibao: status.dibao,
      lowIncome: status.lowIncome,
      tekun: status.tekun,
      temporaryAssistance: status.temporaryAssistance,
      civilAffairsReceivedAt: received['civil-affairs'] ?? null,
    });
  }
  if (sees('human-resources')) {
    Object.assign(result, {
      registeredUnemployed: status.registeredUnemployed,
      insured: status.insured,
      drawingBenefit: status.drawingBenefit,
      humanResourcesReceivedAt: received['human-resources'] ?? null,
    });
  }
  if (sees('disability')) {
    Object.assign(result, { severeDisability: status.severeDisability, disabilityReceivedAt: received.disability ?? null });
  }
  result.findings = grantedFindings(status.findings, grant);
  return result;
}



export class CrossCheckQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ParameterStore,
  ) {}

  /**
   * One result per entry of `idNumbers`, in order. Invalid numbers are answered INVALID_ID_NUMBER
   * and never looked up; a number given twice (also in another spelling, such as a lower-case x)
   * is looked up once and answered at each of its places. Persons answered FOUND are audited as read.
   */
  async crossCheck(ctx: HubContext, idNumbers: readonly string[], asOf?: LocalDate | null): Promise<CrossCheckResult[]> {
    const grant = crossCheckGrantOf(ctx.caller);
    if (!grant) throw userError(ErrorCode.FORBIDDEN, 'crossCheck is open to partner departments and administrators only');
    if (idNumbers.length > MAX_CROSS_CHECK_IDS) {
      throw userError(ErrorCode.LIST_TOO_LONG, `crossCheck takes at most ${MAX_CROSS_CHECK_IDS} ID numbers a call, not ${idNumbers.length}; split the list`, {
        field: 'idNumbers',
        limit: MAX_CROSS_CHECK_IDS,
        length: idNumbers.length,
      });
    }
    const today = hubToday();
    const date = asOf ?? today;
    const parsed = idNumbers.map((raw) => parseIdNumber(raw, today));
    const ids = [...new Set(parsed.flatMap((p) => (p.ok ? [p.value.idNumber] : [])))];

    const gathered = await findingsForMany(ctx.loaders, ids, date, this.store);
    const statuses = new Map<string, PersonCrossStatus>();
    ids.forEach((id, i) => {
      if (i % 500 === 0) checkRequestDeadline();
      const { facts, findings, payments } = gathered.get(id) as SubjectFindings;
      statuses.set(id, crossStatusOf(facts, payments, findings, date));
    });
    const found = ids.filter((id) => isFoundFor(statuses.get(id) as PersonCrossStatus, grant));
    const received = await receivedDatesOf(this.dataSource.manager, found);
    ctx.audit.touch(...found);

    return idNumbers.map((raw, i) => {
      const p = parsed[i];
      if (!p.ok) return emptyResult(raw, CrossCheckStatus.INVALID_ID_NUMBER, p.message);
      const id = p.value.idNumber;
      return cutForGrant(raw, statuses.get(id) as PersonCrossStatus, received.get(id) ?? {}, grant);
    });
  }
}
