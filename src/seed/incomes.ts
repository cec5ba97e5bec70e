import { SituationKind } from '../departments/civil-affairs/civil-affairs.enums';
import { isValidOn } from '../common/local-date';
import { isRural } from './geography';
import { isSevere } from './health';
import { members, TARGET_STANDARD, type DraftContext, type DraftHousehold, type DraftPerson, type Occupation } from './model';
import type { Rng } from './random';

/*
 * Who works and what each member earns. Ordinary households are kept clear of the assistance
 * bands so that the shares of dibao-like and low-income households are the ones drafted, not an
 * accident of random wages.
 */

const AWAY = new Set([
  SituationKind.IMPRISONED,
  SituationKind.COMPULSORY_REHABILITATION,
  SituationKind.OUT_OF_CONTACT,
  SituationKind.DECLARED_MISSING,
]);

/** Per-capita income bands, as shares of the target standard, for each drafted class. */
const DIBAO_BAND = [0.1, 0.88] as const;
const LOW_INCOME_BAND = [1.06, 1.42] as const;
const ORDINARY_FLOOR = 1.6;

function fen(amount: number): number {
  return Math.round(amount * 100);
}

function wage(rng: Rng): number {
  const amount = 2500 + 9500 * Math.pow(rng.next(), 1.8);
  return rng.chance(0.4) ? Math.round(amount) : Math.round(amount * 100) / 100;
}

function pension(rng: Rng, rural: boolean): number {
  const roll = rng.next();
  if (roll < (rural ? 0.45 : 0.85)) return Math.round(rng.real(1500, 4000) * 100) / 100;
  // The residents' basic pension of those who never had an employer.
  if (roll < (rural ? 0.9 : 0.93)) return Math.round(rng.real(300, 900));
  return 0;
}

function occupation(rng: Rng, p: DraftPerson, poor: boolean, asOf: string): Occupation {
  if (p.occupation === 'DECEASED') return 'DECEASED';
  if (p.situations.some((s) => AWAY.has(s.kind) && isValidOn(s.since, s.until, asOf))) return 'ABSENT';
  if (p.age < 16) return 'CHILD';
  if (p.age >= 60) return 'RETIRED';
  if (p.certificates.some((c) => isSevere(c, asOf)) && rng.chance(0.85)) return 'INACTIVE';
  if (p.age <= 22 && rng.chance(p.age <= 18 ? 0.95 : 0.8)) return 'STUDENT';
  if (p.age >= (p.sex === 'FEMALE' ? 50 : 55) && rng.chance(0.4)) return 'RETIRED';
  const roll = rng.next();
  if (poor) return roll < 0.4 ? 'EMPLOYED' : roll < 0.88 ? 'UNEMPLOYED' : 'INACTIVE';
  return roll < 0.87 ? 'EMPLOYED' : roll < 0.93 ? 'UNEMPLOYED' : 'INACTIVE';
}

export function draftIncomes(ctx: DraftContext, household: DraftHousehold): void {
  const { rng, asOf } = ctx;
  const poor = household.economicClass !== 'ORDINARY';
  for (const p of household.persons) {
    p.occupation = occupation(rng, p, poor, asOf);
    if (p.occupation === 'UNEMPLOYED') p.jobLostMonthsAgo = rng.chance(0.15) ? 999 : rng.int(1, 36);
  }
  const listed = members(household);
  if (household.economicClass === 'ORDINARY') ordinaryIncomes(rng, household, listed);
  else targetIncomes(rng, household, listed);
}

function ordinaryIncomes(rng: Rng, household: DraftHousehold, listed: DraftPerson[]): void {
  const rural = isRural(household.residenceDistrict ?? household.registeredDistrict);
  for (const p of listed) {
    if (p.occupation === 'EMPLOYED') p.monthlyIncome = wage(rng);
    else if (p.occupation === 'RETIRED') p.monthlyIncome = pension(rng, rural);
  }
  const total = listed.reduce((sum, p) => sum + fen(p.monthlyIncome), 0);
  const floor = Math.ceil(fen(TARGET_STANDARD * ORDINARY_FLOOR) * listed.length);
  if (total >= floor) return;
  // Someone present earns enough; usually the best earner earns more than drawn.
  const present = listed.filter((p) => p.occupation !== 'ABSENT' && p.age >= 16);
  const earner = (present.length > 0 ? present : listed).reduce((a, b) =>
    b.monthlyIncome > a.monthlyIncome || (b.monthlyIncome === a.monthlyIncome && b.age > a.age) ? b : a,
  );
  earner.monthlyIncome = (fen(earner.monthlyIncome) + floor - total + rng.int(0, 50_000)) / 100;
  becomeEarner(earner);
}

function targetIncomes(rng: Rng, household: DraftHousehold, listed: DraftPerson[]): void {
  const [low, high] = household.economicClass === 'DIBAO' ? DIBAO_BAND : LOW_INCOME_BAND;
  const noIncome = household.economicClass === 'DIBAO' && rng.chance(0.2);
  let totalFen = noIncome ? 0 : Math.floor(fen(TARGET_STANDARD * rng.real(low, high)) * listed.length);
  let earners = listed.filter((p) => p.occupation === 'EMPLOYED' || p.occupation === 'RETIRED');
  if (earners.length === 0 && totalFen > 0) {
    const adults = listed.filter((p) => p.age >= 16 && p.occupation !== 'ABSENT' && p.occupation !== 'STUDENT');
    if (adults.length === 0) totalFen = 0;
    else {
      const eldest = adults.reduce((a, b) => (b.age > a.age ? b : a));
      becomeEarner(eldest);
      earners = [eldest];
    }
  }
  for (const p of listed) p.monthlyIncome = 0;
  if (totalFen === 0) {
    for (const p of earners)
      if (p.occupation === 'EMPLOYED') Object.assign(p, { occupation: 'UNEMPLOYED', jobLostMonthsAgo: rng.int(1, 36) });
    return;
  }
  const weights = earners.map(() => rng.real(0.3, 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = totalFen;
  earners.forEach((p, i) => {
    const share = i === earners.length - 1 ? left : Math.floor((totalFen * weights[i]) / sum);
    p.monthlyIncome = share / 100;
    left -= share;
  });
}

function becomeEarner(p: DraftPerson): void {
  if (p.occupation === 'UNEMPLOYED' || p.occupation === 'INACTIVE' || p.occupation === 'STUDENT') {
    p.occupation = p.age >= 60 ? 'RETIRED' : 'EMPLOYED';
    p.jobLostMonthsAgo = 0;
  }
}
