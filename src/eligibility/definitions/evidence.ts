import type { AssistanceEnrollment } from '../../departments/civil-affairs/assistance-enrollment.entity';
import type { EconomicCheck } from '../../departments/civil-affairs/economic-check.entity';
import type { PersonSituation } from '../../departments/civil-affairs/person-situation.entity';
import type { SeriousIllnessCertification } from '../../departments/civil-affairs/serious-illness-certification.entity';
import type { DisabilityCertificate } from '../../departments/disability/disability-certificate.entity';
import type { IncomeMonth } from '../../departments/human-resources/income-month.entity';
import type { InsuranceEnrollment } from '../../departments/human-resources/insurance-enrollment.entity';
import type { UnemploymentRegistration } from '../../departments/human-resources/unemployment-registration.entity';
import type { Evidence, Subject } from '../eligibility.types';
import type { HouseholdFacts, MemberFacts, PersonFacts } from '../facts';

const person = (idNumber: string): Subject => ({ kind: 'person', idNumber });
const household = (householdNumber: string): Subject => ({ kind: 'household', householdNumber });

/** One builder per kind of record, so evidence names records the same way in every rule. */
export const evidenceOf = {
  person: (p: PersonFacts, values: Record<string, unknown> = {}): Evidence => ({
    department: 'civil-affairs',
    record: 'person',
    recordId: p.idNumber,
    values: { birthDate: p.birthDate, ...values },
    subjects: [person(p.idNumber)],
  }),
  /** The household record itself, for conditions that read it and found nothing (no check, no enrollment). */
  household: (h: HouseholdFacts): Evidence => ({
    department: 'civil-affairs',
    record: 'household',
    recordId: h.householdNumber,
    values: { members: h.members.length },
    subjects: [household(h.householdNumber)],
  }),
  member: (householdNumber: string, m: MemberFacts): Evidence => ({
    department: 'civil-affairs',
    record: 'household-member',
    recordId: `${householdNumber}/${m.person.idNumber}`,
    values: { relation: m.relation, monthlyIncome: m.monthlyIncome },
    subjects: [household(householdNumber), person(m.person.idNumber)],
  }),
  situation: (s: PersonSituation): Evidence => ({
    department: 'civil-affairs',
    record: 'person-situation',
    recordId: `${s.idNumber}/${s.kind}@${s.since}`,
    values: { kind: s.kind, since: s.since, until: s.until },
    subjects: [person(s.idNumber)],
  }),
  economicCheck: (c: EconomicCheck): Evidence => ({
    department: 'civil-affairs',
    record: 'economic-check',
    recordId: `${c.householdNumber}@${c.checkedOn}`,
    values: {
      moneyAssets: c.moneyAssets,
      otherPropertyValue: c.otherPropertyValue,
      vehicle: c.vehicle,
      homes: c.homes,
      nonResidentialProperty: c.nonResidentialProperty,
      incomeStable: c.incomeStable,
    },
    subjects: [household(c.householdNumber)],
  }),
  enrollment: (e: AssistanceEnrollment): Evidence => ({
    department: 'civil-affairs',
    record: 'assistance-enrollment',
    recordId: e.enrollmentNumber,
    values: { program: e.program, unit: e.unit, startDate: e.startDate, endDate: e.endDate },
    // An enrollment is of a household or of a single person; a malformed one of neither is nobody's to show.
    subjects: e.householdNumber != null ? [household(e.householdNumber)] : [person(e.idNumber ?? '')],
  }),
  illness: (c: SeriousIllnessCertification): Evidence => ({
    department: 'civil-affairs',
    record: 'serious-illness-certification',
    recordId: c.certificationNumber,
    values: { idNumber: c.idNumber, tier: c.tier, validFrom: c.validFrom, validUntil: c.validUntil },
    subjects: [person(c.idNumber)],
  }),
  certificate: (c: DisabilityCertificate): Evidence => ({
    department: 'disability',
    record: 'disability-certificate',
    recordId: c.certificateNumber,
    values: { category: c.category, grade: c.grade, issuedOn: c.issuedOn, validUntil: c.validUntil, revokedOn: c.revokedOn },
    subjects: [person(c.idNumber)],
  }),
  registration: (r: UnemploymentRegistration): Evidence => ({
    department: 'human-resources',
    record: 'unemployment-registration',
    recordId: r.registrationNumber,
    values: { district: r.district, startDate: r.startDate, endDate: r.endDate },
    subjects: [person(r.idNumber)],
  }),
  insurance: (e: InsuranceEnrollment): Evidence => ({
    department: 'human-resources',
    record: 'insurance-enrollment',
    recordId: `${e.idNumber}@${e.startDate}`,
    values: { startDate: e.startDate, endDate: e.endDate, drawingBenefit: e.drawingBenefit },
    subjects: [person(e.idNumber)],
  }),
  incomeMonth: (i: IncomeMonth): Evidence => ({
    department: 'human-resources',
    record: 'income-month',
    recordId: `${i.idNumber}@${i.month}`,
    values: { month: i.month, amount: i.amount },
    subjects: [person(i.idNumber)],
  }),
};
