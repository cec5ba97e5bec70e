import { INGEST_CIVIL_AFFAIRS, INGEST_DISABILITY, INGEST_HUMAN_RESOURCES } from '../fixtures/documents';
import { newIdNumber, newRecordNumber } from '../fixtures/residents';
import { databasesUnderTest, startTestHub, type TestHub } from './support/test-hub';

/*
 * Names are the free text of every department's ingestion: characters that hide or reorder text
 * are refused per record with INVALID_NAME, and what is stored is NFC.
 */

const PERSON = `query($id: String!) { person(idNumber: $id) { idNumber name } }`;

describe.each(databasesUnderTest())('names on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(kind);
  });
  afterAll(() => hub?.stop());

  const person = async (id: string) => (await hub.gql(PERSON, { id })).data.person;
  const errorsOf = (report: any) => report.errors.map((e: any) => [e.list, e.index, e.field, e.code]);

  const HIDDEN: Array<[string, string]> = [
    ['right-to-left override', '张\u202E三'],
    ['left-to-right isolate', '\u2066张三\u2069'],
    ['right-to-left mark', '张三\u200F'],
    ['left-to-right embedding', '张\u202A三'],
    ['zero-width space', '张\u200B三'],
    ['zero-width joiner', '张\u200D三'],
    ['byte-order mark', '张\uFEFF三'],
    ['NUL', '张\u0000三'],
    ['line feed', '张\n三'],
    ['C1 next line', '张\u0085三'],
    ['Hangul filler', '张\u3164三'],
    ['lone surrogate', '张\uD800三'],
  ];

  test.each(HIDDEN)('a civil-affairs name with a %s is refused with INVALID_NAME; the batch\'s good record is stored', async (_what, name) => {
    const [bad, good] = [newIdNumber('120103', '1981-01-01'), newIdNumber('120103', '1982-02-02')];
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: { persons: [{ idNumber: bad, name, registeredDistrict: '120103' }, { idNumber: good, name: '张三', registeredDistrict: '120103' }] },
    });
    expect(errorsOf(res.data.ingestCivilAffairs)).toEqual([['persons', 0, 'name', 'INVALID_NAME']]);
    expect(res.data.ingestCivilAffairs.errors[0].message).toMatch(/control, formatting or invisible characters \(U\+[0-9A-F]{4,5} at character \d\)/);
    expect(await person(bad)).toBeNull();
    expect((await person(good)).name).toBe('张三');
  });

  test('human-resources and disability names are held to the same rule (WebSocket)', async () => {
    const id = newIdNumber('120104', '1970-05-05');
    const other = newIdNumber('120104', '1971-06-06');
    const hr = await hub.wsOnce({ sub: 'hr', role: 'admin' }, INGEST_HUMAN_RESOURCES, {
      input: {
        unemploymentRegistrations: [
          { registrationNumber: newRecordNumber('UR'), idNumber: id, name: '王\u202E五', district: '120104', startDate: '2025-01-01' },
          { registrationNumber: newRecordNumber('UR'), idNumber: other, name: '王五', district: '120104', startDate: '2025-01-01' },
        ],
        insuranceEnrollments: [{ idNumber: id, name: '王\u200B五', startDate: '2025-01-01', drawingBenefit: true }],
      },
    });
    expect(errorsOf(hr.data.ingestHumanResources)).toEqual([
      ['unemploymentRegistrations', 0, 'name', 'INVALID_NAME'],
      ['insuranceEnrollments', 0, 'name', 'INVALID_NAME'],
    ]);
    expect(hr.data.ingestHumanResources.accepted).toBe(1);
    const disability = await hub.gql(INGEST_DISABILITY, {
      input: { certificates: [{ certificateNumber: `${id}41`, idNumber: id, name: '王\u2067五', category: 4, grade: 1, issuedOn: '2020-01-01' }] },
    });
    expect(errorsOf(disability.data.ingestDisability)).toEqual([['certificates', 0, 'name', 'INVALID_NAME']]);
  });

  test('names are stored in NFC; ideographic variation selectors are kept', async () => {
    const [decomposed, variant] = [newIdNumber('120103', '1983-03-03'), newIdNumber('120103', '1984-04-04')];
    const res = await hub.gql(INGEST_CIVIL_AFFAIRS, {
      input: {
        persons: [
          { idNumber: decomposed, name: 'Jose\u0301 N\u0303un\u0303ez', registeredDistrict: '120103' },
          { idNumber: variant, name: '葛\u{E0100}优', registeredDistrict: '120103' },
        ],
      },
    });
    expect(res.data.ingestCivilAffairs.rejected).toBe(0);
    expect((await person(decomposed)).name).toBe('Jos\u00E9 \u00D1u\u00F1ez');
    expect((await person(variant)).name).toBe('葛\u{E0100}优');
  });
});
