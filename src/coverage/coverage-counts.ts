import { Brackets, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { LocalDate } from '../common/local-date';
import { AssistanceEnrollment } from '../departments/civil-affairs/assistance-enrollment.entity';
import { Household } from '../departments/civil-affairs/household.entity';
import { HouseholdMember } from '../departments/civil-affairs/household-member.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import { CoverageCount, CoverageFinding, CoverageMeasure, CoveragePersonRule, CoverageReview } from './coverage.entities';
import type { PairCount, RunCounts } from './district-figures';

/*
 * The set-based counts behind districtStats (docs/coverage.md, "Figures"): each one statement
 * grouped by (registered, residence) district pair, whatever the population. A completed pass
 * stores them (coverage_count), so a page view reads its run's few hundred rows; without a pass
 * the population's counts are made on the request.
 */

/** Persons and households, in all and by program: counts of the records, not of the pass. */
export interface PopulationCounts {
  persons: PairCount[];
  households: PairCount[];
  personPrograms: PairCount[];
  householdPrograms: PairCount[];
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Counts grouped by the (registered, residence) districts of the row aliased `x`, and by `key`
 * (one expression or several, joined with '|'): the form district-figures.ts folds per area.
 */
export async function pairCounts<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, key: string | string[] | null, count = 'COUNT(*)'): Promise<PairCount[]> {
  const keys = key == null ? [] : Array.isArray(key) ? key : [key];
  qb.select('x.registeredDistrict', 'registeredDistrict').addSelect('x.residenceDistrict', 'residenceDistrict').addSelect(count, 'count');
  keys.forEach((k, i) => qb.addSelect(k, `k${i}`));
  qb.groupBy('x.registeredDistrict').addGroupBy('x.residenceDistrict');
  for (const k of keys) qb.addGroupBy(k);
  const rows = await qb.getRawMany<Record<string, unknown>>();
  return rows.map((r) => ({
    registeredDistrict: (r.registeredDistrict as string | null) ?? null,
    residenceDistrict: (r.residenceDistrict as string | null) ?? null,
    key: keys.map((_, i) => String(r[`k${i}`])).join('|'),
    count: num(r.count),
  }));
}

/** An enrollment (alias `e`) valid on :asOf: started, not ended (docs/readings.md, "Valid record"). */
const VALID_ENROLLMENT = new Brackets((w) => w.where('e.startDate <= :asOf').andWhere('(e.endDate IS NULL OR e.endDate > :asOf)'));

/**
 * Persons with a valid enrollment in each program on `asOf`, their own or their household's: the
 * `persons` filter's condition (whereEnrolledIn), counted in one statement. The (person, program)
 * pairs of both kinds are united first, so a person enrolled both ways counts once, and then
 * joined to their districts by primary key: one pass over the enrollments, none over the persons.
 */
function personsByProgram(m: EntityManager, asOf: LocalDate): Promise<PairCount[]> {
  const own = m
    .createQueryBuilder()
    .select('e.idNumber', 'idNumber')
    .addSelect('e.program', 'program')
    .from(AssistanceEnrollment, 'e')
    .where('e.idNumber IS NOT NULL')
    .andWhere(VALID_ENROLLMENT)
    .getQuery();
  const household = m
    .createQueryBuilder()
    .select('hm.idNumber', 'idNumber')
    .addSelect('e.program', 'program')
    .from(HouseholdMember, 'hm')
    .innerJoin(AssistanceEnrollment, 'e', 'e.householdNumber = hm.householdNumber')
    .where(VALID_ENROLLMENT)
    .getQuery();
  const qb = m.createQueryBuilder(Person, 'x').innerJoin(`(${own} UNION ${household})`, 'u', 'u.idNumber = x.idNumber').setParameters({ asOf });
  return pairCounts(qb, 'u.program');
}

export async function countPopulation(m: EntityManager, asOf: LocalDate): Promise<PopulationCounts> {
  const [persons, households, personPrograms, householdPrograms] = await Promise.all([
    pairCounts(m.createQueryBuilder(Person, 'x'), null),
    pairCounts(m.createQueryBuilder(Household, 'x'), null),
    personsByProgram(m, asOf),
    pairCounts(
      m.createQueryBuilder(Household, 'x').innerJoin(AssistanceEnrollment, 'e', 'e.householdNumber = x.householdNumber').where(VALID_ENROLLMENT, { asOf }),
      'e.program',
      'COUNT(DISTINCT x.householdNumber)',
    ),
  ]);
  return { persons, households, personPrograms, householdPrograms };
}

/** The counts of one run's rows: gaps and lapses per rule, findings, overdue reviews. */
export async function countRunRows(m: EntityManager, runId: string): Promise<RunCounts> {
  const of = <T extends ObjectLiteral>(entity: new () => T) => m.createQueryBuilder(entity, 'x').where('x.runId = :runId', { runId });
  const [gaps, findings, persons, reviews] = await Promise.all([
    pairCounts(of(CoveragePersonRule), ['x.ruleId', 'x.gap']),
    pairCounts(of(CoverageFinding), 'x.code'),
    pairCounts(of(CoverageFinding), 'x.code', 'COUNT(DISTINCT x.idNumber)'),
    pairCounts(of(CoverageReview), 'x.kind'),
  ]);
  return { gaps, findings: { findings, persons }, reviews };
}

/** Where each measure sits in the two kinds of counts: the one table storing and reading both use. */
const PLACES: ReadonlyArray<[CoverageMeasure, (c: { population: PopulationCounts; run: RunCounts }) => PairCount[], (c: { population: PopulationCounts; run: RunCounts }, pairs: PairCount[]) => void]> = [
  [CoverageMeasure.PERSONS, (c) => c.population.persons, (c, p) => (c.population.persons = p)],
  [CoverageMeasure.HOUSEHOLDS, (c) => c.population.households, (c, p) => (c.population.households = p)],
  [CoverageMeasure.PERSON_PROGRAM, (c) => c.population.personPrograms, (c, p) => (c.population.personPrograms = p)],
  [CoverageMeasure.HOUSEHOLD_PROGRAM, (c) => c.population.householdPrograms, (c, p) => (c.population.householdPrograms = p)],
  [CoverageMeasure.GAP, (c) => c.run.gaps, (c, p) => (c.run.gaps = p)],
  [CoverageMeasure.FINDING, (c) => c.run.findings.findings, (c, p) => (c.run.findings.findings = p)],
  [CoverageMeasure.FINDING_PERSON, (c) => c.run.findings.persons, (c, p) => (c.run.findings.persons = p)],
  [CoverageMeasure.REVIEW, (c) => c.run.reviews, (c, p) => (c.run.reviews = p)],
];

/** Rows per INSERT: within SQLite's bound parameters and MySQL's packet size. */
const ROWS_PER_INSERT = 200;

/** Stores a run's counts, inside the transaction that marks it DONE. */
export async function storeCounts(m: EntityManager, runId: string, population: PopulationCounts, run: RunCounts): Promise<void> {
  const rows: CoverageCount[] = PLACES.flatMap(([measure, read]) =>
    read({ population, run }).map((p) => ({ runId, measure, registeredDistrict: p.registeredDistrict, residenceDistrict: p.residenceDistrict, countKey: p.key, count: p.count })),
  ).map((row, position) => ({ ...row, position }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await m.insert(CoverageCount, rows.slice(i, i + ROWS_PER_INSERT));
}

/** A run's stored counts, in one statement; null for a run completed before counts were stored. */
export async function storedCounts(m: EntityManager, runId: string): Promise<{ population: PopulationCounts; run: RunCounts } | null> {
  const rows = await m.find(CoverageCount, { where: { runId }, order: { position: 'ASC' } });
  if (rows.length === 0) return null;
  const counts = {
    population: { persons: [], households: [], personPrograms: [], householdPrograms: [] } as PopulationCounts,
    run: { gaps: [], findings: { findings: [], persons: [] }, reviews: [] } as RunCounts,
  };
  for (const [measure, , write] of PLACES) {
    write(counts, rows.filter((r) => r.measure === measure).map((r) => ({ registeredDistrict: r.registeredDistrict, residenceDistrict: r.residenceDistrict, key: r.countKey, count: r.count })));
  }
  return counts;
}
