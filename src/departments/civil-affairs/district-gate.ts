import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AccessScope } from '../../auth/access-scope';
import type { FieldProblem } from '../../ingestion/batch-report';
import { RecordErrorCode } from '../../ingestion/record-error-code';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import type {
  AssistanceEnrollmentInput,
  CivilAffairsBatch,
  EconomicCheckInput,
  HouseholdInput,
  PersonInput,
  SeriousIllnessCertificationInput,
  TemporaryAssistancePaymentInput,
} from './civil-affairs.inputs';
import { Household } from './household.entity';
import { HouseholdMember } from './household-member.entity';
import { Person } from './person.entity';
import { SeriousIllnessCertification } from './serious-illness-certification.entity';
import { TemporaryAssistancePayment } from './temporary-assistance-payment.entity';

interface Districts {
  registeredDistrict: string | null;
  residenceDistrict: string | null;
}

type StoredPerson = Districts & Pick<Person, 'fatherIdNumber' | 'motherIdNumber'>;

/** Whom a record is about: a household, or a person. */
interface Owner {
  householdNumber?: string | null;
  idNumber?: string | null;
}

/** What the database holds, before the batch, of everything the batch names or would overwrite. */
interface Stored {
  persons: Map<string, StoredPerson>;
  households: Map<string, Districts>;
  /** ID number → the household the person is a member of. */
  memberships: Map<string, string>;
  enrollments: Map<string, Owner>;
  certifications: Map<string, Owner>;
  payments: Map<string, Owner>;
}

/** Values per statement: under SQLite's bound-parameter limit whatever the batch holds. */
const CHUNK = 500;

async function findIn<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  column: string,
  values: Iterable<string | null | undefined>,
  columns: string[],
): Promise<T[]> {
  const wanted = [...new Set([...values].filter((v): v is string => typeof v === 'string'))];
  const rows: T[] = [];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const part = wanted.slice(i, i + CHUNK);
    const qb = manager.createQueryBuilder(entity, 'r').select(columns.map((c) => `r.${c}`));
    rows.push(...(await qb.where(`r.${column} IN (:...part)`, { part }).getMany()));
  }
  return rows;
}

async function load(manager: EntityManager, batch: CivilAffairsBatch): Promise<Stored> {
  const households = batch.households ?? [];
  const enrollments = batch.enrollments ?? [];
  const illnesses = batch.seriousIllnessCertifications ?? [];
  const payments = batch.temporaryAssistancePayments ?? [];
  const memberIds = households.flatMap((h) => (h.members ?? []).map((m) => m.idNumber));
  const [memberships, storedEnrollments, storedIllnesses, storedPayments] = await Promise.all([
    findIn(manager, HouseholdMember, 'idNumber', memberIds, ['idNumber', 'householdNumber']),
    findIn(manager, AssistanceEnrollment, 'enrollmentNumber', enrollments.map((e) => e.enrollmentNumber), [
      'enrollmentNumber',
      'idNumber',
      'householdNumber',
    ]),
    findIn(manager, SeriousIllnessCertification, 'certificationNumber', illnesses.map((c) => c.certificationNumber), [
      'certificationNumber',
      'idNumber',
    ]),
    findIn(manager, TemporaryAssistancePayment, 'paymentNumber', payments.map((p) => p.paymentNumber), ['paymentNumber', 'idNumber']),
  ]);
  const existing: Owner[] = [...storedEnrollments, ...storedIllnesses, ...storedPayments];
  const ids = [
    ...(batch.persons ?? []).flatMap((p) => [p.idNumber, p.fatherIdNumber, p.motherIdNumber]),
    ...memberIds,
    ...[...enrollments, ...illnesses, ...payments].map((r) => r.idNumber),
    ...existing.map((r) => r.idNumber),
  ];
  const numbers = [
    ...households.map((h) => h.householdNumber),
    ...(batch.economicChecks ?? []).map((c) => c.householdNumber),
    ...enrollments.map((e) => e.householdNumber),
    ...memberships.map((m) => m.householdNumber),
    ...existing.map((r) => r.householdNumber),
  ];
  const districts = ['registeredDistrict', 'residenceDistrict'];
  const [persons, storedHouseholds] = await Promise.all([
    findIn(manager, Person, 'idNumber', ids, ['idNumber', ...districts, 'fatherIdNumber', 'motherIdNumber']),
    findIn(manager, Household, 'householdNumber', numbers, ['householdNumber', ...districts]),
  ]);
  return {
    persons: new Map(persons.map((p) => [p.idNumber, p])),
    households: new Map(storedHouseholds.map((h) => [h.householdNumber, h])),
    memberships: new Map(memberships.map((m) => [m.idNumber, m.householdNumber])),
    enrollments: new Map(storedEnrollments.map((e) => [e.enrollmentNumber, e])),
    certifications: new Map(storedIllnesses.map((c) => [c.certificationNumber, c])),
    payments: new Map(storedPayments.map((p) => [p.paymentNumber, p])),
  };
}

const districtsOf = (r: { registeredDistrict: string; residenceDistrict?: string | null }): Districts => ({
  registeredDistrict: r.registeredDistrict,
  residenceDistrict: r.residenceDistrict ?? null,
});

/**
 * Keeps a district officer's ingestion inside their district, judged against what is stored, not
 * only against the record as sent: a district changes a record only when the stored record and,
 * for a move, both its old and its new owner are its own. A household's member list may add only
 * the district's persons or persons civil affairs has not sent yet, and never from another
 * district's household; a parent may be set only to such a person. Every refusal has the same
 * message whether the other record is elsewhere or nowhere; where the refusal itself shows that
 * it exists elsewhere (an unknown key would have been accepted), the persons behind it are kept
 * for the audit entry, so that an admin sees probing.
 */
export class DistrictGate {
  /** Persons and households this batch writes, as it writes them. */
  private readonly sentPersons = new Map<string, Districts>();
  private readonly sentHouseholds = new Map<string, Districts>();
  private readonly revealedPersons = new Set<string>();
  private readonly revealedHouseholds = new Set<string>();

  private constructor(
    private readonly scope: AccessScope,
    /** Null for callers every district is open to: nothing is checked. */
    private readonly stored: Stored | null,
  ) {}

  static async open(dataSource: DataSource, scope: AccessScope, batch: CivilAffairsBatch): Promise<DistrictGate> {
    return new DistrictGate(scope, scope.unrestricted ? null : await load(dataSource.manager, batch));
  }

  private refuse(field: string, revealed: { persons?: Array<string | null | undefined>; households?: string[] } = {}): FieldProblem {
    for (const id of revealed.persons ?? []) if (id) this.revealedPersons.add(id);
    for (const n of revealed.households ?? []) this.revealedHouseholds.add(n);
    const own = this.scope.caller?.role === 'district' ? this.scope.caller.district : 'none';
    return {
      field,
      code: RecordErrorCode.OUT_OF_SCOPE,
      message: `district ${own} may send records only of persons and households registered or living in ${own}`,
    };
  }

  /** A stored record's owner, as stored: an owner that does not exist is nobody's district's. */
  private storedOwnerCovered(stored: Stored, owner: Owner): boolean {
    const subject = owner.householdNumber
      ? stored.households.get(owner.householdNumber)
      : owner.idNumber
        ? stored.persons.get(owner.idNumber)
        : undefined;
    return subject != null && this.scope.covers(subject);
  }

  /** The owner a record names, as it stands once this batch's persons and households are written. */
  private ownerCovered(stored: Stored, owner: Owner): boolean {
    const subject = owner.householdNumber
      ? (this.sentHouseholds.get(owner.householdNumber) ?? stored.households.get(owner.householdNumber))
      : owner.idNumber
        ? (this.sentPersons.get(owner.idNumber) ?? stored.persons.get(owner.idNumber))
        : undefined;
    return subject != null && this.scope.covers(subject);
  }

  person = (p: PersonInput): FieldProblem | null => {
    const stored = this.stored;
    if (!stored) return null;
    if (!this.scope.covers(districtsOf(p))) return this.refuse('registeredDistrict');
    const before = stored.persons.get(p.idNumber);
    if (before && !this.scope.covers(before)) return this.refuse('registeredDistrict', { persons: [p.idNumber] });
    for (const field of ['fatherIdNumber', 'motherIdNumber'] as const) {
      const parentId = p[field];
      // A link already stored may be sent again; a new one may not reach into another district.
      if (!parentId || parentId === before?.[field]) continue;
      const parent = stored.persons.get(parentId);
      if (parent && !this.scope.covers(parent)) return this.refuse(field, { persons: [parentId] });
    }
    return null;
  };

  household = (h: HouseholdInput): FieldProblem | null => {
    const stored = this.stored;
    if (!stored) return null;
    if (!this.scope.covers(districtsOf(h))) return this.refuse('registeredDistrict');
    const before = stored.households.get(h.householdNumber);
    if (before && !this.scope.covers(before)) return this.refuse('registeredDistrict', { households: [h.householdNumber] });
    for (const [index, member] of h.members.entries()) {
      const current = stored.memberships.get(member.idNumber);
      if (current === h.householdNumber) continue;
      const person = stored.persons.get(member.idNumber);
      const from = current == null ? null : stored.households.get(current);
      if ((person && !this.scope.covers(person)) || (current != null && !(from && this.scope.covers(from)))) {
        return this.refuse(`members[${index}].idNumber`, { persons: [member.idNumber] });
      }
    }
    return null;
  };

  /**
   * The persons and households of the batch that passed every check: records of the later lists
   * may be about them. Told only after the lists are sorted, so that a household refused for
   * another reason never makes a record about it look in scope.
   */
  willWrite(persons: PersonInput[], households: HouseholdInput[]): void {
    if (!this.stored) return;
    for (const p of persons) this.sentPersons.set(p.idNumber, districtsOf(p));
    for (const h of households) this.sentHouseholds.set(h.householdNumber, districtsOf(h));
  }

  /** A record keyed by its owner (a check is the household's + date): only the owner is judged. */
  economicCheck = (c: EconomicCheckInput): FieldProblem | null =>
    this.stored && !this.ownerCovered(this.stored, c) ? this.refuse('householdNumber') : null;

  enrollment = (e: AssistanceEnrollmentInput) => this.numbered(e, 'enrollmentNumber', (s) => s.enrollments.get(e.enrollmentNumber));

  certification = (c: SeriousIllnessCertificationInput) =>
    this.numbered(c, 'certificationNumber', (s) => s.certifications.get(c.certificationNumber));

  payment = (p: TemporaryAssistancePaymentInput) => this.numbered(p, 'paymentNumber', (s) => s.payments.get(p.paymentNumber));

  /** A numbered record may change hands only between owners of the district, the stored one included. */
  private numbered(next: Owner, keyField: string, storedRecord: (stored: Stored) => Owner | undefined): FieldProblem | null {
    const stored = this.stored;
    if (!stored) return null;
    if (!this.ownerCovered(stored, next)) return this.refuse(next.householdNumber ? 'householdNumber' : 'idNumber');
    const before = storedRecord(stored);
    if (before && !this.storedOwnerCovered(stored, before)) {
      return this.refuse(keyField, before.householdNumber ? { households: [before.householdNumber] } : { persons: [before.idNumber] });
    }
    return null;
  }

  /** ID numbers of the persons whose existing records this batch's refusals revealed. */
  async revealed(manager: EntityManager): Promise<string[]> {
    const members = await findIn(manager, HouseholdMember, 'householdNumber', this.revealedHouseholds, ['idNumber']);
    return [...new Set([...this.revealedPersons, ...members.map((m) => m.idNumber)])];
  }
}
