import fc from 'fast-check';
import { checkCharacter, composeIdNumber } from '../../src/identity/id-number';
import { addDays } from '../../src/common/local-date';
import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { ADMIN, databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Property-based fuzzing of the three ingestion mutations, over real HTTP against a real hub on
 * each database. Every run sends one to three batches that mix valid records with corrupted ones
 * (bad ID numbers, dates, amounts, names, districts, keys, certificate numbers, households without
 * a head, duplicates, wrong GraphQL types, unknown fields, wrong shapes) and checks:
 *
 *   (a) the hub never answers 5xx, always JSON with `data` or `errors`, and every error has a code
 *       that is not INTERNAL_SERVER_ERROR;
 *   (b) a report accounts for every record sent, and each error locates its record;
 *   (c) nothing of a rejected record is stored (nor of a batch refused whole);
 *   (d) every accepted record is stored, as sent.
 *
 * Generated values are templates: ID numbers and record numbers are symbolic ({ $id: 3 },
 * { $key: 'H2' }) and are made concrete per execution with fresh numbers, so every execution
 * (shrinking included) starts from keys the database has never seen: "stored before" can then only
 * mean "stored by an earlier request of the same run". A failure message carries the concrete
 * request body and the hub's answer; the counterexample fast-check prints is the template.
 *
 *   FUZZ_RUNS=500 FUZZ_SEED=42 npx jest test/integration/ingestion-fuzz.test.ts
 *
 * Record numbers that differ from another only in case ("EN1", "en1") are sent too: MySQL would
 * fold them into one record and SQLite not, so the hub refuses lower case (INVALID_KEY); this
 * fuzzing found that. FUZZ_CASE_VARIANTS=off stops sending them.
 * FUZZ_STATS=1 prints what the runs exercised (request outcomes, record error codes).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const CASE_VARIANTS = process.env.FUZZ_CASE_VARIANTS !== 'off';
const STATS = process.env.FUZZ_STATS === '1' ? new Map<string, number>() : null;
const tally = (label: string, n = 1) => STATS?.set(label, (STATS.get(label) ?? 0) + n);
/** Small, so that the larger civil-affairs batches are sometimes refused whole (BATCH_TOO_LARGE). */
const MAX_BATCH = 18;

type Rec = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Symbolic values, made concrete per execution

const ID_FAULTS = [
  'wrongCheck',
  'short',
  'long',
  'letter',
  'lowercaseX',
  'unknownAddress',
  'impossibleBirthDate',
  'futureBirthDate',
  'leadingSpace',
] as const;
type IdFault = (typeof ID_FAULTS)[number];

/** The n-th fresh ID number of the execution, corrupted by `fault` when given. */
interface IdRef {
  $id: number;
  fault?: IdFault;
}
/** A record number: the execution's fresh prefix followed by `$key`. */
interface KeyRef {
  $key: string;
}
/** A certificate number: the holder's ID number followed by `digits` (category and grade). */
interface CertRef {
  $cert: IdRef;
  digits: string;
}
/** A JSON literal written into the request body as it is (e.g. 1e400, which JSON.stringify cannot write). */
interface RawRef {
  $raw: string;
}

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Addresses of fresh ID numbers: Tianjin districts, a retired one (valid inside ID numbers) and other provinces. */
const ID_ADDRESSES = ['120101', '120102', '120104', '120106', '120110', '120113', '120116', '120119', '120107', '110105', '320102', '440304'];
let idsAllocated = 0;
let executions = 0;

function freshIdNumber(): string {
  const n = idsAllocated++;
  const days = (n * 7) % 25_000; // births from 1940 to 2008
  const sequence = Math.floor((n * 7) / 25_000) % 1000;
  return composeIdNumber(ID_ADDRESSES[n % ID_ADDRESSES.length], addDays('1940-01-01', days), sequence);
}

function withFault(id: string, fault: IdFault): string {
  const checked = (first17: string) => first17 + checkCharacter(first17);
  switch (fault) {
    case 'wrongCheck':
      return id.slice(0, 17) + (checkCharacter(id.slice(0, 17)) === '0' ? '1' : '0');
    case 'short':
      return id.slice(0, 17);
    case 'long':
      return `${id}0`;
    case 'letter':
      return `${id.slice(0, 10)}A${id.slice(11)}`;
    case 'lowercaseX':
      return `${id.slice(0, 17)}x`;
    case 'unknownAddress':
      return checked(`129999${id.slice(6, 17)}`);
    case 'impossibleBirthDate':
      return checked(`${id.slice(0, 6)}19900230${id.slice(14, 17)}`);
    case 'futureBirthDate':
      return checked(`${id.slice(0, 6)}20990101${id.slice(14, 17)}`);
    case 'leadingSpace':
      return ` ${id}`;
  }
}

/** One execution of the property: its own key prefix and its own fresh ID numbers. */
class Execution {
  readonly prefix = `F${(++executions).toString(36).toUpperCase()}-`;
  private readonly ids = new Map<number, string>();
  private readonly raws: string[] = [];

  idNumber(ref: IdRef): string {
    let id = this.ids.get(ref.$id);
    if (!id) this.ids.set(ref.$id, (id = freshIdNumber()));
    return ref.fault ? withFault(id, ref.fault) : id;
  }

  /** The template with every symbolic value replaced; raw literals become markers for `body`. */
  concrete(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.concrete(v));
    if (!isObject(value)) return value;
    if ('$id' in value) return this.idNumber(value as unknown as IdRef);
    if ('$key' in value) return this.prefix + String(value.$key);
    if ('$cert' in value) return this.idNumber(value.$cert as IdRef) + String(value.digits);
    if ('$raw' in value) return `__RAW_${this.raws.push(String(value.$raw)) - 1}__`;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.concrete(v)]));
  }

  body(query: string, input: unknown): string {
    return JSON.stringify({ query, variables: { input } }).replace(/"__RAW_(\d+)__"/g, (_, i: string) => this.raws[Number(i)]);
  }
}

// ---------------------------------------------------------------------------------------------
// Field values: valid ones, bad ones the record rules must catch, and ones of the wrong GraphQL type

const POOL = 8; // persons a batch refers to: small, so that duplicates and shared members happen
const person = fc.integer({ min: 0, max: POOL - 1 }).map((n): IdRef => ({ $id: n }));
const badIdNumber = fc.oneof(
  fc.record({ $id: fc.integer({ min: 0, max: POOL - 1 }), fault: fc.constantFrom(...ID_FAULTS) }),
  fc.constantFrom('', '12010119800101', 'not an ID number', '１２０１０１１９８００１０１００１５', '120101198001010015 ' /* padded */),
);

const dateBetween = (from: string, to: string) => {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return fc.integer({ min: 0, max: span }).map((d) => addDays(from, d));
};
const date = dateBetween('1995-01-01', '2030-12-31');
const badDate = fc.constantFrom(
  '2021-02-30',
  '2021-13-01',
  '2021-00-10',
  '',
  'garbage',
  '2021-2-3',
  '20210203',
  '0000-00-00',
  '1889-12-31',
  '2200-01-01',
  ' 2021-01-01',
  '2021-01-01T00:00:00Z',
);
/** `start` and an optional `end` on or after it. */
const period = (start: string, end: string) =>
  fc
    .tuple(date, fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }))
    .map(([from, days]): Rec => (days === undefined ? { [start]: from } : { [start]: from, [end]: addDays(from, days) }));

const money = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 500_000_00 }).map((fen) => fen / 100),
  fc.constant(999_999_999_999.99),
);
const badMoney = fc.constantFrom(-1, -0.01, 10.005, 0.001, 1e13, 1e300, Number.MAX_VALUE);
const moneyOfWrongType = fc.constantFrom<unknown>({ $raw: '1e400' }, 'NaN', '100', null, true);

const name = fc.constantFrom('王建国', '李秀英', '欧阳娜娜', '阿卜杜拉·买买提', 'Aylin Yılmaz', '名'.repeat(64), '𠮷'.repeat(64));
const badName = fc.constantFrom('', ' ', '\t', ' 王五', '王五 ', '名'.repeat(65), 'x'.repeat(200));

const DISTRICTS = ['120101', '120102', '120103', '120104', '120105', '120106', '120110', '120111', '120112', '120113', '120114', '120115', '120116', '120117', '120118', '120119'];
const district = fc.constantFrom(...DISTRICTS, '110105', '440304');
const badDistrict = fc.constantFrom('120100', '120107' /* retired */, '120120', '129999', '000000', '12010', '1201011', 'abcdef', '', ' 120101');

/** Record numbers from a small set per list, so that duplicates happen. */
const key = (tag: string) => fc.integer({ min: 1, max: 8 }).map((n): KeyRef => ({ $key: `${tag}${n}` }));
const badKey = fc.constantFrom('', ' ', 'K 1', '-K1', '.K1', 'K#1', '键1', 'K'.repeat(41));

// ---------------------------------------------------------------------------------------------
// Records: a valid template, faults the record rules must refuse, and faults the schema refuses

type Fault = fc.Arbitrary<(r: Rec) => Rec>;

const merge = (...parts: Array<fc.Arbitrary<Rec>>): fc.Arbitrary<Rec> => fc.tuple(...parts).map((ps) => Object.assign({}, ...ps) as Rec);
const set = (field: string, values: fc.Arbitrary<unknown>): Fault => values.map((v) => (r: Rec) => ({ ...r, [field]: v }));
const change = (edit: (r: Rec) => Rec): Fault => fc.constant(edit);
const drop = (field: string): Fault => change(({ [field]: _dropped, ...rest }) => rest);
const unknownField = change((r) => ({ ...r, remark: 'a field the schema does not have' }));

/**
 * Mostly valid records, some with one fault the record rules must catch, a few with one the
 * schema must catch (the whole request is then refused). Shrinking goes towards the valid record.
 */
function recordOf(valid: fc.Arbitrary<Rec>, ruleFaults: Fault[], schemaFaults: Fault[]): fc.Arbitrary<Rec> {
  const faulty = (faults: Fault[]) => fc.tuple(valid, fc.oneof(...faults)).map(([r, fault]) => fault(r));
  return fc.oneof(
    { weight: 20, arbitrary: valid },
    { weight: 12, arbitrary: faulty(ruleFaults) },
    { weight: 1, arbitrary: faulty(schemaFaults) },
  );
}

const first = (list: unknown): Rec => (Array.isArray(list) ? (list[0] as Rec) : (list as Rec));

const SITUATION_KINDS = ['DECEASED', 'DECLARED_MISSING', 'IMPRISONED', 'COMPULSORY_REHABILITATION', 'OUT_OF_CONTACT'];
const situation = merge(fc.record({ kind: fc.constantFrom(...SITUATION_KINDS) }), period('since', 'until'));

const personRecord = recordOf(
  merge(
    fc.record({ idNumber: person, name, registeredDistrict: district }),
    fc.record(
      {
        residenceDistrict: district,
        supporterStatus: fc.constantFrom('NONE', 'UNABLE', 'ABLE'),
        fatherIdNumber: person,
        motherIdNumber: person,
        situations: fc.array(situation, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    fc.option(period('residencePermitValidFrom', 'residencePermitValidUntil'), { nil: {} }),
  ),
  [
    set('idNumber', badIdNumber),
    set('name', badName),
    set('registeredDistrict', badDistrict),
    set('residenceDistrict', badDistrict),
    set('residencePermitValidFrom', badDate),
    change((r) => ({ ...r, residencePermitValidFrom: undefined, residencePermitValidUntil: '2024-01-01' })),
    change((r) => ({ ...r, residencePermitValidFrom: '2024-05-01', residencePermitValidUntil: '2024-04-30' })),
    change((r) => ({ ...r, fatherIdNumber: r.idNumber })),
    set('motherIdNumber', badIdNumber),
    set('situations', fc.constant([{ kind: 'IMPRISONED', since: '2024-01-15' }, { kind: 'IMPRISONED', since: '2024-01-15' }])),
    set('situations', badDate.map((since) => [{ kind: 'DECEASED', since }])),
    set('situations', fc.constant([{ kind: 'OUT_OF_CONTACT', since: '2024-03-01', until: '2024-02-01' }])),
    set('situations', fc.constant(Array.from({ length: 51 }, (_, i) => ({ kind: 'IMPRISONED', since: addDays('2000-01-01', i) })))),
    // An object where a list goes: GraphQL coerces it to a list of one, so this one may well be valid.
    set('situations', situation),
  ],
  [
    set('supporterStatus', fc.constantFrom('MAYBE', 'able', '')),
    set('situations', fc.constant([{ kind: 'ON_HOLIDAY', since: '2024-01-01' }])),
    set('situations', fc.constant('IMPRISONED')),
    set('idNumber', fc.constantFrom(null, 120101198001010015)),
    set('name', fc.constantFrom(null, 42, ['王五'])),
    drop('name'),
    drop('registeredDistrict'),
    unknownField,
  ],
);

const RELATIONS = ['SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER'];
const member = fc.record({ idNumber: person, relation: fc.constantFrom(...RELATIONS), monthlyIncome: money });
const members = (r: Rec) => [...(r.members as Rec[])];

const householdRecord = recordOf(
  merge(
    fc.record({ householdNumber: key('H'), registeredDistrict: district }),
    fc.record({ residenceDistrict: district }, { requiredKeys: [] }),
    fc
      .uniqueArray(member, { minLength: 1, maxLength: 4, selector: (m) => m.idNumber.$id })
      .map((ms) => ({ members: ms.map((m, i) => (i === 0 ? { ...m, relation: 'HEAD' } : m)) })),
  ),
  [
    set('householdNumber', badKey),
    set('registeredDistrict', badDistrict),
    set('residenceDistrict', badDistrict),
    change((r) => ({ ...r, members: members(r).map((m) => ({ ...m, relation: 'SPOUSE' })) })), // no head
    change((r) => ({ ...r, members: [...members(r), { idNumber: { $id: POOL }, relation: 'HEAD', monthlyIncome: 0 }] })), // two heads
    change((r) => ({ ...r, members: [...members(r), { ...members(r)[0], relation: 'OTHER' }] })), // a member twice
    change((r) => ({ ...r, members: [] })),
    change((r) => ({ ...r, members: [...members(r), ...Array.from({ length: 50 }, (_, i) => ({ idNumber: { $id: 100 + i }, relation: 'OTHER', monthlyIncome: 0 }))] })),
    badIdNumber.map((idNumber) => (r: Rec) => ({ ...r, members: [{ ...members(r)[0], idNumber }, ...members(r).slice(1)] })),
    badMoney.map((monthlyIncome) => (r: Rec) => ({ ...r, members: [...members(r).slice(0, -1), { ...members(r).at(-1), monthlyIncome }] })),
    // An object where the member list goes: coerced to a list of one (valid when it is the head).
    change((r) => ({ ...r, members: members(r)[0] })),
  ],
  [
    change((r) => ({ ...r, members: [{ ...members(r)[0], relation: 'LODGER' }, ...members(r).slice(1)] })),
    moneyOfWrongType.map((monthlyIncome) => (r: Rec) => ({ ...r, members: [{ ...members(r)[0], monthlyIncome }] })),
    change((r) => ({ ...r, members: [members(r)] })), // a list of lists
    set('members', fc.constant(null)),
    drop('members'),
    set('householdNumber', fc.constant(17)),
    unknownField,
  ],
);

const economicCheckRecord = recordOf(
  fc.record({
    householdNumber: key('H'),
    checkedOn: date,
    moneyAssets: money,
    otherPropertyValue: money,
    vehicle: fc.constantFrom('NONE', 'DISABILITY_VEHICLE_ONLY', 'OTHER_VEHICLE'),
    homes: fc.integer({ min: 0, max: 99 }),
    nonResidentialProperty: fc.boolean(),
    incomeStable: fc.boolean(),
  }),
  [
    set('householdNumber', badKey),
    set('checkedOn', badDate),
    set('moneyAssets', badMoney),
    set('otherPropertyValue', badMoney),
    set('homes', fc.constantFrom(-1, 100, 2 ** 31 - 1)),
  ],
  [
    set('homes', fc.constantFrom<unknown>('2', 1.5, 2 ** 31, { $raw: '123456789012345678901234567890' }, null)),
    set('moneyAssets', moneyOfWrongType),
    set('vehicle', fc.constantFrom('BICYCLE', 'none')),
    set('incomeStable', fc.constantFrom('no', 0)),
    drop('checkedOn'),
    unknownField,
  ],
);

const enrollmentRecord = recordOf(
  merge(
    fc.record({ enrollmentNumber: key('EN') }),
    fc.oneof(
      fc.record({ program: fc.constantFrom('DIBAO', 'LOW_INCOME'), unit: fc.constant('HOUSEHOLD'), householdNumber: key('H') }),
      fc.record({ program: fc.constantFrom('DIBAO', 'TEKUN', 'UNSUPPORTED_CHILD'), unit: fc.constant('SINGLE_PERSON'), idNumber: person }),
    ),
    period('startDate', 'endDate'),
    fc.record({ monthlyAmount: money }),
  ),
  [
    set('enrollmentNumber', badKey),
    set('program', fc.constant('TEMPORARY_ASSISTANCE')),
    change((r) => ({ ...r, unit: r.unit === 'HOUSEHOLD' ? 'SINGLE_PERSON' : 'HOUSEHOLD' })),
    change((r) => ({ ...r, householdNumber: { $key: 'H1' }, idNumber: { $id: 0 } })),
    change((r) => ({ ...r, householdNumber: undefined, idNumber: undefined })),
    change((r) => ({ ...r, startDate: '2025-05-01', endDate: '2025-04-30' })),
    set('startDate', badDate),
    set('endDate', badDate),
    set('monthlyAmount', badMoney),
    set('idNumber', badIdNumber),
    set('householdNumber', badKey),
  ],
  [set('program', fc.constantFrom('WELFARE', 'dibao')), set('unit', fc.constant(null)), set('monthlyAmount', moneyOfWrongType), drop('startDate'), unknownField],
);

const illnessRecord = recordOf(
  merge(
    fc.record({ certificationNumber: key('SI'), idNumber: person, tier: fc.constantFrom(500, 1000, 1500) }),
    period('validFrom', 'validUntil'),
  ),
  [
    set('certificationNumber', badKey),
    set('idNumber', badIdNumber),
    set('tier', fc.constantFrom(0, 750, -500, 1501)),
    set('validFrom', badDate),
    change((r) => ({ ...r, validFrom: '2025-01-02', validUntil: '2025-01-01' })),
  ],
  [set('tier', fc.constantFrom<unknown>('500', 1000.5, null)), drop('idNumber'), unknownField],
);

const paymentRecord = recordOf(
  fc.record({ paymentNumber: key('TA'), idNumber: person, paidOn: date, amount: money, kind: fc.constantFrom('EMERGENCY', 'CONTINUED') }),
  [set('paymentNumber', badKey), set('idNumber', badIdNumber), set('paidOn', badDate), set('amount', badMoney)],
  [set('kind', fc.constantFrom('ONE_OFF', null)), set('amount', moneyOfWrongType), drop('paidOn'), unknownField],
);

const registrationRecord = recordOf(
  merge(fc.record({ registrationNumber: key('UR'), idNumber: person, name, district }), period('startDate', 'endDate')),
  [
    set('registrationNumber', badKey),
    set('idNumber', badIdNumber),
    set('name', badName),
    set('district', badDistrict),
    set('startDate', badDate),
    change((r) => ({ ...r, startDate: '2025-03-01', endDate: '2025-02-28' })),
  ],
  [set('district', fc.constantFrom<unknown>(120101, null)), drop('name'), unknownField],
);

/** Start dates from a small set now and then, so that person + start date keys repeat. */
const insuranceStart = fc.oneof(fc.constantFrom('2020-01-01', '2021-07-01'), date);
const insuranceRecord = recordOf(
  fc
    .record({
      idNumber: person,
      name,
      startDate: insuranceStart,
      days: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
      drawingBenefit: fc.boolean(),
    })
    .map(({ days, ...r }): Rec => (days === undefined ? r : { ...r, endDate: addDays(r.startDate, days) })),
  [
    set('idNumber', badIdNumber),
    set('name', badName),
    set('startDate', badDate),
    set('endDate', badDate),
    change((r) => ({ ...r, startDate: '2020-01-01', endDate: '2019-12-31' })),
  ],
  [set('drawingBenefit', fc.constantFrom<unknown>('yes', null)), drop('startDate'), unknownField],
);

const month = fc.integer({ min: 0, max: 12 * 8 - 1 }).map((m) => `${2018 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
const incomeRecord = recordOf(
  fc.record({ idNumber: person, month, amount: money }),
  [
    set('idNumber', badIdNumber),
    set('month', fc.constantFrom('2021-13', '2021-00', '2021-1', '1949-12', '', 'garbage', '2021-01-01', ' 2021-01')),
    set('amount', badMoney),
  ],
  [set('month', fc.constantFrom<unknown>(202101, null)), set('amount', moneyOfWrongType), unknownField],
);

const certificateRecord = recordOf(
  fc
    .record({
      holder: fc.integer({ min: 0, max: POOL - 1 }),
      category: fc.integer({ min: 1, max: 7 }),
      grade: fc.integer({ min: 1, max: 4 }),
      name,
      issued: period('issuedOn', 'validUntil'),
      revokedAfter: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    })
    .map(({ holder, category, grade, name, issued, revokedAfter }): Rec => ({
      certificateNumber: { $cert: { $id: holder }, digits: `${category}${grade}` },
      idNumber: { $id: holder },
      name,
      category,
      grade,
      ...issued,
      ...(revokedAfter === undefined ? {} : { revokedOn: addDays(issued.issuedOn as string, revokedAfter) }),
    })),
  [
    change((r) => ({ ...r, certificateNumber: { ...(r.certificateNumber as CertRef), $cert: { $id: POOL } } })), // another person's number
    change((r) => ({ ...r, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${((r.category as number) % 7) + 1}${r.grade}` } })),
    change((r) => ({ ...r, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${r.category}${((r.grade as number) % 4) + 1}` } })),
    change((r) => ({ ...r, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${r.category}` } })), // 19 characters
    change((r) => ({ ...r, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${r.category}${r.grade}0` } })), // 21
    fc.constantFrom(0, 8, 9).map((category) => (r: Rec) => ({ ...r, category, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${category}${r.grade}` } })),
    fc.constantFrom(0, 5, 9).map((grade) => (r: Rec) => ({ ...r, grade, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `${r.category}${grade}` } })),
    change((r) => ({ ...r, category: 10, certificateNumber: { ...(r.certificateNumber as CertRef), digits: `10${r.grade}` } })),
    fc.constantFrom(...ID_FAULTS).map((fault) => (r: Rec) => {
      const holder = { $id: (r.idNumber as IdRef).$id, fault };
      return { ...r, idNumber: holder, certificateNumber: { ...(r.certificateNumber as CertRef), $cert: holder } };
    }),
    set('idNumber', badIdNumber),
    set('name', badName),
    set('issuedOn', badDate),
    change((r) => ({ ...r, issuedOn: '2020-06-01', validUntil: '2020-05-31' })),
    change((r) => ({ ...r, issuedOn: '2020-06-01', revokedOn: '2019-01-01' })),
  ],
  [set('category', fc.constantFrom<unknown>('4', 4.5, null)), set('grade', fc.constant(null)), drop('issuedOn'), unknownField],
);

// ---------------------------------------------------------------------------------------------
// Lists, batches and requests

/** Lower-cases the record numbers of a record (a key that differs from another only in case). */
function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (!isObject(value)) return value;
  if ('$key' in value) return { $key: String(value.$key).toLowerCase() };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowerCaseKeys(v)]));
}

/** Up to `maxLength` records, then up to two copies of earlier ones (exact, or with keys in lower case). */
function listOf(record: fc.Arbitrary<Rec>, maxLength: number): fc.Arbitrary<Rec[]> {
  return fc
    .tuple(fc.array(record, { maxLength }), fc.array(fc.record({ of: fc.nat(), lowerCase: fc.boolean() }), { maxLength: 2 }))
    .map(([records, copies]) =>
      records.length === 0
        ? records
        : [...records, ...copies.map(({ of, lowerCase }) => (lowerCase && CASE_VARIANTS ? lowerCaseKeys(records[of % records.length]) : records[of % records.length]) as Rec)],
    );
}

type Mutation = 'ingestCivilAffairs' | 'ingestHumanResources' | 'ingestDisability';

const DOCUMENT: Record<Mutation, string> = {
  ingestCivilAffairs: INGEST_CIVIL_AFFAIRS,
  ingestHumanResources: INGEST_HUMAN_RESOURCES,
  ingestDisability: INGEST_DISABILITY,
};

const LISTS: Record<Mutation, string[]> = {
  ingestCivilAffairs: ['persons', 'households', 'economicChecks', 'enrollments', 'seriousIllnessCertifications', 'temporaryAssistancePayments'],
  ingestHumanResources: ['unemploymentRegistrations', 'insuranceEnrollments', 'incomeMonths'],
  ingestDisability: ['certificates'],
};

/** A list as GraphQL coerces it: a single value stands for a list of one. */
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value == null ? [] : [value]);

/** Shapes the schema must refuse (but one: an object where a list goes is coerced to a list of one). */
function shapeFault(lists: string[]): Fault {
  const list = fc.constantFrom(...lists);
  return fc.oneof(
    change((b) => [b] as unknown as Rec), // a list where the batch goes
    fc.constantFrom<unknown>('persons', 42, null, true).map((v) => () => v as Rec),
    list.map((l) => (b: Rec) => ({ ...b, [l]: 'oops' })),
    list.map((l) => (b: Rec) => ({ ...b, [l]: [null] })),
    list.map((l) => (b: Rec) => ({ ...b, [l]: [asList(b[l])] })), // a list of lists
    list.map((l) => (b: Rec) => ({ ...b, [l]: asList(b[l])[0] ?? {} })), // an object where the list goes
    change((b) => ({ ...b, unknownList: [] })),
  );
}

function batchOf(mutation: Mutation, lists: Record<string, fc.Arbitrary<Rec[]>>) {
  const batch = fc.record(lists, { requiredKeys: [] }) as fc.Arbitrary<Rec>;
  const input = fc.oneof(
    { weight: 12, arbitrary: batch },
    { weight: 1, arbitrary: fc.tuple(batch, shapeFault(LISTS[mutation])).map(([b, fault]) => fault(b)) },
  );
  return input.map((i) => ({ mutation, input: i as unknown }));
}

const civilAffairsRequest = batchOf('ingestCivilAffairs', {
  persons: listOf(personRecord, 6),
  households: listOf(householdRecord, 3),
  economicChecks: listOf(economicCheckRecord, 3),
  enrollments: listOf(enrollmentRecord, 3),
  seriousIllnessCertifications: listOf(illnessRecord, 2),
  temporaryAssistancePayments: listOf(paymentRecord, 3),
});
const humanResourcesRequest = batchOf('ingestHumanResources', {
  unemploymentRegistrations: listOf(registrationRecord, 4),
  insuranceEnrollments: listOf(insuranceRecord, 4),
  incomeMonths: listOf(incomeRecord, 5),
});
const disabilityRequest = batchOf('ingestDisability', { certificates: listOf(certificateRecord, 6) });

type IngestRequest = { mutation: Mutation; input: unknown };
const ingestRequest: fc.Arbitrary<IngestRequest> = fc.oneof(civilAffairsRequest, humanResourcesRequest, disabilityRequest);

/**
 * One run: one to three requests, in order, sharing the execution's ID numbers and record numbers.
 * Empty runs are skipped (fc.pre) rather than excluded by minLength: 1, so that shrinking can drop any request.
 */
const run = fc.array(ingestRequest, { maxLength: 3 });

// ---------------------------------------------------------------------------------------------
// Where each list is stored, and the state of a record's rows

interface Storage {
  table: string;
  key: string[];
  /** Rows written with the record, replaced with it: table and the column naming their parent. */
  children?: { table: string; parent: string; fields: string[]; of: (r: Rec) => Rec[] | null };
}

const STORAGE: Record<string, Storage> = {
  persons: {
    table: 'ca_person',
    key: ['idNumber'],
    children: { table: 'ca_person_situation', parent: 'idNumber', fields: ['kind', 'since', 'until'], of: (r) => (r.situations == null ? null : (asList(r.situations) as Rec[])) },
  },
  households: {
    table: 'ca_household',
    key: ['householdNumber'],
    children: { table: 'ca_household_member', parent: 'householdNumber', fields: ['idNumber', 'relation', 'monthlyIncome'], of: (r) => asList(r.members) as Rec[] },
  },
  economicChecks: { table: 'ca_economic_check', key: ['householdNumber', 'checkedOn'] },
  enrollments: { table: 'ca_assistance_enrollment', key: ['enrollmentNumber'] },
  seriousIllnessCertifications: { table: 'ca_serious_illness_certification', key: ['certificationNumber'] },
  temporaryAssistancePayments: { table: 'ca_temporary_assistance_payment', key: ['paymentNumber'] },
  unemploymentRegistrations: { table: 'hr_unemployment_registration', key: ['registrationNumber'] },
  insuranceEnrollments: { table: 'hr_insurance_enrollment', key: ['idNumber', 'startDate'] },
  incomeMonths: { table: 'hr_income_month', key: ['idNumber', 'month'] },
  certificates: { table: 'dis_certificate', key: ['certificateNumber'] },
};
const DATA_TABLES = [...new Set(Object.values(STORAGE).flatMap((s) => [s.table, ...(s.children ? [s.children.table] : [])]))];

type Row = Record<string, unknown>;
/** A record's rows: its own (null when absent) and its children's, each as sorted JSON. */
interface RecordState {
  row: Row | null;
  children: string[];
}

/** The natural key of a record exactly as the hub compares it, or null when a part is not a string. */
function keyOf(list: string, record: unknown): string | null {
  if (!isObject(record)) return null;
  const parts = STORAGE[list].key.map((k) => record[k]);
  return parts.every((p) => typeof p === 'string') ? JSON.stringify(parts) : null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const canonical = (row: Row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The stored state of every record of `records` that has a key. Rows are fetched by the first key
 * column and matched exactly here: MySQL's collation compares keys case-insensitively, the hub does not.
 */
async function statesOf(hub: TestHub, list: string, records: unknown[]): Promise<Map<string, RecordState>> {
  const storage = STORAGE[list];
  const keys = [...new Set(records.map((r) => keyOf(list, r)).filter((k): k is string => k !== null))];
  const states = new Map<string, RecordState>(keys.map((k) => [k, { row: null, children: [] }]));
  const firsts = [...new Set(keys.map((k) => (JSON.parse(k) as string[])[0]))];
  if (firsts.length === 0) return states;
  const rows: Row[] = await hub.dataSource.query(`SELECT * FROM ${storage.table} WHERE ${storage.key[0]} IN (${placeholders(firsts.length)})`, firsts);
  for (const row of rows) {
    const k = JSON.stringify(storage.key.map((c) => row[c]));
    const state = states.get(k);
    if (state) state.row = row;
  }
  if (storage.children) {
    const { table, parent } = storage.children;
    const children: Row[] = await hub.dataSource.query(`SELECT * FROM ${table} WHERE ${parent} IN (${placeholders(firsts.length)})`, firsts);
    for (const child of children) states.get(JSON.stringify([child[parent]]))?.children.push(canonical(child));
    for (const state of states.values()) state.children.sort();
  }
  return states;
}

async function tableCounts(hub: TestHub): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DATA_TABLES) counts[table] = Number((await hub.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// One request over HTTP, and what it changed

interface IngestErrorShape {
  list: unknown;
  index: unknown;
  key: unknown;
  field: unknown;
  code: unknown;
  message: unknown;
}
interface Report {
  accepted: number;
  rejected: number;
  errors: IngestErrorShape[];
}

interface Exchange {
  mutation: Mutation;
  /** The input as sent (raw literals show as markers). */
  input: unknown;
  body: string;
  status: number;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: Array<{ message?: string; extensions?: Record<string, unknown> }> } | null;
  /** Each list as GraphQL coerces it (empty when the input is not an object). */
  lists: Record<string, unknown[]>;
  before?: Record<string, Map<string, RecordState>>;
  after?: Record<string, Map<string, RecordState>>;
  countsBefore?: Record<string, number>;
  countsAfter?: Record<string, number>;
}

function listsOf(mutation: Mutation, input: unknown): Record<string, unknown[]> {
  return Object.fromEntries(LISTS[mutation].map((l) => [l, isObject(input) ? asList(input[l]) : []]));
}

async function statesOfLists(hub: TestHub, lists: Record<string, unknown[]>) {
  const out: Record<string, Map<string, RecordState>> = {};
  for (const [list, records] of Object.entries(lists)) out[list] = await statesOf(hub, list, records);
  return out;
}

async function exchange(hub: TestHub, token: string, execution: Execution, request: IngestRequest, observeRows: boolean): Promise<Exchange> {
  const input = execution.concrete(request.input);
  const lists = listsOf(request.mutation, input);
  const body = execution.body(DOCUMENT[request.mutation], input);
  const before = observeRows ? await statesOfLists(hub, lists) : undefined;
  const countsBefore = observeRows ? await tableCounts(hub) : undefined;
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  let json: Exchange['json'] = null;
  try {
    json = JSON.parse(text) as Exchange['json'];
  } catch {
    json = null;
  }
  const after = observeRows ? await statesOfLists(hub, lists) : undefined;
  const countsAfter = observeRows ? await tableCounts(hub) : undefined;
  const x: Exchange = { mutation: request.mutation, input, body, status: response.status, text, json, lists, before, after, countsBefore, countsAfter };
  if (STATS) {
    const report = reportOf(x);
    tally(`${request.mutation}: ${report ? 'report' : `refused whole (${String(json?.errors?.[0]?.extensions?.code)}, HTTP ${response.status})`}`);
    if (report) tally('records accepted', report.accepted);
    for (const e of report?.errors ?? []) tally(`record error ${String(e.code)}`);
  }
  return x;
}

const reportOf = (x: Exchange): Report | null => (x.json?.data?.[x.mutation] as Report | null | undefined) ?? null;

/** A failed check, with the concrete request and the answer, so that the shrunk failure can be replayed by hand. */
function fail(x: Exchange, property: string, problem: string): never {
  const clip = (s: string, n = 6000) => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);
  throw new Error(`${property}: ${problem}\n  ${x.mutation}, HTTP ${x.status}\n  request body: ${clip(x.body)}\n  answer: ${clip(x.text, 3000)}`);
}

/** For every record of the report, whether it was accepted; keys of the accepted records per list. */
function verdicts(x: Exchange, report: Report) {
  const rejected = new Set(report.errors.map((e) => `${String(e.list)}#${String(e.index)}`));
  const accepted: Record<string, Set<string>> = {};
  for (const [list, records] of Object.entries(x.lists)) {
    accepted[list] = new Set(records.filter((_, i) => !rejected.has(`${list}#${i}`)).map((r) => keyOf(list, r)).filter((k): k is string => k !== null));
  }
  return { isRejected: (list: string, index: number) => rejected.has(`${list}#${index}`), acceptedKeys: accepted };
}

// ---------------------------------------------------------------------------------------------
// The properties

const A = '(a) never a 5xx, always JSON with data or errors, no INTERNAL_SERVER_ERROR';
const B = '(b) a report accounts for every record sent';
const C = '(c) nothing of a rejected record is stored';
const D = '(d) every accepted record is stored as sent';

function checkAnswer(x: Exchange): void {
  if (x.status >= 500) fail(x, A, `HTTP status ${x.status}`);
  if (!isObject(x.json)) fail(x, A, 'the body is not a JSON object');
  if (!('data' in x.json) && !('errors' in x.json)) fail(x, A, 'the body has neither data nor errors');
  for (const error of x.json.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || code === '') fail(x, A, `an error without extensions.code: ${JSON.stringify(error)}`);
    if (code === 'INTERNAL_SERVER_ERROR') fail(x, A, `INTERNAL_SERVER_ERROR: ${error.message}`);
  }
  if (!reportOf(x) && !(x.json.errors?.length)) fail(x, A, 'neither a report nor an error');
}

function checkReport(x: Exchange): void {
  const report = reportOf(x);
  if (!report) return;
  const sent = Object.values(x.lists).reduce((n, records) => n + records.length, 0);
  if (report.accepted + report.rejected !== sent) fail(x, B, `accepted ${report.accepted} + rejected ${report.rejected} ≠ ${sent} records sent`);
  if (report.errors.length !== report.rejected) fail(x, B, `${report.errors.length} errors for ${report.rejected} rejected`);
  const seen = new Set<string>();
  for (const e of report.errors) {
    const where = JSON.stringify(e);
    if (typeof e.list !== 'string' || !(e.list in x.lists)) fail(x, B, `error for an unknown list: ${where}`);
    if (!Number.isInteger(e.index) || (e.index as number) < 0 || (e.index as number) >= x.lists[e.list].length) fail(x, B, `error index out of its list: ${where}`);
    if (typeof e.field !== 'string') fail(x, B, `error without a field: ${where}`);
    if (typeof e.code !== 'string' || !/^[A-Za-z_]+$/.test(e.code)) fail(x, B, `error without a code: ${where}`);
    if (typeof e.message !== 'string' || e.message === '') fail(x, B, `error without a message: ${where}`);
    if (e.key !== null && typeof e.key !== 'string') fail(x, B, `error key is neither a string nor null: ${where}`);
    if (seen.has(`${e.list}#${e.index}`)) fail(x, B, `two errors for one record: ${where}`);
    seen.add(`${e.list}#${e.index}`);
  }
}

const describeState = (s: RecordState | undefined) => JSON.stringify(s ?? null);

function checkNothingRejectedStored(x: Exchange): void {
  const before = x.before!;
  const after = x.after!;
  const report = reportOf(x);
  if (!report) {
    // Refused as a whole: no row of the batch's records changed, no row was added anywhere.
    for (const list of Object.keys(x.lists)) {
      for (const [k, state] of after[list]) {
        if (describeState(state) !== describeState(before[list].get(k))) {
          fail(x, C, `the request was refused whole, yet ${list} ${k} changed: ${describeState(before[list].get(k))} → ${describeState(state)}`);
        }
      }
    }
    if (JSON.stringify(x.countsAfter) !== JSON.stringify(x.countsBefore)) {
      fail(x, C, `the request was refused whole, yet rows were written: ${JSON.stringify(x.countsBefore)} → ${JSON.stringify(x.countsAfter)}`);
    }
    return;
  }
  const { isRejected, acceptedKeys } = verdicts(x, report);
  for (const [list, records] of Object.entries(x.lists)) {
    records.forEach((record, index) => {
      if (!isRejected(list, index)) return;
      const k = keyOf(list, record);
      if (k === null || acceptedKeys[list].has(k)) return; // a record of the same key was accepted: its rows are its own
      const was = before[list].get(k)!;
      const is = after[list].get(k)!;
      if (!was.row && is.row) fail(x, C, `${list}[${index}] was rejected, yet ${STORAGE[list].table} now holds ${k}`);
      if (describeState({ row: was.row, children: [] }) !== describeState({ row: is.row, children: [] })) {
        fail(x, C, `${list}[${index}] was rejected, yet its stored row changed: ${JSON.stringify(was.row)} → ${JSON.stringify(is.row)}`);
      }
      // Children of a rejected record: none added (an accepted household elsewhere may take members away).
      const added = is.children.filter((c) => !was.children.includes(c));
      if (added.length > 0) fail(x, C, `${list}[${index}] was rejected, yet ${STORAGE[list].children!.table} gained ${added.join(', ')}`);
    });
  }
}

/** Whether a stored value is the value sent (numbers and booleans as numbers; dates and text exactly). */
function sameValue(stored: unknown, sent: unknown): boolean {
  if (typeof sent === 'number' || typeof sent === 'boolean') return stored !== null && Number(stored) === Number(sent);
  return stored === sent;
}

function checkAcceptedStored(x: Exchange): void {
  const report = reportOf(x);
  if (!report) return;
  const { isRejected } = verdicts(x, report);
  for (const [list, records] of Object.entries(x.lists)) {
    const storage = STORAGE[list];
    records.forEach((record, index) => {
      if (isRejected(list, index)) return;
      const k = keyOf(list, record);
      if (k === null || !isObject(record)) fail(x, D, `${list}[${index}] was accepted without a readable key`);
      const state = x.after![list].get(k)!;
      if (!state.row) fail(x, D, `${list}[${index}] was accepted, yet ${storage.table} has no row ${k}`);
      for (const [field, value] of Object.entries(record)) {
        if (value === undefined || isObject(value) || Array.isArray(value) || value === null) continue;
        if (!sameValue(state.row[field], value)) {
          fail(x, D, `${list}[${index}] was accepted, yet ${storage.table}.${field} of ${k} is ${JSON.stringify(state.row[field])}, not ${JSON.stringify(value)}`);
        }
      }
      const sentChildren = storage.children?.of(record);
      if (storage.children && sentChildren) {
        const { fields } = storage.children;
        const norm = (c: Rec) => JSON.stringify(fields.map((f) => (c[f] == null ? null : f === 'monthlyIncome' ? Number(c[f]) : String(c[f]))));
        const stored = state.children.map((c) => norm(Object.fromEntries(JSON.parse(c) as Array<[string, unknown]>))).sort();
        const sent = sentChildren.map(norm).sort();
        if (JSON.stringify(stored) !== JSON.stringify(sent)) {
          fail(x, D, `${list}[${index}] was accepted, yet ${storage.children.table} of ${k} holds ${stored.join(' ')} instead of ${sent.join(' ')}`);
        }
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------

describe.each(databasesUnderTest())('ingestion fuzzing on %s', (kind) => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub(kind, { HUB_MAX_BATCH: String(MAX_BATCH) });
    token = await hub.token(ADMIN);
  });
  afterAll(async () => {
    await hub?.stop();
    if (STATS) console.log([...STATS].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${String(n).padStart(6)}  ${k}`).join('\n'));
  });

  /** Runs `check` on every answer of every generated run. */
  const holds = (check: (x: Exchange) => void, observeRows: boolean) =>
    fc.assert(
      fc.asyncProperty(run, async (requests) => {
        fc.pre(requests.length > 0);
        const execution = new Execution();
        for (const request of requests) check(await exchange(hub, token, execution, request, observeRows));
      }),
      { numRuns: RUNS, seed: SEED },
    );

  test(A, () => holds(checkAnswer, false), 180_000);
  test(B, () => holds(checkReport, false), 180_000);
  test(`${C}, and a request refused whole stores nothing`, () => holds(checkNothingRejectedStored, true), 180_000);
  test(D, () => holds(checkAcceptedStored, true), 180_000);
});
