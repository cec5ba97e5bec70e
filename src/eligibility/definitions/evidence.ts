import type { AssistanceEnrollment } from '../../departments/civil-affairs/assistance-enrollment.entity';
import type { EconomicCheck } from '../../departments/civil-affairs/economic-check.entity';
import type { PersonSituation } from '../../departments/civil-affairs/person-situation.entity';
import type { SeriousIllnessCertification } from '../../departments/civil-affairs/serious-illness-certification.entity';
import type { DisabilityCertificate } from '../../departments/disability/disability-certificate.entity';
import type { IncomeMonth } from '../../departments/human-resources/income-month.entity';
import type { InsuranceEnrollment } from '../../departments/human-resources/insurance-enrollment.entity';
import type { UnemploymentRegistration } from '../../departments/human-resources/unemployment-registration.entity';
import type { Evidence } from '../condition';
import type { MemberFacts, PersonFacts } from '../facts';

/** One builder per kind of record, so evidence names records the same way in every rule. */
export const evidenceOf = {
  person: (p: PersonFacts, values: Record<string, unknown> = {}): Evidence => ({
    department: 'civil-affairs',
    record: 'person',
    recordId: p.idNumber,
    values: { birthDate: p.birthDate, ...values },
  }),
  member: (householdNumber: string, m: MemberFacts): Evidence => ({
    department: 'civil-affairs',
    record: 'household-member',
    recordId: `${householdNumber}/${m.person.idNumber}`,
    values: { relation: m.relation, monthlyIncome: m.monthlyIncome },
  }),
  situation: (s: PersonSituation): Evidence => ({
    department: 'civil-affairs',
    record: 'person-situation',
    recordId: `${s.idNumber}/${s.kind}@${s.since}`,
    values: { kind: s.kind, since: s.since, until: s.until },
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
  }),
  enrollment: (e: AssistanceEnrollment): Evidence => ({
    department: 'civil-affairs',
    record: 'assistance-enrollment',
    recordId: e.enrollmentNumber,
    values: { program: e.program, unit: e.unit, startDate: e.startDate, endDate: e.endDate },
  }),
  illness: (c: SeriousIllnessCertification): Evidence => ({
    department: 'civil-affairs',
    record: 'serious-illness-certification',
    recordId: c.certificationNumber,
    values: { idNumber: c.idNumber, tier: c.tier, validFrom: c.validFrom, validUntil: c.validUntil },
  }),
  certificate: (c: DisabilityCertificate): Evidence => ({
    department: 'disability',
    record: 'disability-certificate',
    recordId: c.certificateNumber,
    values: { category: c.category, grade: c.grade, issuedOn: c.issuedOn, validUntil: c.validUntil, revokedOn: c.revokedOn },
  }),
  registration: (r: UnemploymentRegistration): Evidence => ({
    department: 'human-resources',
    record: 'unemployment-registration',
    recordId: r.registrationNumber,
    values: { district: r.district, startDate: r.startDate, endDate: r.endDate },
  }),
  insurance: (e: InsuranceEnrollment): Evidence => ({
    department: 'human-resources',
    record: 'insurance-enrollment',
    recordId: `${e.idNumber}@${e.startDate}`,
    values: { startDate: e.startDate, endDate: e.endDate, drawingBenefit: e.drawingBenefit },
  }),
  incomeMonth: (i: IncomeMonth): Evidence => ({
    department: 'human-resources',
    record: 'income-month',
    recordId: `${i.idNumber}@${i.month}`,
    values: { month: i.month, amount: i.amount },
  }),
};
