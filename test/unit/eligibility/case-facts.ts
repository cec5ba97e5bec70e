import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildWorld, type RuleCase } from '../../fixtures/case-world';
import { personFactsOf, type HouseholdFacts, type PersonFacts, type SubjectFacts } from '../../../src/eligibility/facts';
import { birthDateOf } from '../../../src/identity/id-number';

/*
 * A rule case (test/cases/) turned into the facts the gatherer would load for it, in memory: the
 * same ingestion batches the end-to-end runner sends, read back as plain records. Lets unit tests
 * run every case against the pure rules in milliseconds.
 */

export interface CaseSuite {
  rule: string;
  cases: RuleCase[];
}

const CASES_DIR = path.join(__dirname, '..', '..', 'cases');

export function loadCaseSuites(): CaseSuite[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(CASES_DIR, f), 'utf8')) as CaseSuite);
}

type Row = Record<string, any>;
const rows = (list: unknown[] | undefined) => (list ?? []) as Row[];
/** Absent optional fields are null in the database. */
const withNulls = (row: Row, fields: string[]) => ({ ...row, ...Object.fromEntries(fields.filter((f) => row[f] === undefined).map((f) => [f, null])) });

export interface CaseFacts {
  ids: Record<string, string>;
  householdNumber: string | null;
  facts: SubjectFacts;
}

export function caseFacts(c: RuleCase): CaseFacts {
  const world = buildWorld(c);
  const ca = world.civilAffairs;
  const byId = (list: unknown[] | undefined, id: string, fields: string[] = []) => rows(list).filter((r) => r.idNumber === id).map((r) => withNulls(r, fields));
  const personFacts = (id: string): PersonFacts => {
    const p = rows(ca.persons).find((r) => r.idNumber === id);
    // A case states no birth date: as in the hub, it is the one the ID number encodes.
    const record = p ? ({ ...p, birthDate: birthDateOf(id) } as any) : null;
    return personFactsOf(id, record, {
      situations: rows(p?.situations).map((s) => ({ ...s, idNumber: id })) as any,
      certificates: byId(world.disability.certificates, id, ['validUntil', 'revokedOn']) as any,
      seriousIllnessCertifications: byId(ca.seriousIllnessCertifications, id, ['validUntil']) as any,
      personalEnrollments: byId(ca.enrollments, id, ['endDate']) as any,
    });
  };
  const persons = new Map(Object.values(world.ids).map((id) => [id, personFacts(id)]));
  const record = rows(ca.households)[0];
  const household: HouseholdFacts | null = record
    ? {
        householdNumber: record.householdNumber,
        registeredDistrict: record.registeredDistrict,
        residenceDistrict: record.residenceDistrict ?? null,
        members: rows(record.members).map((m) => ({ relation: m.relation, monthlyIncome: m.monthlyIncome, person: persons.get(m.idNumber) as PersonFacts })),
        economicChecks: rows(ca.economicChecks)
          .map((e) => e as any)
          .sort((a, b) => b.checkedOn.localeCompare(a.checkedOn)),
        enrollments: rows(ca.enrollments)
          .filter((e) => e.householdNumber != null)
          .map((e) => withNulls(e, ['endDate'])) as any,
      }
    : null;
  const subjectId = world.ids[c.subject];
  const person = persons.get(subjectId) as PersonFacts;
  const parent = (id: string | null) => (id ? (persons.get(id) ?? personFacts(id)) : null);
  const hr = world.humanResources;
  return {
    ids: world.ids,
    householdNumber: world.householdNumber,
    facts: {
      asOf: c.asOf,
      person,
      household,
      membership: household?.members.find((m) => m.person.idNumber === subjectId) ?? null,
      father: parent(person.fatherIdNumber),
      mother: parent(person.motherIdNumber),
      humanResources: {
        unemploymentRegistrations: byId(hr.unemploymentRegistrations, subjectId, ['endDate']) as any,
        insuranceEnrollments: byId(hr.insuranceEnrollments, subjectId, ['endDate']) as any,
        incomeMonths: byId(hr.incomeMonths, subjectId) as any,
      },
    },
  };
}
