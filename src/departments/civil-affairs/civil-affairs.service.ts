import type { DataSource, EntityManager } from 'typeorm';
import { parseIdNumber } from '../../identity/id-number';
import type { AuditService } from '../../audit/audit.service';
import type { PushService } from '../../push/push.service';
import type { HubContext } from '../../context/hub-context';
import { BatchReport } from '../../ingestion/batch-report';
import { auditBatch, type IngestCaller } from '../../ingestion/ingest-access';
import { recordReceipts } from '../../ingestion/receipts/receipts';
import type { IngestReport } from '../../ingestion/ingest-report';
import { RecordErrorCode } from '../../ingestion/record-error-code';
import { hubToday } from '../../common/clock';
import { deleteWhereIn, upsertRows } from '../../common/upsert';
import { AssistanceEnrollment } from './assistance-enrollment.entity';
import { Sex } from './civil-affairs.enums';
import type {
  AssistanceEnrollmentInput,
  CivilAffairsBatch,
  EconomicCheckInput,
  HouseholdInput,
  PersonInput,
  SeriousIllnessCertificationInput,
  TemporaryAssistancePaymentInput,
} from './civil-affairs.inputs';
import { DistrictGate } from './district-gate';
import { EconomicCheck } from './economic-check.entity';
import { Household } from './household.entity';
import { HouseholdMember } from './household-member.entity';
import { Person } from './person.entity';
import { PersonSituation } from './person-situation.entity';
import { SeriousIllnessCertification } from './serious-illness-certification.entity';
import { TemporaryAssistancePayment } from './temporary-assistance-payment.entity';

/** Civil affairs' own records: ingestion writes only these tables; reads go through the request's loaders. */
export class CivilAffairsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch: number,
    private readonly audit: AuditService,
    private readonly push: PushService,
  ) {}

  async ingest(batch: CivilAffairsBatch, caller: IngestCaller): Promise<IngestReport> {
    const report = new BatchReport(this.maxBatch, { ...batch });
    const gate = await DistrictGate.open(this.dataSource, caller.scope, batch);
    const persons = report.accept('persons', batch.persons, (p) => p.idNumber, gate.person);
    const oneHousehold = onlyOneHousehold();
    const households = report.accept('households', batch.households, (h) => h.householdNumber, (h) => gate.household(h) ?? oneHousehold(h));
    gate.willWrite(persons, households);
    const checks = report.accept('economicChecks', batch.economicChecks, (c) => `${c.householdNumber}@${c.checkedOn}`, gate.economicCheck);
    const enrollments = report.accept('enrollments', batch.enrollments, (e) => e.enrollmentNumber, gate.enrollment);
    const illnesses = report.accept('seriousIllnessCertifications', batch.seriousIllnessCertifications, (c) => c.certificationNumber, gate.certification);
    const payments = report.accept('temporaryAssistancePayments', batch.temporaryAssistancePayments, (p) => p.paymentNumber, gate.payment);

    const householdNumbers = [
      ...households.map((h) => h.householdNumber),
      ...checks.map((c) => c.householdNumber),
      ...enrollments.map((e) => e.householdNumber ?? null).filter((n): n is string => n != null),
    ];
    await this.dataSource.transaction(async (manager) => {
      // First: it takes the outbox lock and notes the members of the households about to be rewritten.
      const push = await this.push.track(manager, households.map((h) => h.householdNumber));
      await writePersons(manager, persons);
      await writeHouseholds(manager, households);
      await upsertRows(manager, EconomicCheck, checks.map(economicCheckRow), ['householdNumber', 'checkedOn']);
      await upsertRows(manager, AssistanceEnrollment, enrollments.map(enrollmentRow), ['enrollmentNumber']);
      await upsertRows(manager, SeriousIllnessCertification, illnesses.map(illnessRow), ['certificationNumber']);
      await upsertRows(manager, TemporaryAssistancePayment, payments.map(paymentRow), ['paymentNumber']);
      const touched = [
        ...persons.map((p) => p.idNumber),
        ...households.flatMap((h) => h.members.map((m) => m.idNumber)),
        ...[...enrollments, ...illnesses, ...payments].map((r) => r.idNumber),
      ];
      await recordReceipts(manager, 'civil-affairs', touched);
      await push.finish(touched, householdNumbers);
      await auditBatch(this.audit, caller, manager, touched, await gate.revealed(manager));
    });
    return report.result();
  }

  situationsOf(ctx: HubContext, idNumber: string): Promise<PersonSituation[]> {
    return ctx.loaders.civilAffairs.situations.load(idNumber);
  }

  /** A person's enrollments: their own and those of the household they belong to. */
  async enrollmentsOf(ctx: HubContext, idNumber: string): Promise<AssistanceEnrollment[]> {
    const ca = ctx.loaders.civilAffairs;
    const [own, membership] = await Promise.all([ca.personalEnrollments.load(idNumber), ca.membership.load(idNumber)]);
    const household = membership ? await ca.householdEnrollments.load(membership.householdNumber) : [];
    return [...own, ...household].sort((a, b) => a.startDate.localeCompare(b.startDate));
  }

  seriousIllnessCertificationsOf(ctx: HubContext, idNumber: string): Promise<SeriousIllnessCertification[]> {
    return ctx.loaders.civilAffairs.seriousIllnessCertifications.load(idNumber);
  }

  temporaryAssistancePaymentsOf(ctx: HubContext, idNumber: string): Promise<TemporaryAssistancePayment[]> {
    return ctx.loaders.civilAffairs.temporaryAssistancePayments.load(idNumber);
  }

  /** The members of a household the caller may see: the household record lists them all. */
  async membersOf(ctx: HubContext, householdNumber: string): Promise<HouseholdMember[]> {
    const members = await ctx.loaders.civilAffairs.members.load(householdNumber);
    ctx.audit.touch(...members.map((m) => m.idNumber));
    return members;
  }

  economicChecksOf(ctx: HubContext, householdNumber: string): Promise<EconomicCheck[]> {
    return ctx.loaders.civilAffairs.economicChecks.load(householdNumber);
  }

  householdEnrollmentsOf(ctx: HubContext, householdNumber: string): Promise<AssistanceEnrollment[]> {
    return ctx.loaders.civilAffairs.householdEnrollments.load(householdNumber);
  }
}

/** A person is in one household at a time: two households of one batch cannot both list them. */
function onlyOneHousehold() {
  const claimedBy = new Map<string, string>();
  return (household: HouseholdInput) => {
    for (const [index, member] of household.members.entries()) {
      const other = claimedBy.get(member.idNumber);
      if (other) {
        return {
          field: `members[${index}].idNumber`,
          code: RecordErrorCode.MEMBER_OF_TWO_HOUSEHOLDS,
          message: `${member.idNumber} is also listed in household ${other} of this batch`,
        };
      }
    }
    for (const member of household.members) claimedBy.set(member.idNumber, household.householdNumber);
    return null;
  };
}

async function writePersons(manager: EntityManager, persons: PersonInput[]): Promise<void> {
  const today = hubToday();
  const rows = persons.map((p): Person => {
    const parsed = parseIdNumber(p.idNumber, today);
    if (!parsed.ok) throw new Error(`validated ID number ${p.idNumber} failed to parse`);
    return {
      idNumber: p.idNumber,
      name: p.name,
      sex: parsed.value.sex === 'MALE' ? Sex.MALE : Sex.FEMALE,
      birthDate: parsed.value.birthDate,
      registeredDistrict: p.registeredDistrict,
      residenceDistrict: p.residenceDistrict ?? null,
      residencePermitValidFrom: p.residencePermitValidFrom ?? null,
      residencePermitValidUntil: p.residencePermitValidUntil ?? null,
      fatherIdNumber: p.fatherIdNumber ?? null,
      motherIdNumber: p.motherIdNumber ?? null,
      supporterStatus: p.supporterStatus ?? null,
    };
  });
  await upsertRows(manager, Person, rows, ['idNumber']);

  const replacing = persons.filter((p) => p.situations != null);
  await deleteWhereIn(manager, PersonSituation, 'idNumber', replacing.map((p) => p.idNumber));
  const situations = replacing.flatMap((p) =>
    (p.situations ?? []).map((s): PersonSituation => ({ idNumber: p.idNumber, kind: s.kind, since: s.since, until: s.until ?? null })),
  );
  await upsertRows(manager, PersonSituation, situations, ['idNumber', 'kind', 'since']);
}

async function writeHouseholds(manager: EntityManager, households: HouseholdInput[]): Promise<void> {
  const rows = households.map(
    (h): Household => ({
      householdNumber: h.householdNumber,
      registeredDistrict: h.registeredDistrict,
      residenceDistrict: h.residenceDistrict ?? null,
    }),
  );
  await upsertRows(manager, Household, rows, ['householdNumber']);
  // The member list is the household's as sent: whoever is not on it has left.
  await deleteWhereIn(manager, HouseholdMember, 'householdNumber', rows.map((h) => h.householdNumber));
  const members = households.flatMap((h) =>
    h.members.map(
      (m): HouseholdMember => ({
        idNumber: m.idNumber,
        householdNumber: h.householdNumber,
        relation: m.relation,
        monthlyIncome: m.monthlyIncome,
      }),
    ),
  );
  await upsertRows(manager, HouseholdMember, members, ['idNumber']);
}

function economicCheckRow(c: EconomicCheckInput): EconomicCheck {
  return {
    householdNumber: c.householdNumber,
    checkedOn: c.checkedOn,
    moneyAssets: c.moneyAssets,
    otherPropertyValue: c.otherPropertyValue,
    vehicle: c.vehicle,
    homes: c.homes,
    nonResidentialProperty: c.nonResidentialProperty,
    incomeStable: c.incomeStable,
  };
}

function enrollmentRow(e: AssistanceEnrollmentInput): AssistanceEnrollment {
  return {
    enrollmentNumber: e.enrollmentNumber,
    program: e.program,
    unit: e.unit,
    householdNumber: e.householdNumber ?? null,
    idNumber: e.idNumber ?? null,
    startDate: e.startDate,
    endDate: e.endDate ?? null,
    monthlyAmount: e.monthlyAmount,
  };
}

function illnessRow(c: SeriousIllnessCertificationInput): SeriousIllnessCertification {
  return {
    certificationNumber: c.certificationNumber,
    idNumber: c.idNumber,
    tier: c.tier,
    validFrom: c.validFrom,
    validUntil: c.validUntil ?? null,
  };
}

function paymentRow(p: TemporaryAssistancePaymentInput): TemporaryAssistancePayment {
  return { paymentNumber: p.paymentNumber, idNumber: p.idNumber, paidOn: p.paidOn, amount: p.amount, kind: p.kind };
}
