import { FindingCode } from '../cross-check/finding-code';
import { isTianjinDistrict } from '../identity/districts';
import { CoverageGap, CoverageReviewKind } from './coverage.entities';

/*
 * How set-based counts become per-district figures, pure. Every count is grouped by the pair
 * (registered district, residence district) of the person or household it counts: a district's
 * figure is the sum over the pairs naming it, once each, so a person registered in one district
 * and living in another counts in both (the `persons` filter's `district` and a district
 * officer's scope: registered or living there), and the city counts everyone once.
 */

/** The city as a whole: one entry of districtStats besides the sixteen districts. */
export const CITY = 'CITY';

export interface PairCount {
  registeredDistrict: string | null;
  residenceDistrict: string | null;
  /** What is counted within the pair (a program, a rule and gap, a code…); '' when nothing. */
  key: string;
  count: number;
}

/** Whether a row of this pair belongs to `area`: a district's scope, or the whole city. */
export function inArea(pair: Pick<PairCount, 'registeredDistrict' | 'residenceDistrict'>, area: string): boolean {
  return area === CITY || pair.registeredDistrict === area || pair.residenceDistrict === area;
}

/** Sum of the counts of `area`, by key. */
export function sumByKey(pairs: readonly PairCount[], area: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pairs) if (inArea(p, area)) out.set(p.key, (out.get(p.key) ?? 0) + p.count);
  return out;
}

export function total(pairs: readonly PairCount[], area: string): number {
  let sum = 0;
  for (const p of pairs) if (inArea(p, area)) sum += p.count;
  return sum;
}

const away = (p: Pick<PairCount, 'registeredDistrict' | 'residenceDistrict'>) => p.residenceDistrict != null && p.residenceDistrict !== p.registeredDistrict;

export interface LivingAway {
  /** Living away from registration, in or out of the area. */
  livingAway: number;
  /** Living in the area, registered elsewhere (for the city: registered outside Tianjin). */
  livingAwayIn: number;
  /** Registered in the area, living elsewhere (for the city: living outside Tianjin). */
  livingAwayOut: number;
}

/** People living away from registration (residence known and different from the registered district). */
export function livingAwayOf(pairs: readonly PairCount[], area: string): LivingAway {
  const result: LivingAway = { livingAway: 0, livingAwayIn: 0, livingAwayOut: 0 };
  for (const p of pairs) {
    if (!away(p) || !inArea(p, area)) continue;
    result.livingAway += p.count;
    if (area === CITY) {
      if (isTianjinDistrict(p.residenceDistrict) && !isTianjinDistrict(p.registeredDistrict)) result.livingAwayIn += p.count;
      if (isTianjinDistrict(p.registeredDistrict) && !isTianjinDistrict(p.residenceDistrict)) result.livingAwayOut += p.count;
    } else {
      if (p.residenceDistrict === area) result.livingAwayIn += p.count;
      if (p.registeredDistrict === area) result.livingAwayOut += p.count;
    }
  }
  return result;
}

/** The counts a run's rows give (null: no completed run). */
export interface RunCounts {
  gaps: PairCount[];
  findings: { findings: PairCount[]; persons: PairCount[] };
  reviews: PairCount[];
}

export interface RunFigures {
  eligibility: Array<{ ruleId: string; program: string; eligibleNotEnrolled: number; enrolledNotEligible: number }> | null;
  findings: Array<{ code: FindingCode; findings: number; persons: number }> | null;
  reviewsOverdue: { households: number; tekunPersons: number } | null;
}

/** The eligibility, findings and review figures of `area` from one run's counts: the in-force run's, or a what-if's. */
export function runFiguresOf(counts: RunCounts | null, area: string, rules: ReadonlyArray<{ id: string; program: string }>): RunFigures {
  if (!counts) return { eligibility: null, findings: null, reviewsOverdue: null };
  const byRule = sumByKey(counts.gaps, area);
  const findings = sumByKey(counts.findings.findings, area);
  const people = sumByKey(counts.findings.persons, area);
  const byKind = sumByKey(counts.reviews, area);
  return {
    eligibility: rules.map((rule) => ({
      ruleId: rule.id,
      program: rule.program,
      eligibleNotEnrolled: byRule.get(`${rule.id}|${CoverageGap.ELIGIBLE_NOT_ENROLLED}`) ?? 0,
      enrolledNotEligible: byRule.get(`${rule.id}|${CoverageGap.ENROLLED_NOT_ELIGIBLE}`) ?? 0,
    })),
    findings: Object.values(FindingCode).map((code) => ({ code, findings: findings.get(code) ?? 0, persons: people.get(code) ?? 0 })),
    reviewsOverdue: { households: byKind.get(CoverageReviewKind.HOUSEHOLD) ?? 0, tekunPersons: byKind.get(CoverageReviewKind.TEKUN) ?? 0 },
  };
}
