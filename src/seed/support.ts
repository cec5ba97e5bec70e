import { RelationToHead, SituationKind, SupporterStatus } from '../departments/civil-affairs/civil-affairs.enums';
import { CATEGORY_DIGIT } from '../departments/disability/disability.enums';
import { addMonths, isValidOn, type LocalDate } from '../common/local-date';
import { isSevere } from './health';
import { members, type DraftContext, type DraftHousehold, type DraftPerson } from './model';

/*
 * Who has someone to support them. Civil affairs records it for the elderly and for people who may
 * be extreme-poverty (特困) cases; for everyone else it stays unassessed.
 */

const { NONE, UNABLE, ABLE } = SupporterStatus;

/** Whether a person could support someone: an adult of working age, present and not severely disabled. */
function ableBodied(p: DraftPerson, asOf: LocalDate): boolean {
  return (
    p.relation !== null &&
    p.age >= 18 &&
    p.age < 60 &&
    p.occupation !== 'ABSENT' &&
    !p.certificates.some((c) => isSevere(c, asOf))
  );
}

/** Parents, children and spouses owe each other support (法定赡养、抚养、扶养义务). */
function legalSupporter(o: DraftPerson, p: DraftPerson): boolean {
  const spouses = new Set([o.relation, p.relation]);
  return (
    o.idNumber === p.fatherId ||
    o.idNumber === p.motherId ||
    o.fatherId === p.idNumber ||
    o.motherId === p.idNumber ||
    (spouses.has(RelationToHead.HEAD) && spouses.has(RelationToHead.SPOUSE))
  );
}

/** Without labour capacity in the sense of the 特困 rules: elderly, or severely disabled in certain ways. */
export function withoutLabourCapacity(p: DraftPerson, asOf: LocalDate): boolean {
  if (p.age >= 60) return true;
  return p.certificates.some(
    (c) =>
      isSevere(c, asOf) &&
      (c.category === CATEGORY_DIGIT.INTELLECTUAL ||
        c.category === CATEGORY_DIGIT.MENTAL ||
        (c.category === CATEGORY_DIGIT.PHYSICAL && c.grade === 1)),
  );
}

export function draftSupporterStatus(ctx: DraftContext, household: DraftHousehold): void {
  const { rng, asOf } = ctx;
  const listed = members(household);
  const poor = household.economicClass !== 'ORDINARY';
  for (const p of listed) {
    const candidate = withoutLabourCapacity(p, asOf) && p.age >= 18;
    if (!candidate || !rng.chance(poor ? 0.95 : 0.75)) continue;
    const others = listed.filter((o) => o !== p);
    if (others.some((o) => ableBodied(o, asOf) && legalSupporter(o, p))) {
      p.supporterStatus = rng.chance(0.9) ? ABLE : UNABLE;
    } else if (others.length > 0) {
      p.supporterStatus = rng.weighted([
        [ABLE, poor ? 30 : 70],
        [UNABLE, poor ? 35 : 20],
        [NONE, poor ? 35 : 10],
      ] as const);
    } else {
      p.supporterStatus = rng.weighted([
        [ABLE, poor ? 20 : 55],
        [UNABLE, poor ? 30 : 20],
        [NONE, poor ? 50 : 25],
      ] as const);
    }
  }
  for (const child of listed) {
    if (
      child.age < 18 &&
      parentState(household, child.fatherId, asOf) !== 'ABLE' &&
      parentState(household, child.motherId, asOf) !== 'ABLE'
    ) {
      child.supporterStatus = rng.chance(0.6) ? UNABLE : null;
    }
  }
}

type ParentState = 'ABLE' | 'UNABLE' | 'GONE' | 'UNKNOWN';

/** A parent's state as the unsupported-child definition reads it (docs/rules.md, `unsupported-child`). */
export function parentState(household: DraftHousehold, idNumber: string | null, asOf: LocalDate): ParentState {
  if (idNumber === null) return 'UNKNOWN';
  const p = household.persons.find((o) => o.idNumber === idNumber);
  if (!p) return 'ABLE';
  const current = p.situations.filter((s) => isValidOn(s.since, s.until, asOf));
  if (current.some((s) => s.kind === SituationKind.DECEASED || s.kind === SituationKind.DECLARED_MISSING)) return 'GONE';
  const longEnough = addMonths(asOf, -6);
  const awayLong = current.some(
    (s) => s.kind !== SituationKind.DECEASED && s.kind !== SituationKind.DECLARED_MISSING && s.since <= longEnough,
  );
  const disabled = p.certificates.some(
    (c) =>
      isValidOn(c.issuedOn, c.validUntil, asOf) &&
      (c.revokedOn == null || c.revokedOn > asOf) &&
      (c.grade <= 2 || c.category === CATEGORY_DIGIT.INTELLECTUAL || c.category === CATEGORY_DIGIT.MENTAL),
  );
  const ill = p.illnesses.some((i) => i.tier >= 1000 && isValidOn(i.validFrom, i.validUntil, asOf));
  return awayLong || disabled || ill ? 'UNABLE' : 'ABLE';
}

/** Whether a minor meets the unsupported-child definition on `asOf`, as far as the household shows. */
export function unsupported(household: DraftHousehold, child: DraftPerson, asOf: LocalDate): boolean {
  if (child.age >= 18) return false;
  const states = [parentState(household, child.fatherId, asOf), parentState(household, child.motherId, asOf)].sort().join('+');
  return states === 'UNABLE+UNABLE' || states === 'GONE+UNABLE';
}
