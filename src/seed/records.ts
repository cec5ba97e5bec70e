import {
  AssistanceEnrollmentInput,
  CivilAffairsBatch,
  HouseholdInput,
  HouseholdMemberInput,
  PersonInput,
  SeriousIllnessCertificationInput,
  SituationInput,
} from '../departments/civil-affairs/civil-affairs.inputs';
import { AssistanceUnit, type Program } from '../departments/civil-affairs/civil-affairs.enums';
import { DisabilityBatch, DisabilityCertificateInput } from '../departments/disability/disability.inputs';
import { HumanResourcesBatch } from '../departments/human-resources/human-resources.inputs';
import { members, type DraftCertificate, type DraftHousehold, type DraftPerson } from './model';

/**
 * The three departments' batches, every list present. The records are instances of the input
 * classes, because ingestion validates them with the rules declared on those classes.
 */
export interface Population {
  civilAffairs: CivilAffairsBatch & Required<CivilAffairsBatch>;
  humanResources: HumanResourcesBatch & Required<HumanResourcesBatch>;
  disability: DisabilityBatch & Required<DisabilityBatch>;
}

export function emptyPopulation(): Population {
  return {
    civilAffairs: Object.assign(new CivilAffairsBatch(), {
      persons: [],
      households: [],
      economicChecks: [],
      enrollments: [],
      seriousIllnessCertifications: [],
      temporaryAssistancePayments: [],
    }),
    humanResources: Object.assign(new HumanResourcesBatch(), {
      unemploymentRegistrations: [],
      insuranceEnrollments: [],
      incomeMonths: [],
    }),
    disability: Object.assign(new DisabilityBatch(), { certificates: [] }),
  };
}

/** Appends `part` to `whole`, list by list, keeping the order of generation. */
export function appendPopulation(whole: Population, part: Population): void {
  for (const department of ['civilAffairs', 'humanResources', 'disability'] as const) {
    const target = whole[department] as unknown as Record<string, unknown[]>;
    for (const [list, records] of Object.entries(part[department] as unknown as Record<string, unknown[]>)) {
      for (const record of records) target[list].push(record);
    }
  }
}

export function personInput(p: DraftPerson): PersonInput {
  return Object.assign(new PersonInput(), {
    idNumber: p.idNumber,
    name: p.name,
    registeredDistrict: p.registeredDistrict,
    residenceDistrict: p.residenceDistrict,
    residencePermitValidFrom: p.permitFrom,
    residencePermitValidUntil: p.permitUntil,
    fatherIdNumber: p.fatherId,
    motherIdNumber: p.motherId,
    supporterStatus: p.supporterStatus,
    // Null keeps whatever is recorded; the seed never has situations to take back.
    situations:
      p.situations.length === 0
        ? null
        : p.situations.map((s) => Object.assign(new SituationInput(), { kind: s.kind, since: s.since, until: s.until })),
  });
}

export function householdInput(h: DraftHousehold): HouseholdInput {
  return Object.assign(new HouseholdInput(), {
    householdNumber: h.householdNumber,
    registeredDistrict: h.registeredDistrict,
    residenceDistrict: h.residenceDistrict,
    members: members(h).map((p) =>
      Object.assign(new HouseholdMemberInput(), { idNumber: p.idNumber, relation: p.relation, monthlyIncome: p.monthlyIncome }),
    ),
  });
}

export function certificateInput(p: DraftPerson, c: DraftCertificate): DisabilityCertificateInput {
  return Object.assign(new DisabilityCertificateInput(), {
    certificateNumber: `${p.idNumber}${c.category}${c.grade}`,
    idNumber: p.idNumber,
    name: p.disabilityName,
    category: c.category,
    grade: c.grade,
    issuedOn: c.issuedOn,
    validUntil: c.validUntil,
    revokedOn: c.revokedOn,
  });
}

export function illnessInputs(p: DraftPerson, number: () => string): SeriousIllnessCertificationInput[] {
  return p.illnesses.map((c) =>
    Object.assign(new SeriousIllnessCertificationInput(), {
      certificationNumber: number(),
      idNumber: p.idNumber,
      tier: c.tier,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
    }),
  );
}

export interface EnrollmentTerms {
  enrollmentNumber: string;
  program: Program;
  startDate: string;
  endDate: string | null;
  monthlyAmount: number;
}

export function householdEnrollment(h: DraftHousehold, terms: EnrollmentTerms): AssistanceEnrollmentInput {
  return Object.assign(new AssistanceEnrollmentInput(), {
    ...terms,
    unit: AssistanceUnit.HOUSEHOLD,
    householdNumber: h.householdNumber,
    idNumber: null,
  });
}

export function personalEnrollment(p: DraftPerson, terms: EnrollmentTerms): AssistanceEnrollmentInput {
  return Object.assign(new AssistanceEnrollmentInput(), {
    ...terms,
    unit: AssistanceUnit.SINGLE_PERSON,
    householdNumber: null,
    idNumber: p.idNumber,
  });
}
