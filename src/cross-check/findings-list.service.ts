import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { hubToday } from '../common/clock';
import { decodeCursor, encodeCursor, pageSize } from '../common/connection';
import { ErrorCode, userError } from '../common/errors';
import type { LocalDate } from '../common/local-date';
import type { HubContext, HubLoaders } from '../context/hub-context';
import { checkRequestDeadline } from '../db/statement-counter';
import { HouseholdMember } from '../departments/civil-affairs/household-member.entity';
import { Person } from '../departments/civil-affairs/person.entity';
import { TemporaryAssistancePayment } from '../departments/civil-affairs/temporary-assistance-payment.entity';
import { DisabilityCertificate } from '../departments/disability/disability-certificate.entity';
import { IncomeMonth } from '../departments/human-resources/income-month.entity';
import { InsuranceEnrollment } from '../departments/human-resources/insurance-enrollment.entity';
import { UnemploymentRegistration } from '../departments/human-resources/unemployment-registration.entity';
import type { PersonFacts } from '../eligibility/facts';
import type { GatheredFacts } from '../eligibility/facts-gatherer';
import { SubjectLens } from '../eligibility/redaction';
import { isTianjinDistrict } from '../identity/districts';
import type { ParameterStore } from '../policy/parameter-store';
import type { CrossCheckFinding } from './cross-check.types';
import { FindingCode } from './finding-code';
import { findingsForMany } from './finding-facts';
import { seenFinding, type FindingConnection } from './finding-list.types';
import type { Finding } from './findings';

const DEFAULT_PAGE = 20;

/** How far one request of the `findings` list may scan; tests shrink them to cross every boundary. */
export interface FindingsListLimits {
  /** Persons whose findings are computed together: one batch of the loaders' statements (about 20). */
  chunkPersons: number;
  /** Persons one page may scan before it stops and hands back a cursor (a fuller page is a later request's work). */
  pagePersons: number;
  /** `totalCount` is computed only when the list holds at most this many persons: it scans them all. */
  totalCountPersons: number;
}

export const FINDINGS_LIST_LIMITS: FindingsListLimits = { chunkPersons: 500, pagePersons: 5_000, totalCountPersons: 5_000 };

/** Codes in the order FindingCode declares them: the list's order within one person. */
const CODE_RANK = new Map(Object.values(FindingCode).map((code, i) => [code, i]));
/** A position after every finding of a person: where a scan stopped between persons. */
const AFTER_PERSON = 9;

/** Where a page ends: a person, and a finding of theirs (or AFTER_PERSON: past all of them). */
interface Position {
  idNumber: string;
  rank: number;
  recordKey: string;
}

const CURSOR_SHAPE = /^f1\|(\d{17}[\dX])\|(\d)\|([\s\S]*)$/;

function positionKey(p: Position): string {
  return `f1|${p.idNumber}|${p.rank}|${p.recordKey}`;
}

function positionAfter(after: string | null | undefined): Position | null {
  if (after == null) return null;
  const match = CURSOR_SHAPE.exec(decodeCursor(after));
  if (!match) throw userError(ErrorCode.INVALID_CURSOR, 'the cursor is not one of this list; start without `after`', { field: 'after' });
  return { idNumber: match[1], rank: Number(match[2]), recordKey: match[3] };
}

const positionOf = (idNumber: string, f: Finding): Position => ({ idNumber, rank: CODE_RANK.get(f.code) as number, recordKey: f.recordKey });

/** Within one person: code rank, then recordKey as plain text (the same on every database and locale). */
function compareWithin(a: Pick<Position, 'rank' | 'recordKey'>, b: Pick<Position, 'rank' | 'recordKey'>): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : 0;
}

/**
 * Persons who can have a finding of `code` (any code when null), in SQL: a record each finding
 * needs at the least (findings.ts), each an indexed lookup by ID number. Only these persons'
 * facts are gathered: most residents have no payment and no record of another department, and
 * their findings are certainly none. A condition here may let through persons without a finding,
 * never hold back one with it; a new or changed finding must keep its line true.
 */
function whereCandidate(qb: SelectQueryBuilder<Person>, code: FindingCode | null, asOf: LocalDate): void {
  const exists = (entity: EntityTarget<ObjectLiteral>, alias: string, extra?: string) =>
    `EXISTS ${qb.subQuery().select('1').from(entity, alias).where(`${alias}.idNumber = person.idNumber${extra ? ` AND ${extra}` : ''}`).getQuery()}`;
  const paid = exists(TemporaryAssistancePayment, 'fcPaid', 'fcPaid.paidOn <= :candidatesAsOf');
  const registered = exists(UnemploymentRegistration, 'fcRegistered');
  const insured = exists(InsuranceEnrollment, 'fcInsured');
  const earning = exists(IncomeMonth, 'fcIncome');
  const certified = exists(DisabilityCertificate, 'fcCertified');
  const member = exists(HouseholdMember, 'fcMember');
  const needs: Record<FindingCode, string> = {
    // A payment made by asOf, while insured.
    [FindingCode.TEMPORARY_ASSISTANCE_WHILE_INSURED]: `${paid} AND ${insured}`,
    // A payment made by asOf.
    [FindingCode.TEMPORARY_ASSISTANCE_NOT_REGISTERED]: paid,
    // A household member of whom human resources hold some record (none at all: income unknown).
    [FindingCode.DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED]: `${member} AND (${registered} OR ${insured} OR ${earning})`,
    // A household member with an insurance enrollment.
    [FindingCode.DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT]: `${member} AND ${insured}`,
    // A record of another department bearing a name.
    [FindingCode.NAME_MISMATCH]: `(${registered} OR ${insured} OR ${certified})`,
  };
  // Any code: the union of the lines above, written out so that each table is asked once.
  const any = `(${paid} OR ${registered} OR ${insured} OR ${certified} OR (${member} AND ${earning}))`;
  qb.andWhere(`(${code == null ? any : needs[code]})`, { candidatesAsOf: asOf });
}

/** Every person whose records the facts hold: the subject, their parents and household members. */
function personsOf(facts: GatheredFacts): PersonFacts[] {
  return [facts.person, facts.father, facts.mother, ...(facts.household?.members.map((m) => m.person) ?? [])].filter((p): p is PersonFacts => p != null);
}

/** The reader's view of one subject's facts: null for a reader who sees every district. */
function lensFor(ctx: HubContext, facts: GatheredFacts): SubjectLens | null {
  return ctx.scope.unrestricted ? null : SubjectLens.of(ctx.scope, personsOf(facts), [facts.household]);
}

interface Scanned {
  person: Person;
  facts: GatheredFacts;
  /** The findings asked for (one code, or all), in the list's order. */
  findings: Finding[];
}

export interface FindingsQuery {
  districtCode?: string | null;
  code?: FindingCode | null;
  asOf?: LocalDate | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Cross-check findings as readers ask for them (docs/findings.md, "Reading findings"): a person's
 * own, and the `findings` list of a district or the city. Findings are computed, not stored: the
 * list pages through the persons of the district in ID order, a chunk at a time, and computes the
 * findings of each chunk from one batch of statements (findingsForMany).
 */
export class FindingsListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ParameterStore,
    /** Fresh loaders for each chunk: a scan of thousands of persons does not pile up in the request's cache. */
    private readonly loadersFor: (manager: EntityManager) => HubLoaders,
    private readonly maxPage: number,
    private readonly limits: FindingsListLimits = FINDINGS_LIST_LIMITS,
  ) {}

  /**
   * A person's findings on `asOf` (today by default), in findingsOf's order, each cut to the
   * caller's scope. The person is the caller's to see (Person objects are scoped); the loaders
   * batch the persons of a page together.
   */
  async personFindings(ctx: HubContext, person: Person, asOf?: LocalDate | null): Promise<CrossCheckFinding[]> {
    if (!ctx.scope.covers(person)) return [];
    const date = asOf ?? hubToday();
    const found = (await findingsForMany(ctx.loaders, [person.idNumber], date, this.store)).get(person.idNumber);
    if (!found) return [];
    // The findings read the subject's own records and their household's enrollment, nobody else's.
    ctx.audit.derive([person.idNumber]);
    const lens = lensFor(ctx, found.facts);
    return found.findings.map((f) => seenFinding(f, lens));
  }

  /**
   * The district whose persons the list scans, or null for the whole city (admins only). A
   * district officer lists their own district; asking for another is FORBIDDEN.
   */
  private districtOf(ctx: HubContext, districtCode: string | null | undefined): string | null {
    const caller = ctx.caller;
    if (caller?.role === 'district') {
      if (districtCode != null && districtCode !== caller.district) {
        throw userError(ErrorCode.FORBIDDEN, `a district officer lists the findings of district ${caller.district} only`, { field: 'districtCode' });
      }
      return caller.district;
    }
    if (caller?.role !== 'admin') throw userError(ErrorCode.FORBIDDEN, 'findings are listed for districts and the city bureau', { field: 'findings' });
    if (districtCode != null && !isTianjinDistrict(districtCode)) {
      throw userError(ErrorCode.BAD_USER_INPUT, `${districtCode} is not a current Tianjin district code`, { field: 'districtCode' });
    }
    return districtCode ?? null;
  }

  /**
   * The persons the list computes findings for: the caller's scope, the district when one is named,
   * and only persons who can have a finding of the code asked for (whereCandidate).
   */
  private personsQuery(ctx: HubContext, district: string | null, code: FindingCode | null, asOf: LocalDate): SelectQueryBuilder<Person> {
    const qb = this.dataSource.manager.createQueryBuilder(Person, 'person');
    ctx.scope.limit(qb, 'person');
    if (district != null) qb.andWhere('(person.registeredDistrict = :listDistrict OR person.residenceDistrict = :listDistrict)', { listDistrict: district });
    whereCandidate(qb, code, asOf);
    return qb;
  }

  /**
   * The list's persons from `from` on (that person included when `inclusive`), a chunk at a time,
   * each chunk with its findings. The request's time budget is checked before every chunk.
   */
  private async *scan(ctx: HubContext, district: string | null, from: string | null, inclusive: boolean, asOf: LocalDate, code: FindingCode | null): AsyncGenerator<{ entries: Scanned[]; last: boolean }> {
    let start = from;
    let including = inclusive;
    for (;;) {
      checkRequestDeadline();
      const qb = this.personsQuery(ctx, district, code, asOf);
      if (start != null) qb.andWhere(including ? 'person.idNumber >= :scanFrom' : 'person.idNumber > :scanFrom', { scanFrom: start });
      const persons = await qb.orderBy('person.idNumber', 'ASC').limit(this.limits.chunkPersons).getMany();
      if (persons.length === 0) return;
      const ids = persons.map((p) => p.idNumber);
      const found = await findingsForMany(this.loadersFor(this.dataSource.manager), ids, asOf, this.store);
      const last = persons.length < this.limits.chunkPersons;
      const entries = persons.map((person) => {
        const { facts, findings } = found.get(person.idNumber) as { facts: GatheredFacts; findings: Finding[] };
        const asked = findings
          .filter((f) => code == null || f.code === code)
          .map((f) => ({ f, at: positionOf(person.idNumber, f) }))
          .sort((a, b) => compareWithin(a.at, b.at))
          .map(({ f }) => f);
        return { person, facts, findings: asked };
      });
      yield { entries, last };
      if (last) return;
      start = ids[ids.length - 1];
      including = false;
    }
  }

  /**
   * A page of findings. `withTotal`: the caller selected totalCount, which is then computed when the
   * list holds few enough persons (one scan from the start serves both the count and the page).
   */
  async list(ctx: HubContext, query: FindingsQuery, withTotal: boolean): Promise<FindingConnection> {
    const district = this.districtOf(ctx, query.districtCode);
    const size = pageSize(query.first, Math.min(DEFAULT_PAGE, this.maxPage), this.maxPage);
    const asOf = query.asOf ?? hubToday();
    const code = query.code ?? null;
    const position = positionAfter(query.after);
    const counting = withTotal && (await this.personsQuery(ctx, district, code, asOf).getCount()) <= this.limits.totalCountPersons;

    /** Whether a finding of this person comes after the cursor. */
    const pastCursor = (idNumber: string, f: Finding) =>
      position == null || idNumber > position.idNumber || (idNumber === position.idNumber && compareWithin(positionOf(idNumber, f), position) > 0);

    const items: Array<{ scanned: Scanned; finding: Finding }> = [];
    /** Persons whose findings the answer rests on: the page's, the ones scanned past, and all of them for a count. */
    const used: string[] = [];
    let total = 0;
    let scannedPersons = 0;
    let lastConsidered: string | null = null;
    let pageDone = false;
    let stoppedAtBudget = false;
    let slowestChunkMs = 0;
    // Counting reads every person from the first; a page alone starts at the cursor's person.
    const from = counting ? null : (position?.idNumber ?? null);
    const inclusive = position != null && position.rank !== AFTER_PERSON;
    const chunks = this.scan(ctx, district, from, inclusive, asOf, code);
    let started = Date.now();
    for await (const chunk of chunks) {
      slowestChunkMs = Math.max(slowestChunkMs, Date.now() - started);
      for (const scanned of chunk.entries) {
        const id = scanned.person.idNumber;
        if (counting) total += scanned.findings.length;
        if (pageDone) {
          if (counting) used.push(id);
          continue;
        }
        if (!counting || position == null || id >= position.idNumber) {
          for (const finding of scanned.findings) if (items.length <= size && pastCursor(id, finding)) items.push({ scanned, finding });
          lastConsidered = id;
          scannedPersons += 1;
        }
        used.push(id);
        // size + 1 findings tell that a next page exists; the rest of the chunk serves only a count.
        if (items.length > size) pageDone = true;
      }
      if (pageDone && !counting) break;
      if (!counting && !pageDone && !chunk.last && this.budgetSpent(ctx, scannedPersons, slowestChunkMs)) {
        stoppedAtBudget = true;
        break;
      }
      started = Date.now();
    }

    const page = items.slice(0, size);
    for (const { scanned } of page) ctx.loaders.civilAffairs.person.prime(scanned.person.idNumber, scanned.person);
    ctx.audit.touch(...page.map(({ scanned }) => scanned.person.idNumber));
    ctx.audit.derive(used);
    const edges = page.map(({ scanned, finding }) => ({
      cursor: encodeCursor(positionKey(positionOf(scanned.person.idNumber, finding))),
      node: { person: scanned.person, finding: seenFinding(finding, lensFor(ctx, scanned.facts)) },
    }));
    const hasNextPage = items.length > size || stoppedAtBudget;
    // Stopped at the budget, the next page starts after the last person scanned, past the last edge.
    const endCursor = stoppedAtBudget && lastConsidered != null ? encodeCursor(positionKey({ idNumber: lastConsidered, rank: AFTER_PERSON, recordKey: '' })) : (edges.at(-1)?.cursor ?? null);
    return {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: position != null, startCursor: edges[0]?.cursor ?? null, endCursor },
      totalCount: counting ? total : null,
    };
  }

  /**
   * Whether a page that is not full yet stops scanning: it has scanned its share of persons, or the
   * next chunk, as slow as the slowest so far twice over, would run past the request's deadline.
   */
  private budgetSpent(ctx: HubContext, scannedPersons: number, slowestChunkMs: number): boolean {
    if (scannedPersons >= this.limits.pagePersons) return true;
    const deadline = ctx.tally.deadline;
    return deadline !== undefined && Date.now() + 2 * slowestChunkMs > deadline;
  }
}

