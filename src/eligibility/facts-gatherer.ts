import type { DepartmentLoaders } from '../context/department-loaders';
import { personFactsOf, type HouseholdFacts, type PersonFacts, type SubjectFacts } from './facts';

/*
 * Gathers the facts of many subjects at once, in a fixed number of rounds: subjects, then their
 * households and parents, then the other members. Each round asks every loader for all keys of
 * the round together, so the SQL statements do not grow with the number of subjects.
 */

const unique = (values: Array<string | null | undefined>): string[] => [...new Set(values.filter((v): v is string => v != null))];


/** Everything any department holds about these persons, keyed by ID number. */
async function personFacts(loaders: DepartmentLoaders, ids: string[]): Promise<Map<string, PersonFacts>> {
  const ca = loaders.civilAffairs;
  const [persons, situations, illnesses, enrollments, certificates] = await Promise.all([
    ca.person.loadAll(ids),
    ca.situations.loadAll(ids),
    ca.seriousIllnessCertifications.loadAll(ids),
    ca.personalEnrollments.loadAll(ids),
    loaders.disability.certificates.loadAll(ids),
  ]);
  return new Map(
    ids.map((id) => [
      id,
      personFactsOf(id, persons.get(id) ?? null, {
        situations: situations.get(id) ?? [],
        certificates: certificates.get(id) ?? [],
        seriousIllnessCertifications: illnesses.get(id) ?? [],
        personalEnrollments: enrollments.get(id) ?? [],
      }),
    ]),
  );
}

/** Households with their members' facts, keyed by household number. */
export async function gatherHouseholdFacts(loaders: DepartmentLoaders, numbers: string[], known = new Map<string, PersonFacts>()): Promise<Map<string, HouseholdFacts | null>> {
  const ca = loaders.civilAffairs;
  const [households, members, checks, enrollments] = await Promise.all([
    ca.household.loadAll(numbers),
    ca.members.loadAll(numbers),
    ca.economicChecks.loadAll(numbers),
    ca.householdEnrollments.loadAll(numbers),
  ]);
  const memberIds = unique([...members.values()].flat().map((m) => m.idNumber)).filter((id) => !known.has(id));
  const facts = new Map([...known, ...(await personFacts(loaders, memberIds))]);
  return new Map(
    numbers.map((number): [string, HouseholdFacts | null] => {
      const household = households.get(number);
      if (!household) return [number, null];
      return [
        number,
        {
          householdNumber: number,
          registeredDistrict: household.registeredDistrict,
          residenceDistrict: household.residenceDistrict,
          members: (members.get(number) ?? []).map((m) => ({
            relation: m.relation,
            monthlyIncome: m.monthlyIncome,
            person: facts.get(m.idNumber) as PersonFacts,
          })),
          economicChecks: checks.get(number) ?? [],
          enrollments: enrollments.get(number) ?? [],
        },
      ];
    }),
  );
}

export type GatheredFacts = Omit<SubjectFacts, 'asOf'>;

/** Facts of each subject person for the person rules, keyed by ID number. */
export async function gatherSubjectFacts(loaders: DepartmentLoaders, ids: string[]): Promise<Map<string, GatheredFacts>> {
  const hr = loaders.humanResources;
  const [subjects, memberships, registrations, insurance, incomes] = await Promise.all([
    personFacts(loaders, ids),
    loaders.civilAffairs.membership.loadAll(ids),
    hr.unemploymentRegistrations.loadAll(ids),
    hr.insuranceEnrollments.loadAll(ids),
    hr.incomeMonths.loadAll(ids),
  ]);
  const parentIds = unique([...subjects.values()].flatMap((p) => [p.fatherIdNumber, p.motherIdNumber])).filter((id) => !subjects.has(id));
  const householdNumbers = unique([...memberships.values()].map((m) => m?.householdNumber));
  const [parents, households] = await Promise.all([personFacts(loaders, parentIds), gatherHouseholdFacts(loaders, householdNumbers, subjects)]);
  const everyone = new Map([...subjects, ...parents]);
  return new Map(
    ids.map((id) => {
      const person = subjects.get(id) as PersonFacts;
      const membership = memberships.get(id);
      const household = membership ? (households.get(membership.householdNumber) ?? null) : null;
      return [
        id,
        {
          person,
          household,
          membership: household?.members.find((m) => m.person.idNumber === id) ?? null,
          father: person.fatherIdNumber ? (everyone.get(person.fatherIdNumber) ?? null) : null,
          mother: person.motherIdNumber ? (everyone.get(person.motherIdNumber) ?? null) : null,
          humanResources: {
            unemploymentRegistrations: registrations.get(id) ?? [],
            insuranceEnrollments: insurance.get(id) ?? [],
            incomeMonths: incomes.get(id) ?? [],
          },
        },
      ];
    }),
  );
}
