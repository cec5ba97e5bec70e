import { composeIdNumber } from '../identity/id-number';
import type { RelationToHead, SituationKind, SupporterStatus } from '../departments/civil-affairs/civil-affairs.enums';
import { addDays, addMonths, type LocalDate } from '../common/local-date';
import type { Rng } from './random';

/*
 * The generator first drafts each household as plain data, then the department modules turn the
 * drafts into the records each department would send. Drafts carry what the records only imply
 * (occupation, economic class) so that the records of the three departments agree with each other.
 */

export type Sex = 'MALE' | 'FEMALE';

/** The economic situation the generator aims a household at; the records then show it. */
export type EconomicClass = 'DIBAO' | 'LOW_INCOME' | 'ORDINARY';

export type Occupation = 'CHILD' | 'STUDENT' | 'EMPLOYED' | 'UNEMPLOYED' | 'INACTIVE' | 'RETIRED' | 'ABSENT' | 'DECEASED';

/**
 * Yuan per person and month the generator aims incomes at. Only a target for realistic shares:
 * eligibility reads the standard in force from the policy parameters, never this number.
 */
export const TARGET_STANDARD = 1045;

export interface DraftSituation {
  kind: SituationKind;
  since: LocalDate;
  until: LocalDate | null;
}

export interface DraftCertificate {
  category: number;
  grade: number;
  issuedOn: LocalDate;
  validUntil: LocalDate | null;
  revokedOn: LocalDate | null;
}

export interface DraftIllness {
  tier: number;
  validFrom: LocalDate;
  validUntil: LocalDate | null;
}

/** Human-resources history, kept on the draft so that civil-affairs payments can agree with it. */
export interface DraftPeriod {
  start: LocalDate;
  end: LocalDate | null;
}

export interface DraftPerson {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: LocalDate;
  age: number;
  registeredDistrict: string;
  residenceDistrict: string | null;
  permitFrom: LocalDate | null;
  permitUntil: LocalDate | null;
  fatherId: string | null;
  motherId: string | null;
  supporterStatus: SupporterStatus | null;
  situations: DraftSituation[];
  /** Null for a person civil affairs knows who is not listed in the household (e.g. deceased). */
  relation: RelationToHead | null;
  occupation: Occupation;
  /** Months since the person last had work, for the unemployed. */
  jobLostMonthsAgo: number;
  monthlyIncome: number;
  certificates: DraftCertificate[];
  illnesses: DraftIllness[];
  registrations: DraftPeriod[];
  insurance: (DraftPeriod & { drawingBenefit: boolean })[];
  /** The name as human resources or the disability federation spell it, when they differ. */
  hrName: string;
  disabilityName: string;
}

/** A person with nothing known yet beyond identity and registration; the drafting steps fill in the rest. */
export function newPerson(
  identity: Pick<
    DraftPerson,
    'idNumber' | 'name' | 'sex' | 'birthDate' | 'age' | 'registeredDistrict' | 'residenceDistrict' | 'relation'
  >,
): DraftPerson {
  // Every field written out in one literal: all drafts share one shape, which keeps V8 fast on 100,000 of them.
  return {
    idNumber: identity.idNumber,
    name: identity.name,
    sex: identity.sex,
    birthDate: identity.birthDate,
    age: identity.age,
    registeredDistrict: identity.registeredDistrict,
    residenceDistrict: identity.residenceDistrict,
    relation: identity.relation,
    permitFrom: null,
    permitUntil: null,
    fatherId: null,
    motherId: null,
    supporterStatus: null,
    situations: [],
    occupation: 'CHILD',
    jobLostMonthsAgo: 0,
    monthlyIncome: 0,
    certificates: [],
    illnesses: [],
    registrations: [],
    insurance: [],
    hrName: identity.name,
    disabilityName: identity.name,
  };
}

export type Archetype =
  | 'SINGLE_ELDER'
  | 'SINGLE_ADULT'
  | 'ELDER_COUPLE'
  | 'COUPLE'
  | 'COUPLE_WITH_CHILDREN'
  | 'SINGLE_PARENT'
  | 'THREE_GENERATIONS'
  | 'SKIPPED_GENERATION'
  | 'ELDERS_WITH_ADULT_CHILD'
  | 'SIBLINGS';

export interface DraftHousehold {
  householdNumber: string;
  registeredDistrict: string;
  residenceDistrict: string | null;
  migrant: boolean;
  archetype: Archetype;
  economicClass: EconomicClass;
  /** Members in listing order, then persons civil affairs holds outside the member list. */
  persons: DraftPerson[];
}

export function members(household: DraftHousehold): DraftPerson[] {
  return household.persons.filter((p) => p.relation !== null);
}

/** A birth date on which the person is exactly `age` on `asOf`, never on `asOf` itself. */
export function birthDateForAge(rng: Rng, asOf: LocalDate, age: number): LocalDate {
  return addDays(addMonths(asOf, -12 * age), -rng.int(1, 364));
}

/**
 * Hands out ID numbers that are unique across the whole population. The three-digit sequence is
 * the only free part; its last digit carries the sex (odd for men), as on a real ID card.
 */
export class IdRegistry {
  private readonly used = new Set<string>();

  allocate(rng: Rng, addressCode: string, birthDate: LocalDate, sex: Sex): string {
    for (let attempt = 0; attempt < 500; attempt++) {
      const sequence = rng.int(0, 499) * 2 + (sex === 'MALE' ? 1 : 0);
      const id = composeIdNumber(addressCode, birthDate, sequence);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
    throw new Error(`no free ID number sequence left for ${addressCode} ${birthDate}`);
  }
}

/** Running numbers for record keys, one series per prefix (household numbers per district). */
export class Counters {
  private readonly next = new Map<string, number>();

  key(prefix: string, width = 6): string {
    const n = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, n);
    return `${prefix}-${String(n).padStart(width, '0')}`;
  }
}

/** What every drafting step needs: the household's own random stream and the shared registries. */
export interface DraftContext {
  rng: Rng;
  asOf: LocalDate;
  ids: IdRegistry;
  counters: Counters;
}

/** A date from `from` to `to`, both included. */
export function dateBetween(rng: Rng, from: LocalDate, to: LocalDate): LocalDate {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, rng.int(0, Math.max(0, days)));
}

/** A start date `months` months (and up to four weeks more) before `asOf`. */
export function monthsBefore(rng: Rng, asOf: LocalDate, months: number): LocalDate {
  return addDays(addMonths(asOf, -months), -rng.int(0, 27));
}
