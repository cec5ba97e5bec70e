import { In, type DataSource } from 'typeorm';
import type { AccessScope } from '../../auth/access-scope';
import type { FieldProblem } from '../../ingestion/batch-report';
import type { CivilAffairsBatch } from './civil-affairs.inputs';
import { Household } from './household.entity';
import { Person } from './person.entity';

interface Districts {
  registeredDistrict: string | null;
  residenceDistrict: string | null;
}

/**
 * Keeps a district officer's ingestion inside their district: a person or household they send
 * must be theirs before and after the change, and a record about a person or household (a check,
 * an enrollment, a payment) must be about one of theirs. Whether the other record does not exist
 * or belongs to another district, the answer is the same, so nothing leaks.
 */
export class DistrictGate {
  private constructor(
    private readonly scope: AccessScope,
    private readonly persons: Map<string, Districts>,
    private readonly households: Map<string, Districts>,
  ) {}

  static async open(dataSource: DataSource, scope: AccessScope, batch: CivilAffairsBatch): Promise<DistrictGate> {
    if (scope.unrestricted) return new DistrictGate(scope, new Map(), new Map());
    const ids = [
      ...(batch.persons ?? []).map((p) => p.idNumber),
      ...(batch.enrollments ?? []).map((e) => e.idNumber),
      ...(batch.seriousIllnessCertifications ?? []).map((c) => c.idNumber),
      ...(batch.temporaryAssistancePayments ?? []).map((p) => p.idNumber),
    ].filter((x): x is string => typeof x === 'string');
    const numbers = [
      ...(batch.households ?? []).map((h) => h.householdNumber),
      ...(batch.economicChecks ?? []).map((c) => c.householdNumber),
      ...(batch.enrollments ?? []).map((e) => e.householdNumber),
    ].filter((x): x is string => typeof x === 'string');
    const select = { registeredDistrict: true, residenceDistrict: true } as const;
    const [persons, households] = await Promise.all([
      ids.length ? dataSource.manager.find(Person, { select: { idNumber: true, ...select }, where: { idNumber: In([...new Set(ids)]) } }) : [],
      numbers.length
        ? dataSource.manager.find(Household, { select: { householdNumber: true, ...select }, where: { householdNumber: In([...new Set(numbers)]) } })
        : [],
    ]);
    return new DistrictGate(scope, new Map(persons.map((p) => [p.idNumber, p])), new Map(households.map((h) => [h.householdNumber, h])));
  }

  private refuse(field: string): FieldProblem {
    const own = this.scope.caller?.role === 'district' ? this.scope.caller.district : 'none';
    return {
      field,
      code: 'OUT_OF_SCOPE',
      message: `district ${own} may send records only of persons and households registered or living in ${own}`,
    };
  }

  private owned(known: Map<string, Districts>, key: string, next: Districts, field: string): FieldProblem | null {
    const before = known.get(key);
    if (!this.scope.covers(next) || (before && !this.scope.covers(before))) return this.refuse(field);
    known.set(key, next);
    return null;
  }

  person = (p: { idNumber: string; registeredDistrict: string; residenceDistrict?: string | null }) =>
    this.owned(this.persons, p.idNumber, { registeredDistrict: p.registeredDistrict, residenceDistrict: p.residenceDistrict ?? null }, 'registeredDistrict');

  household = (h: { householdNumber: string; registeredDistrict: string; residenceDistrict?: string | null }) =>
    this.owned(
      this.households,
      h.householdNumber,
      { registeredDistrict: h.registeredDistrict, residenceDistrict: h.residenceDistrict ?? null },
      'registeredDistrict',
    );

  /** A record about a person (`idNumber`) or a household (`householdNumber`) already known to be in scope. */
  about = (r: { idNumber?: string | null; householdNumber?: string | null }) => {
    if (this.scope.unrestricted) return null;
    const subject = r.householdNumber ? this.households.get(r.householdNumber) : r.idNumber ? this.persons.get(r.idNumber) : undefined;
    return subject && this.scope.covers(subject) ? null : this.refuse(r.householdNumber ? 'householdNumber' : 'idNumber');
  };
}
