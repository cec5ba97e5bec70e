import { AuditEntry, AuditEntryPerson } from '../audit/audit-entry.entity';
import { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { EconomicCheck } from '../departments/civil-affairs/economic-check.entity';
import { Household } from '../departments/civil-affairs/household.entity';
import { HouseholdMember } from '../departments/civil-affairs/household-member.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import { PersonSituation } from '../departments/civil-affairs/person-situation.entity';
import { SeriousIllnessCertification } from '../departments/civil-affairs/serious-illness-certification.entity';
import { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import { DisabilityCertificate } from '../departments/disability/disability-certificate.entity';
import { IncomeMonth } from '../departments/human-resources/income-month.entity';
import { InsuranceEnrollment } from '../departments/human-resources/insurance-enrollment.entity';
import { UnemploymentRegistration } from '../departments/human-resources/unemployment-registration.entity';

/** Every table of the hub; a new entity is added here and gets a migration in the same commit. */
export const ENTITIES = [
  Person,
  PersonSituation,
  Household,
  HouseholdMember,
  EconomicCheck,
  AssistanceEnrollment,
  SeriousIllnessCertification,
  TemporaryAssistancePayment,
  UnemploymentRegistration,
  InsuranceEnrollment,
  IncomeMonth,
  DisabilityCertificate,
  AuditEntry,
  AuditEntryPerson,
];
