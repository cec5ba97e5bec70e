import { buildSchema as buildSdl } from 'graphql';
import { applyPrivacy, schemaFields, UnclassifiedFieldsError } from '../../../src/auth/privacy/apply-privacy';
import { Pseudonyms } from '../../../src/auth/privacy/pseudonyms';
import { buildHubSchema } from '../../../src/server/schema';
import { PERSONAL_FIELDS } from '../../../src/server/personal-fields';

/*
 * Walks the schema: every field that can reach a caller has a declared personal-data kind, so a
 * new field is scoped, pseudonymised or withheld by construction — or the hub does not start.
 */
describe('personal-data kinds of the schema', () => {
  test('every field of every type is classified, and no classification is stale', async () => {
    const schema = await buildHubSchema(null);
    const fields = schemaFields(schema);
    expect(fields.filter((f) => !(f in PERSONAL_FIELDS))).toEqual([]);
    expect(Object.keys(PERSONAL_FIELDS).filter((f) => !fields.includes(f))).toEqual([]);
  });

  test('a field named like an identifier or a name is never shown as it is to analysts', () => {
    // A parameter's name is the name of a law's number, not of a person.
    const notPersons = new Set(['ParameterValue.name', 'PolicyParameter.name']);
    const identifying = Object.entries(PERSONAL_FIELDS).filter(([field]) => /(IdNumber|idNumber|Number|^[A-Za-z]+\.name|recordId)$/.test(field) && !notPersons.has(field));
    expect(identifying.length).toBeGreaterThan(20);
    const shownAsIs = identifying.filter(([, kind]) => kind === 'none' || kind === 'plain').map(([field]) => field);
    expect(shownAsIs).toEqual([]);
  });

  test('a schema with an unclassified field does not start', () => {
    const schema = buildSdl('type Query { person: Person } type Person { idNumber: String secretNote: String }');
    expect(() => applyPrivacy(schema, { 'Person.idNumber': 'id-number' }, Pseudonyms.ephemeral())).toThrow(UnclassifiedFieldsError);
    expect(() => applyPrivacy(schema, { 'Person.idNumber': 'id-number' }, Pseudonyms.ephemeral())).toThrow(/Person\.secretNote/);
  });

  test('pseudonyms are stable for one key, differ between keys and between kinds of record', () => {
    const a = new Pseudonyms('key-one-key-one-key-one-key-one-key-one');
    const b = new Pseudonyms('key-two-key-two-key-two-key-two-key-two');
    expect(a.of('person', '120101198001010012')).toBe(a.of('person', '120101198001010012'));
    expect(a.of('person', '120101198001010012')).not.toBe(b.of('person', '120101198001010012'));
    expect(a.of('household', 'X')).not.toBe(a.of('enrollment', 'X').replace(/^E/, 'H'));
    expect(a.of('person', '120101198001010012')).not.toMatch(/120101|19800101|0012/);
  });
});
