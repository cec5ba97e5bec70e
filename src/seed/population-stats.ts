import { AssistanceUnit, Program } from '../departments/civil-affairs/civil-affairs.enums';
import { ageOn, isValidOn, type LocalDate } from '../common/local-date';
import { TARGET_STANDARD } from './model';
import type { Population } from './records';

/** The shape of a generated population, measured from its records: what the demo data exercises. */
export interface PopulationStats {
  persons: number;
  households: number;
  personsPerHousehold: number;
  livesAwayShare: number;
  migrantShare: number;
  disabilityShare: number;
  dibaoLikeHouseholds: number;
  lowIncomeHouseholds: number;
  validEnrollments: Record<string, number>;
  endedEnrollments: number;
  workingAge: number;
  unemploymentRegisteredShare: number;
  insuredShare: number;
  hrCoverageShare: number;
  hrOnlyPersons: number;
  nameMismatches: number;
  situations: number;
  illnessShare: number;
  temporaryAssistancePayments: number;
  checkDigitX: number;
  districts: number;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function describePopulation(population: Population, asOf: LocalDate): PopulationStats {
  const ca = population.civilAffairs;
  const hr = population.humanResources;
  const persons = new Map(ca.persons.map((p) => [p.idNumber, p]));
  const birth = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

  let dibaoLike = 0;
  let lowIncome = 0;
  let listed = 0;
  for (const h of ca.households) {
    const income = h.members.reduce((sum, m) => sum + m.monthlyIncome, 0);
    listed += h.members.length;
    if (income < TARGET_STANDARD * h.members.length) dibaoLike++;
    else if (income < TARGET_STANDARD * 1.5 * h.members.length) lowIncome++;
  }

  const validEnrollments: Record<string, number> = {};
  for (const program of Object.values(Program)) if (program !== Program.TEMPORARY_ASSISTANCE) validEnrollments[program] = 0;
  let ended = 0;
  for (const e of ca.enrollments) {
    if (!isValidOn(e.startDate, e.endDate, asOf)) {
      ended++;
      continue;
    }
    const key = e.program === Program.DIBAO && e.unit === AssistanceUnit.SINGLE_PERSON ? 'DIBAO_SINGLE_PERSON' : e.program;
    validEnrollments[key] = (validEnrollments[key] ?? 0) + 1;
  }

  const workingAge = ca.persons.filter((p) => {
    const age = ageOn(birth(p.idNumber), asOf);
    return age >= 18 && age < 60;
  });
  const registered = new Set(hr.unemploymentRegistrations.map((r) => r.idNumber));
  const insured = new Set(hr.insuranceEnrollments.map((e) => e.idNumber));
  const hrKnown = new Set([...registered, ...insured]);
  const hrNames = new Map<string, string>();
  for (const r of [...hr.unemploymentRegistrations, ...hr.insuranceEnrollments]) hrNames.set(r.idNumber, r.name);
  const mismatched = new Set<string>();
  for (const [id, name] of hrNames) if (persons.has(id) && persons.get(id)!.name !== name) mismatched.add(id);
  for (const c of population.disability.certificates)
    if (persons.get(c.idNumber) && persons.get(c.idNumber)!.name !== c.name) mismatched.add(c.idNumber);

  return {
    persons: ca.persons.length,
    households: ca.households.length,
    personsPerHousehold: share(listed, ca.households.length),
    livesAwayShare: share(
      ca.persons.filter((p) => p.residenceDistrict != null && p.residenceDistrict !== p.registeredDistrict).length,
      ca.persons.length,
    ),
    migrantShare: share(ca.persons.filter((p) => !p.registeredDistrict.startsWith('12')).length, ca.persons.length),
    disabilityShare: share(
      new Set(population.disability.certificates.map((c) => c.idNumber).filter((id) => persons.has(id))).size,
      ca.persons.length,
    ),
    dibaoLikeHouseholds: dibaoLike,
    lowIncomeHouseholds: lowIncome,
    validEnrollments,
    endedEnrollments: ended,
    workingAge: workingAge.length,
    unemploymentRegisteredShare: share(workingAge.filter((p) => registered.has(p.idNumber)).length, workingAge.length),
    insuredShare: share(workingAge.filter((p) => insured.has(p.idNumber)).length, workingAge.length),
    hrCoverageShare: share(workingAge.filter((p) => hrKnown.has(p.idNumber)).length, workingAge.length),
    hrOnlyPersons: [...hrKnown].filter((id) => !persons.has(id)).length,
    nameMismatches: mismatched.size,
    situations: ca.persons.reduce((sum, p) => sum + (p.situations?.length ?? 0), 0),
    illnessShare: share(new Set(ca.seriousIllnessCertifications.map((c) => c.idNumber)).size, ca.persons.length),
    temporaryAssistancePayments: ca.temporaryAssistancePayments.length,
    checkDigitX: ca.persons.filter((p) => p.idNumber.endsWith('X')).length,
    districts: new Set(ca.households.map((h) => h.residenceDistrict ?? h.registeredDistrict).filter((d) => d.startsWith('12')))
      .size,
  };
}
