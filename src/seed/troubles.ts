import { RelationToHead, SituationKind } from '../departments/civil-affairs/civil-affairs.enums';
import { CATEGORY_DIGIT } from '../departments/disability/disability.enums';
import { addDays, type LocalDate } from '../common/local-date';
import { plannedCertificate, plannedIllness } from './health';
import { dateBetween, members, monthsBefore, type DraftContext, type DraftHousehold, type DraftPerson, type Sex } from './model';
import { WeightedTable, type Rng } from './random';

/**
 * Families whose children may be de facto unsupported (事实无人抚养儿童): a parent in prison, in
 * compulsory drug rehabilitation, out of contact, dead, missing, severely disabled or seriously
 * ill. The mix includes cases that meet the definition, cases that miss it (one parent able, a
 * situation younger than six months, a sentence already served) and cases the hub cannot decide.
 */

export interface Family {
  ctx: DraftContext;
  household: DraftHousehold;
  add(sex: Sex, age: number, familyName: string, relation: RelationToHead | null): DraftPerson;
}

type Trouble = SituationKind | 'SEVERE_DISABILITY' | 'SERIOUS_ILLNESS' | 'NONE';

const FATHER_TROUBLES = new WeightedTable<Trouble>([
  [SituationKind.IMPRISONED, 33],
  [SituationKind.COMPULSORY_REHABILITATION, 12],
  [SituationKind.OUT_OF_CONTACT, 20],
  [SituationKind.DECEASED, 8],
  ['SEVERE_DISABILITY', 12],
  ['SERIOUS_ILLNESS', 8],
  ['NONE', 7],
]);

const MOTHER_TROUBLES = new WeightedTable<Trouble>([
  [SituationKind.DECEASED, 18],
  [SituationKind.DECLARED_MISSING, 12],
  [SituationKind.OUT_OF_CONTACT, 18],
  [SituationKind.IMPRISONED, 5],
  ['SEVERE_DISABILITY', 10],
  ['SERIOUS_ILLNESS', 7],
  ['NONE', 30],
]);

export function applyTrouble(f: Family, father: DraftPerson, mother: DraftPerson, children: readonly DraftPerson[]): void {
  const youngestBirth = children.reduce((latest, c) => (c.birthDate > latest ? c.birthDate : latest), children[0].birthDate);
  afflict(f, father, FATHER_TROUBLES.pick(f.ctx.rng), youngestBirth);
  afflict(f, mother, MOTHER_TROUBLES.pick(f.ctx.rng), youngestBirth);
  ensureHead(f.household);
}

/** A situation that began six months or more ago (most), or more recently. */
function since(rng: Rng, asOf: LocalDate): LocalDate {
  return rng.chance(0.72) ? monthsBefore(rng, asOf, rng.int(6, 60)) : monthsBefore(rng, asOf, rng.int(1, 5));
}

function afflict(f: Family, person: DraftPerson, trouble: Trouble, youngestBirth: LocalDate): void {
  const { ctx } = f;
  const { rng, asOf } = ctx;
  switch (trouble) {
    case 'NONE':
      return;
    case 'SEVERE_DISABILITY': {
      // Intellectual or mental grade 3–4 also leaves a parent unable to support a child.
      const mild = rng.chance(0.25);
      const { VISUAL, PHYSICAL, INTELLECTUAL, MENTAL, MULTIPLE } = CATEGORY_DIGIT;
      const plan = mild
        ? { categories: [INTELLECTUAL, MENTAL], grades: [3, 4] }
        : { categories: [VISUAL, PHYSICAL, INTELLECTUAL, MENTAL, MULTIPLE], grades: [1, 2] };
      person.certificates.push(plannedCertificate(ctx, person, { ...plan, valid: true }));
      return;
    }
    case 'SERIOUS_ILLNESS':
      person.illnesses.push(plannedIllness(ctx, rng.chance(0.8) ? [1000, 1500] : [500], true));
      return;
    case SituationKind.DECEASED:
      unlist(person);
      person.occupation = 'DECEASED';
      person.situations.push({ kind: trouble, since: dateBetween(rng, youngestBirth, asOf), until: null });
      return;
    case SituationKind.DECLARED_MISSING:
      unlist(person);
      person.situations.push({ kind: trouble, since: since(rng, asOf), until: null });
      return;
    default: {
      const start = since(rng, asOf);
      // Some have served their sentence or come back: able to support again.
      const over = trouble === SituationKind.IMPRISONED && start < addDays(asOf, -400) && rng.chance(0.15);
      person.situations.push({
        kind: trouble,
        since: start,
        until: over ? dateBetween(rng, addDays(start, 180), addDays(asOf, -10)) : null,
      });
    }
  }
}

function unlist(person: DraftPerson): void {
  person.relation = null;
  person.residenceDistrict = null;
}

/** When the head has died or gone missing, the spouse or else the eldest remaining member takes over. */
function ensureHead(household: DraftHousehold): void {
  const listed = members(household);
  if (listed.some((p) => p.relation === RelationToHead.HEAD)) return;
  const spouse = listed.find((p) => p.relation === RelationToHead.SPOUSE);
  if (spouse) {
    spouse.relation = RelationToHead.HEAD;
    return;
  }
  const eldest = listed.reduce((a, b) => (b.age > a.age ? b : a));
  for (const p of listed) if (p.relation === RelationToHead.CHILD) p.relation = RelationToHead.SIBLING;
  eldest.relation = RelationToHead.HEAD;
}
