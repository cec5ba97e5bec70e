import { RelationToHead as R, SituationKind } from '../departments/civil-affairs/civil-affairs.enums';
import { CATEGORY_DIGIT } from '../departments/disability/disability.enums';
import { addMonths } from '../common/local-date';
import { addressCodeFor, otherDistrict, pickDistrict, pickMigrantOrigin } from './geography';
import { applyTrouble, type Family } from './troubles';
import {
  birthDateForAge,
  dateBetween,
  members,
  newPerson,
  type Archetype,
  type DraftContext,
  type DraftHousehold,
  type DraftPerson,
  type EconomicClass,
  type Sex,
} from './model';
import { personName, surname } from './names';
import { WeightedTable, type Rng } from './random';
import { plannedCertificate } from './health';

/** Household types with their share and how much more often than average they are poor. */
// prettier-ignore
const ARCHETYPES = new WeightedTable<readonly [Archetype, number]>([
  [['SINGLE_ELDER', 2], 9],
  [['SINGLE_ADULT', 1], 10],
  [['ELDER_COUPLE', 1], 13],
  [['COUPLE', 0.5], 10],
  [['COUPLE_WITH_CHILDREN', 0.7], 33],
  [['SINGLE_PARENT', 3], 5],
  [['THREE_GENERATIONS', 1], 8],
  [['SKIPPED_GENERATION', 4], 1.5],
  [['ELDERS_WITH_ADULT_CHILD', 2.5], 4],
  [['SIBLINGS', 1.5], 2],
]);

/** Migrants come to work: mostly young adults, couples, and families with school children. */
const MIGRANT_ARCHETYPES = new WeightedTable<Archetype>([
  ['SINGLE_ADULT', 35],
  ['COUPLE', 25],
  ['COUPLE_WITH_CHILDREN', 40],
]);

const MIGRANT_SHARE = 0.058;
const MOVED_HOUSEHOLD_SHARE = 0.08;
const DIBAO_SHARE = 0.027;
const LOW_INCOME_SHARE = 0.019;
const TROUBLED_SHARE = 0.02;

export function draftHousehold(ctx: DraftContext): DraftHousehold {
  const { rng } = ctx;
  const migrant = rng.chance(MIGRANT_SHARE);
  const registeredDistrict = migrant ? pickMigrantOrigin(rng) : pickDistrict(rng);
  let residenceDistrict: string | null = null;
  if (migrant) residenceDistrict = pickDistrict(rng);
  else if (rng.chance(MOVED_HOUSEHOLD_SHARE)) residenceDistrict = otherDistrict(rng, registeredDistrict);
  else if (rng.chance(0.3)) residenceDistrict = registeredDistrict;

  const [archetype, povertyFactor] = migrant ? ([MIGRANT_ARCHETYPES.pick(rng), 0] as const) : ARCHETYPES.pick(rng);
  const troubled = !migrant && archetype === 'COUPLE_WITH_CHILDREN' && rng.chance(TROUBLED_SHARE);
  const factor = troubled ? 4 : povertyFactor;
  const roll = rng.next();
  const economicClass: EconomicClass =
    roll < DIBAO_SHARE * factor ? 'DIBAO' : roll < (DIBAO_SHARE + LOW_INCOME_SHARE) * factor ? 'LOW_INCOME' : 'ORDINARY';

  const household: DraftHousehold = {
    householdNumber: ctx.counters.key(`H${registeredDistrict}`),
    registeredDistrict,
    residenceDistrict,
    migrant,
    archetype,
    economicClass,
    persons: [],
  };
  const family: Family = {
    ctx,
    household,
    add: (sex, age, name, relation) => addPerson(ctx, household, sex, age, name, relation),
  };
  COMPOSERS[archetype](family, rng, troubled);
  placeIndividuals(ctx, household);
  return household;
}

function addPerson(
  ctx: DraftContext,
  household: DraftHousehold,
  sex: Sex,
  age: number,
  familyName: string,
  relation: R | null,
): DraftPerson {
  const { rng, asOf } = ctx;
  const birthDate = birthDateForAge(rng, asOf, age);
  const birthYear = Number(birthDate.slice(0, 4));
  const person = newPerson({
    idNumber: ctx.ids.allocate(rng, addressCodeFor(rng, household.registeredDistrict, birthYear), birthDate, sex),
    name: personName(rng, familyName, sex, birthYear),
    sex,
    birthDate,
    age,
    registeredDistrict: household.registeredDistrict,
    residenceDistrict: relation !== null ? household.residenceDistrict : null,
    relation,
  });
  household.persons.push(person);
  return person;
}

/** Links a child to its parents; a parent may be missing from the records (not identified). */
function parentsOf(child: DraftPerson, father: DraftPerson | null, mother: DraftPerson | null): DraftPerson {
  child.fatherId = father?.idNumber ?? null;
  child.motherId = mother?.idNumber ?? null;
  return child;
}

/** A person recorded by civil affairs but not listed in the household: dead, or living elsewhere. */
export function absentPerson(
  family: Family,
  sex: Sex,
  age: number,
  familyName: string,
  deceasedAfter: string | null,
): DraftPerson {
  const person = family.add(sex, age, familyName, null);
  if (deceasedAfter !== null) {
    person.occupation = 'DECEASED';
    person.situations.push({
      kind: SituationKind.DECEASED,
      since: dateBetween(family.ctx.rng, deceasedAfter, family.ctx.asOf),
      until: null,
    });
  }
  return person;
}

const elderAge = (rng: Rng) => 60 + rng.int(0, 18) + rng.int(0, 14);
const spouseAge = (rng: Rng, age: number, min: number) => Math.max(min, age + rng.int(-6, 2));
/** An age for a child of `parents`, born when each of them was 21 to 39, within [min, max]. */
function childAge(rng: Rng, parents: readonly DraftPerson[], min = 0, max = 120): number {
  const ages = parents.map((p) => p.age);
  const low = Math.max(min, Math.max(...ages) - 39);
  const high = Math.min(max, Math.min(...ages) - 21);
  return high < low ? Math.min(max, low) : rng.int(low, high);
}
const sexOf = (rng: Rng, femaleShare: number): Sex => (rng.chance(femaleShare) ? 'FEMALE' : 'MALE');

type Composer = (family: Family, rng: Rng, troubled: boolean) => void;

const COMPOSERS: Record<Archetype, Composer> = {
  SINGLE_ELDER: (f, rng) => void f.add(sexOf(rng, 0.62), elderAge(rng), surname(rng), R.HEAD),

  SINGLE_ADULT: (f, rng) => void f.add(sexOf(rng, 0.45), rng.int(18, 59), surname(rng), R.HEAD),

  ELDER_COUPLE: (f, rng) => couple(f, rng, elderAge(rng), 55, 0.2),

  COUPLE: (f, rng) => couple(f, rng, rng.int(22, 59), 20, 0.15),

  COUPLE_WITH_CHILDREN: (f, rng, troubled) => {
    const [husband, wife] = couple(f, rng, troubled ? rng.int(25, 45) : rng.int(25, 58), 22, troubled ? 0 : 0.15);
    const count = rng.weighted([
      [1, 75],
      [2, 22],
      [3, 3],
    ] as const);
    const children = Array.from({ length: count }, (_, i) => {
      const age = childAge(rng, [husband, wife], 0, troubled && i === 0 ? 17 : 120);
      const father = rng.chance(0.02) ? null : husband;
      return parentsOf(f.add(sexOf(rng, 0.48), age, surnameOf(husband), R.CHILD), father, wife);
    });
    if (troubled) applyTrouble(f, husband, wife, children);
  },

  SINGLE_PARENT: (f, rng) => {
    const parent = f.add(sexOf(rng, 0.75), rng.int(24, 55), surname(rng), R.HEAD);
    const otherSex: Sex = parent.sex === 'MALE' ? 'FEMALE' : 'MALE';
    const kind = rng.weighted([
      ['UNIDENTIFIED', 45],
      ['DECEASED', 20],
      ['ELSEWHERE', 35],
    ] as const);
    const familyName = parent.sex === 'MALE' || rng.chance(0.3) ? surnameOf(parent) : surname(rng);
    const children = Array.from({ length: rng.chance(0.2) ? 2 : 1 }, () =>
      f.add(sexOf(rng, 0.5), childAge(rng, [parent]), familyName, R.CHILD),
    );
    // The other parent was 21–39 at every birth and, if dead, died after the last one.
    const ages = children.map((c) => c.age);
    const otherAge = Math.min(Math.min(...ages) + 39, spouseAge(rng, parent.age, Math.max(...ages) + 21));
    const lastBirth = children.reduce((latest, c) => (c.birthDate > latest ? c.birthDate : latest), children[0].birthDate);
    const other =
      kind === 'UNIDENTIFIED' ? null : absentPerson(f, otherSex, otherAge, familyName, kind === 'DECEASED' ? lastBirth : null);
    for (const child of children) {
      if (parent.sex === 'MALE') parentsOf(child, parent, other);
      else parentsOf(child, other, parent);
    }
  },

  THREE_GENERATIONS: (f, rng) => {
    const [husband, wife] = couple(f, rng, rng.int(30, 55), 25, 0.2);
    const head = members(f.household).find((p) => p.relation === R.HEAD) ?? husband;
    for (let i = 0, n = rng.chance(0.7) ? 1 : 2; i < n; i++) {
      parentsOf(f.add(sexOf(rng, 0.5), childAge(rng, [husband, wife]), surnameOf(husband), R.CHILD), husband, wife);
    }
    const fatherAge = Math.min(98, head.age + rng.int(22, 38));
    const motherAge = Math.min(head.age + 39, Math.max(head.age + 21, spouseAge(rng, fatherAge, 0)));
    const both = rng.chance(0.55);
    const father = both || rng.chance(0.35) ? f.add('MALE', fatherAge, surnameOf(head), R.PARENT) : null;
    const mother = both || !father ? f.add('FEMALE', motherAge, surname(rng), R.PARENT) : null;
    // The parent no longer listed has usually died; otherwise the record never named them.
    const gone = (sex: Sex) =>
      rng.chance(0.6)
        ? absentPerson(
            f,
            sex,
            sex === 'MALE' ? fatherAge : motherAge,
            sex === 'MALE' ? surnameOf(head) : surname(rng),
            addMonths(f.ctx.asOf, -12 * 15),
          )
        : null;
    parentsOf(head, father ?? gone('MALE'), mother ?? gone('FEMALE'));
  },

  SKIPPED_GENERATION: (f, rng) => {
    const grandparents = couple(f, rng, rng.int(58, 82), 50, 0.45, rng.chance(0.3));
    const head = grandparents.find((g) => g.relation === R.HEAD) ?? grandparents[0];
    const sonLine = rng.chance(0.7);
    const own = f.add(sonLine ? 'MALE' : 'FEMALE', childAge(rng, grandparents, 23, 50), surnameOf(head), R.CHILD);
    const inLaw = f.add(sonLine ? 'FEMALE' : 'MALE', spouseAge(rng, own.age, 22), surname(rng), R.OTHER);
    parentsOf(own, grandparents.find((g) => g.sex === 'MALE') ?? null, grandparents.find((g) => g.sex === 'FEMALE') ?? null);
    const [father, mother] = sonLine ? [own, inLaw] : [inLaw, own];
    const children = Array.from({ length: rng.chance(0.75) ? 1 : 2 }, () =>
      f.add(sexOf(rng, 0.5), childAge(rng, [father, mother], 1, 17), surnameOf(father), R.GRANDCHILD),
    );
    const unidentifiedFather = rng.chance(0.1);
    for (const child of children) parentsOf(child, unidentifiedFather ? null : father, mother);
    applyTrouble(f, father, mother, children);
  },

  ELDERS_WITH_ADULT_CHILD: (f, rng) => {
    const parents = couple(f, rng, rng.int(58, 88), 52, 0.3, rng.chance(0.25));
    const father = parents.find((p) => p.sex === 'MALE') ?? null;
    const mother = parents.find((p) => p.sex === 'FEMALE') ?? null;
    const basis = mother ?? parents[0];
    const child = f.add(sexOf(rng, 0.45), childAge(rng, parents, 18), surnameOf(father ?? basis), R.CHILD);
    const missingAge = Math.min(child.age + 39, Math.max(child.age + 21, basis.age + rng.int(-3, 6)));
    const missing = (sex: Sex) =>
      rng.chance(0.5) ? absentPerson(f, sex, missingAge, surnameOf(father ?? basis), child.birthDate) : null;
    parentsOf(child, father ?? missing('MALE'), mother ?? missing('FEMALE'));
    // Adult children with severe intellectual or mental disability living with ageing parents (rule 1.2).
    const roll = rng.next();
    if (roll < 0.32)
      child.certificates.push(plannedCertificate(f.ctx, child, { categories: [CATEGORY_DIGIT.INTELLECTUAL, CATEGORY_DIGIT.MENTAL], grades: [1, 2], valid: roll < 0.29 }));
    else if (roll < 0.4)
      child.certificates.push(plannedCertificate(f.ctx, child, { categories: [CATEGORY_DIGIT.INTELLECTUAL, CATEGORY_DIGIT.MENTAL], grades: [3, 4], valid: true }));
  },

  SIBLINGS: (f, rng) => {
    const head = f.add(sexOf(rng, 0.5), rng.int(30, 75), surname(rng), R.HEAD);
    f.add(sexOf(rng, 0.5), Math.max(18, head.age + rng.int(-8, 8)), surnameOf(head), R.SIBLING);
  },
};

/**
 * A married couple, the husband usually the head. `single` drops one of them (widowed); who is
 * left is the head.
 */
function couple(f: Family, rng: Rng, age: number, minSpouseAge: number, femaleHeadShare: number, single = false): DraftPerson[] {
  const femaleHead = rng.chance(femaleHeadShare);
  const husbandName = surname(rng);
  if (single) {
    const sex: Sex = rng.chance(0.6) ? 'FEMALE' : 'MALE';
    return [
      f.add(sex, sex === 'FEMALE' ? spouseAge(rng, age, minSpouseAge) : age, sex === 'MALE' ? husbandName : surname(rng), R.HEAD),
    ];
  }
  const husband = f.add('MALE', age, husbandName, femaleHead ? R.SPOUSE : R.HEAD);
  const wife = f.add('FEMALE', spouseAge(rng, age, minSpouseAge), surname(rng), femaleHead ? R.HEAD : R.SPOUSE);
  return [husband, wife];
}

function surnameOf(person: DraftPerson): string {
  return [...person.name][0];
}

/** Migrants' residence permits, and a few adults who moved away on their own. */
function placeIndividuals(ctx: DraftContext, household: DraftHousehold): void {
  const { rng, asOf } = ctx;
  for (const person of members(household)) {
    if (household.migrant && person.age >= 16) {
      const sixteenth = addMonths(person.birthDate, 16 * 12);
      const from = dateBetween(rng, sixteenth > addMonths(asOf, -60) ? sixteenth : addMonths(asOf, -60), asOf);
      person.permitFrom = from;
      person.permitUntil = addMonths(from, 12 * rng.int(2, 5));
    } else if (!household.migrant && person.age >= 18 && person.age < 60 && rng.chance(0.02)) {
      person.residenceDistrict = otherDistrict(rng, household.registeredDistrict);
    }
  }
}
