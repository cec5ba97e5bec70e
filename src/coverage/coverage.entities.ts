import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, districtColumn, idNumberColumn, keyColumn } from '../common/columns';
import type { LocalDate } from '../common/local-date';
import { instantColumn, nullableInstantColumn } from '../push/notification-columns';

/*
 * The coverage evaluation pass (docs/coverage.md): one run row per pass, and per person only the
 * rows that matter for coverage. A run's rows are written under its id; readers take the latest
 * DONE run for a date, so a pass in progress or a failed one is never read.
 */

export enum CoverageRunStatus {
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/** What a person's row says of one rule: the two states that matter for coverage. */
export enum CoverageGap {
  /** ELIGIBLE, and neither the person nor their household holds a valid enrollment in the rule's program. */
  ELIGIBLE_NOT_ENROLLED = 'ELIGIBLE_NOT_ENROLLED',
  /** A valid enrollment (own or household's) in the rule's program, and the decision is not ELIGIBLE. */
  ENROLLED_NOT_ELIGIBLE = 'ENROLLED_NOT_ELIGIBLE',
}

/** Whose review date is overdue (clause 5). */
export enum CoverageReviewKind {
  /** A dibao or low-income household (householdReview). */
  HOUSEHOLD = 'HOUSEHOLD',
  /** A 特困 person (tekunReview). */
  TEKUN = 'TEKUN',
}

/** One evaluation pass over every person civil affairs holds, on `asOf`. */
@Entity('coverage_run')
@Index('IDX_coverage_run_asof', ['asOf', 'status', 'finishedAt'])
export class CoverageRun {
  /** Milliseconds since 1970 in hex, then random hex: sorts by start, never collides across hosts. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column(dateColumn)
  asOf!: LocalDate;

  @Column({ type: 'varchar', length: 8 })
  status!: CoverageRunStatus;

  @Column(instantColumn)
  startedAt!: Date;

  @Column(nullableInstantColumn)
  finishedAt!: Date | null;

  /** Persons evaluated (so far, while RUNNING). */
  @Column({ type: 'int' })
  persons!: number;

  /** The rules decided: those whose parameters were all in force on asOf, comma-separated. */
  @Column({ type: 'varchar', length: 1000 })
  ruleIds!: string;

  /** Data freshness when the pass started: when each department last sent records (its newest receipt; null: never). */
  @Column(nullableInstantColumn)
  civilAffairsReceivedAt!: Date | null;

  @Column(nullableInstantColumn)
  humanResourcesReceivedAt!: Date | null;

  @Column(nullableInstantColumn)
  disabilityReceivedAt!: Date | null;

  /**
   * A what-if pass's parameter values: JSON `[{"name":…,"value":…}]` sorted by name
   * (src/policy/parameter-overrides.ts, overridesKey); null for the pass of the values in force,
   * the only one the in-force figures and gap lists read.
   */
  @Column({ type: 'text', nullable: true })
  overrides!: string | null;
}

/**
 * A person and a rule whose coverage is off on the run's date: eligible and not enrolled (the gap
 * to close), or enrolled and no longer eligible (a review is due). Everyone else has no row. The
 * districts and household are the person's when the pass read them, so the gap list of a district
 * and its count come from the same rows.
 */
@Entity('coverage_person_rule')
@Index('IDX_coverage_person_rule_list', ['runId', 'ruleId', 'gap', 'idNumber'])
@Index('IDX_coverage_person_rule_registered', ['runId', 'ruleId', 'gap', 'registeredDistrict', 'idNumber'])
@Index('IDX_coverage_person_rule_residence', ['runId', 'ruleId', 'gap', 'residenceDistrict', 'idNumber'])
@Index('IDX_coverage_person_rule_household', ['runId', 'householdNumber'])
export class CoveragePersonRule {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  runId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  ruleId!: string;

  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @Column({ type: 'varchar', length: 24 })
  gap!: CoverageGap;

  @Column({ type: 'varchar', length: 24 })
  program!: string;

  /** The decision's outcome: ELIGIBLE for a gap, NOT_ELIGIBLE or UNDETERMINED for a lapse. */
  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  @Column(districtColumn)
  registeredDistrict!: string;

  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;

  /** The household the person was listed in (null: none), for household gap lists. */
  @Column({ ...keyColumn, nullable: true })
  householdNumber!: string | null;
}

/** A cross-check finding of a person on the run's date, with where the person was registered and lived. */
@Entity('coverage_finding')
@Index('IDX_coverage_finding_code', ['runId', 'code', 'idNumber'])
export class CoverageFinding {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  runId!: string;

  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  code!: string;

  /** The finding's record key (a payment number, say): one person may have several of one code. */
  @PrimaryColumn({ type: 'varchar', length: 96 })
  recordKey!: string;

  @Column(districtColumn)
  registeredDistrict!: string;

  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;
}

/** A review overdue on the run's date (clause 5): a household's, or a 特困 person's own. */
@Entity('coverage_review')
export class CoverageReview {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  runId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: CoverageReviewKind;

  /** The household number (HOUSEHOLD) or the person's ID number (TEKUN). */
  @PrimaryColumn(keyColumn)
  subjectKey!: string;

  /** The household's districts (HOUSEHOLD) or the person's (TEKUN). */
  @Column(districtColumn)
  registeredDistrict!: string;

  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;

  @Column(dateColumn)
  dueOn!: LocalDate;
}

/** What a stored count counts (coverage-counts.ts). */
export enum CoverageMeasure {
  PERSONS = 'PERSONS',
  HOUSEHOLDS = 'HOUSEHOLDS',
  PERSON_PROGRAM = 'PERSON_PROGRAM',
  HOUSEHOLD_PROGRAM = 'HOUSEHOLD_PROGRAM',
  GAP = 'GAP',
  FINDING = 'FINDING',
  FINDING_PERSON = 'FINDING_PERSON',
  REVIEW = 'REVIEW',
}

/**
 * One set-based count of a run, grouped by the (registered, residence) districts of what it
 * counts: the run's figures, computed once when the pass completes so that a dashboard's page view
 * reads a few hundred rows instead of counting a million persons.
 */
@Entity('coverage_count')
export class CoverageCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  runId!: string;

  /** The row's place among its run's counts. */
  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 20 })
  measure!: CoverageMeasure;

  @Column({ ...districtColumn, nullable: true })
  registeredDistrict!: string | null;

  @Column({ ...districtColumn, nullable: true })
  residenceDistrict!: string | null;

  /** What is counted within the pair (a program, rule and gap, code or review kind); '' when nothing. */
  @Column({ type: 'varchar', length: 120 })
  countKey!: string;

  @Column({ type: 'int' })
  count!: number;
}

export const COVERAGE_ENTITIES = [CoverageRun, CoveragePersonRule, CoverageFinding, CoverageReview, CoverageCount] as const;
