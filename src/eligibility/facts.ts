import type { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import type { RelationToHead, SupporterStatus } from '../departments/civil-affairs/civil-affairs.enums';
import type { EconomicCheck } from '../departments/civil-affairs/economic-check.entity';
import type { PersonSituation } from '../departments/civil-affairs/person-situation.entity';
import type { SeriousIllnessCertification } from '../departments/civil-affairs/serious-illness-certification.entity';
import type { DisabilityCertificate } from '../departments/disability/disability-certificate.entity';
import type { IncomeMonth } from '../departments/human-resources/income-month.entity';
import type { InsuranceEnrollment } from '../departments/human-resources/insurance-enrollment.entity';
import type { UnemploymentRegistration } from '../departments/human-resources/unemployment-registration.entity';
import type { Person } from '../departments/civil-affairs/person.entity';
import { birthDateOf } from '../identity/id-number';
import type { LocalDate } from '../common/local-date';

/*
 * What the rules know, gathered from the three departments before any rule runs. Facts are plain
 * records: a rule never asks the database for more, and every record keeps its id for evidence.
 * Records are complete (not cut to a date); the rules judge their validity on `asOf`.
 */

/** A person as far as any department knows them; the birth date always comes from the ID number. */
export interface PersonFacts {
  idNumber: string;
  birthDate: LocalDate;
  /** Whether civil affairs has sent this person; when false the civil-affairs fields are null. */
  known: boolean;
  name: string | null;
  registeredDistrict: string | null;
  residenceDistrict: string | null;
  residencePermitValidFrom: LocalDate | null;
  residencePermitValidUntil: LocalDate | null;
  fatherIdNumber: string | null;
  motherIdNumber: string | null;
  supporterStatus: SupporterStatus | null;
  situations: PersonSituation[];
  certificates: DisabilityCertificate[];
  seriousIllnessCertifications: SeriousIllnessCertification[];
  /** Enrollments of this person as a single-person unit. */
  personalEnrollments: AssistanceEnrollment[];
}

export interface MemberFacts {
  relation: RelationToHead;
  /** Yuan per month, as recorded on the household. */
  monthlyIncome: number;
  person: PersonFacts;
}

export interface HouseholdFacts {
  householdNumber: string;
  /** The household's own districts: whose caller may see what is derived from it. */
  registeredDistrict: string;
  residenceDistrict: string | null;
  members: MemberFacts[];
  /** All economic checks, latest first. */
  economicChecks: EconomicCheck[];
  /** Enrollments of the household as a unit. */
  enrollments: AssistanceEnrollment[];
}

export interface HumanResourcesFacts {
  unemploymentRegistrations: UnemploymentRegistration[];
  insuranceEnrollments: InsuranceEnrollment[];
  incomeMonths: IncomeMonth[];
}

/** Everything a person rule may use about its subject. */
export interface SubjectFacts {
  asOf: LocalDate;
  person: PersonFacts;
  /** The household the person is listed in; null when civil affairs has listed them in none. */
  household: HouseholdFacts | null;
  /** The person's own entry on that household. */
  membership: MemberFacts | null;
  /** Null when the parent is not identified by ID number. */
  father: PersonFacts | null;
  mother: PersonFacts | null;
  humanResources: HumanResourcesFacts;
}

/** A person's facts from civil affairs' record (null: not sent) and the records held about them. */
export function personFactsOf(
  idNumber: string,
  record: Omit<Person, 'sex'> | null,
  held: Pick<PersonFacts, 'situations' | 'certificates' | 'seriousIllnessCertifications' | 'personalEnrollments'>,
): PersonFacts {
  return {
    idNumber,
    birthDate: record?.birthDate ?? birthDateOf(idNumber),
    known: record != null,
    name: record?.name ?? null,
    registeredDistrict: record?.registeredDistrict ?? null,
    residenceDistrict: record?.residenceDistrict ?? null,
    residencePermitValidFrom: record?.residencePermitValidFrom ?? null,
    residencePermitValidUntil: record?.residencePermitValidUntil ?? null,
    fatherIdNumber: record?.fatherIdNumber ?? null,
    motherIdNumber: record?.motherIdNumber ?? null,
    supporterStatus: record?.supporterStatus ?? null,
    ...held,
  };
}
