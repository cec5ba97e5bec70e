import { CATEGORY_DIGIT } from '../departments/disability/disability.enums';
import { addDays, addMonths, type LocalDate } from '../common/local-date';
import type { DraftCertificate, DraftContext, DraftHousehold, DraftPerson } from './model';
import { WeightedTable, type Rng } from './random';

/*
 * Disability certificates (the federation's records) and serious-illness certifications (civil
 * affairs'), drafted together because both decide who is "severely disabled or seriously ill".
 */

/**
 * Physical most common, then visual, intellectual, mental, hearing, speech, multiple. Intellectual
 * and mental weigh less here because the rule cases add more of them.
 */
const CATEGORIES = new WeightedTable([
  [CATEGORY_DIGIT.PHYSICAL, 46],
  [CATEGORY_DIGIT.VISUAL, 18],
  [CATEGORY_DIGIT.INTELLECTUAL, 9],
  [CATEGORY_DIGIT.MENTAL, 8],
  [CATEGORY_DIGIT.HEARING, 8],
  [CATEGORY_DIGIT.SPEECH, 4],
  [CATEGORY_DIGIT.MULTIPLE, 3],
] as const);

const GRADES = new WeightedTable([
  [1, 12],
  [2, 20],
  [3, 30],
  [4, 38],
] as const);

const TIERS = new WeightedTable([
  [500, 40],
  [1000, 35],
  [1500, 25],
] as const);

/** Certificates of the second generation are reassessed after ten years. */
const CERTIFICATE_YEARS = 10;

/** Share of each age group holding a certificate, raised for poor households where disability is a cause. */
function disabilityChance(age: number, poor: boolean): number {
  const base = age < 6 ? 0.006 : age < 18 ? 0.015 : age < 45 ? 0.025 : age < 60 ? 0.05 : age < 75 ? 0.085 : 0.13;
  return poor ? base * 3 : base;
}

export interface CertificatePlan {
  categories: readonly number[];
  grades: readonly number[];
  /** Whether the certificate is valid on asOf (false: expired or revoked). */
  valid: boolean;
}

function issueDate(rng: Rng, person: DraftPerson, asOf: LocalDate, maxDaysAgo: number): LocalDate {
  const earliest = addMonths(person.birthDate, 6);
  const issued = addDays(asOf, -rng.int(20, maxDaysAgo));
  return issued < earliest ? earliest : issued;
}

/** A certificate of the plan's kind, for people whose situation depends on one (rule cases). */
export function plannedCertificate(ctx: DraftContext, person: DraftPerson, plan: CertificatePlan): DraftCertificate {
  const { rng, asOf } = ctx;
  const category = rng.pick(plan.categories);
  const grade = rng.pick(plan.grades);
  if (plan.valid) {
    const issuedOn = issueDate(rng, person, asOf, 3000);
    return { category, grade, issuedOn, validUntil: addMonths(issuedOn, 12 * CERTIFICATE_YEARS), revokedOn: null };
  }
  return lapsedCertificate(rng, person, asOf, category, grade);
}

function lapsedCertificate(rng: Rng, person: DraftPerson, asOf: LocalDate, category: number, grade: number): DraftCertificate {
  const issuedOn = addDays(addMonths(asOf, -12 * CERTIFICATE_YEARS), -rng.int(1, 700));
  // Only someone born before it can hold a certificate that ran its full term; others had theirs revoked.
  if (issuedOn > person.birthDate && rng.chance(0.7)) {
    return { category, grade, issuedOn, validUntil: addMonths(issuedOn, 12 * CERTIFICATE_YEARS), revokedOn: null };
  }
  const revokable = issueDate(rng, person, asOf, 2500);
  const revokedOn = addDays(revokable, rng.int(30, 900));
  return { category, grade, issuedOn: revokable, validUntil: null, revokedOn: revokedOn > asOf ? asOf : revokedOn };
}

/** A certificate for someone not planned for: random category and grade, some lapsed. */
function randomCertificate(rng: Rng, person: DraftPerson, asOf: LocalDate): DraftCertificate {
  const category = CATEGORIES.pick(rng);
  const grade = GRADES.pick(rng);
  const roll = rng.next();
  if (roll < 0.11) return lapsedCertificate(rng, person, asOf, category, grade);
  const issuedOn = issueDate(rng, person, asOf, 3400);
  // Some older certificates were issued without an end date.
  const validUntil = roll < 0.2 ? null : addMonths(issuedOn, 12 * CERTIFICATE_YEARS);
  return { category, grade, issuedOn, validUntil, revokedOn: null };
}

/** After a lapse some holders are reassessed and get a new certificate of another grade. */
function reassessed(rng: Rng, person: DraftPerson, lapsed: DraftCertificate, asOf: LocalDate): DraftCertificate | null {
  const end = lapsed.revokedOn ?? lapsed.validUntil;
  if (!end || end >= asOf || !rng.chance(0.25)) return null;
  const grade = lapsed.grade === 1 ? 2 : lapsed.grade === 4 ? 3 : lapsed.grade + (rng.chance(0.5) ? 1 : -1);
  const issuedOn = addDays(end, rng.int(0, 60));
  if (issuedOn > asOf || issuedOn < person.birthDate) return null;
  return { category: lapsed.category, grade, issuedOn, validUntil: addMonths(issuedOn, 12 * CERTIFICATE_YEARS), revokedOn: null };
}

export function plannedIllness(ctx: DraftContext, tiers: readonly number[], valid: boolean): DraftPerson['illnesses'][number] {
  const { rng, asOf } = ctx;
  const tier = rng.pick(tiers);
  const validFrom = valid ? addDays(asOf, -rng.int(10, 330)) : addDays(asOf, -rng.int(400, 1100));
  return { tier, validFrom, validUntil: addMonths(validFrom, 12) };
}

/** Certificates and certifications for the members not already given one by their household's plan. */
export function draftHealth(ctx: DraftContext, household: DraftHousehold): void {
  const { rng, asOf } = ctx;
  const poor = household.economicClass !== 'ORDINARY';
  if (household.economicClass === 'LOW_INCOME' && rng.chance(0.35)) {
    // A severely disabled or seriously ill member of a low-income family (rule 1.1 cases).
    const candidates = household.persons.filter((p) => p.relation !== null && p.age >= 1 && p.certificates.length === 0);
    if (candidates.length > 0) {
      const person = rng.pick(candidates);
      if (rng.chance(0.7))
        person.certificates.push(
          plannedCertificate(ctx, person, { categories: Object.values(CATEGORY_DIGIT), grades: [1, 2], valid: true }),
        );
      else person.illnesses.push(plannedIllness(ctx, [1000, 1500], true));
    }
  }
  for (const person of household.persons) {
    if (person.age < 1 || person.occupation === 'DECEASED') continue;
    if (person.certificates.length === 0 && rng.chance(disabilityChance(person.age, poor))) {
      const certificate = randomCertificate(rng, person, asOf);
      person.certificates.push(certificate);
      const renewed = reassessed(rng, person, certificate, asOf);
      if (renewed) person.certificates.push(renewed);
    }
    const illnessChance = (person.age >= 50 ? 0.014 : 0.004) * (poor ? 3 : 1);
    if (person.illnesses.length === 0 && rng.chance(illnessChance)) {
      person.illnesses.push(plannedIllness(ctx, [TIERS.pick(rng)], rng.chance(0.75)));
    }
  }
}

export function isSevere(c: DraftCertificate, asOf: LocalDate): boolean {
  return (
    c.grade <= 2 &&
    c.issuedOn <= asOf &&
    (c.validUntil == null || c.validUntil > asOf) &&
    (c.revokedOn == null || c.revokedOn > asOf)
  );
}
