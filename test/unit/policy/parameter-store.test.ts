import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../../src/config';
import { PARAMETER_NAMES } from '../../../src/policy/parameter-names';
import { loadParameterFiles, NoValueInForceError, ParameterStore, PolicyFileError } from '../../../src/policy/parameter-store';
import { createServices } from '../../../src/server/services';

const FOLDER = loadSettings({}).HUB_POLICY_DIR;

function copyOfParameters(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-policy-'));
  cpSync(FOLDER, dir, { recursive: true });
  return dir;
}

function edit(dir: string, name: string, change: (file: any) => void): void {
  const where = path.join(dir, `${name}.json`);
  const file = JSON.parse(readFileSync(where, 'utf8'));
  change(file);
  writeFileSync(where, JSON.stringify(file));
}

describe('policy parameter files', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = copyOfParameters();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('every parameter the rules read has a valid file with a reference', () => {
    const store = ParameterStore.fromFolder(FOLDER);
    for (const name of PARAMETER_NAMES) expect(store.has(name)).toBe(true);
    for (const file of loadParameterFiles(FOLDER)) expect(file.reference.length).toBeGreaterThan(3);
  });

  test('the value in force is the latest that took effect on or before the date', () => {
    const store = ParameterStore.fromFolder(FOLDER);
    expect(store.valueOn('dibao-standard', '2020-03-31').value).toBe(980);
    expect(store.valueOn('dibao-standard', '2020-04-01').value).toBe(1010);
    expect(store.valueOn('dibao-standard', '2025-08-31').value).toBe(1010);
    expect(store.valueOn('dibao-standard', '2025-09-01')).toMatchObject({ value: 1045, effectiveFrom: '2025-09-01', status: 'SOURCED' });
    expect(() => store.valueOn('dibao-standard', '2017-03-31')).toThrow(NoValueInForceError);
  });

  test.each([
    ['overlapping values', (f: any) => f.values.push({ ...f.values[0] }), /two values take effect on 2017-04-01: they overlap/],
    ['values out of order', (f: any) => f.values.reverse(), /list values in the order they take effect/],
    ['a date that is not a date', (f: any) => (f.values[0].effectiveFrom = '2017-02-30'), /values\.0\.effectiveFrom: must be a calendar date/],
    ['a negative value', (f: any) => (f.values[0].value = -1), /values\.0\.value/],
    ['a VERIFY value without a note', (f: any) => delete f.values[3].note, /values\.3\.note: a VERIFY or ASSUMPTION value needs a note/],
    ['no reference', (f: any) => delete f.reference, /reference/],
    ['an unknown field', (f: any) => (f.valeus = []), /valeus/],
  ])('a file with %s stops the start with a message naming it', (_what, change, message) => {
    const dir = scratch();
    edit(dir, 'dibao-standard', change);
    expect(() => loadParameterFiles(dir)).toThrow(PolicyFileError);
    expect(() => loadParameterFiles(dir)).toThrow(new RegExp(`dibao-standard\\.json[\\s\\S]*${message.source}`));
  });

  test('a file whose name does not match its parameter, or that is not JSON, is refused', () => {
    const dir = scratch();
    edit(dir, 'adult-age', (f) => (f.name = 'adult-years'));
    expect(() => loadParameterFiles(dir)).toThrow(/adult-age\.json: the file of parameter "adult-years" must be named adult-years\.json/);
    const other = scratch();
    writeFileSync(path.join(other, 'tekun-elderly-age.json'), '{ "name": ');
    expect(() => loadParameterFiles(other)).toThrow(/tekun-elderly-age\.json: not valid JSON/);
  });

  test('the hub does not start when a parameter the rules read has no file', () => {
    const dir = scratch();
    rmSync(path.join(dir, 'months-without-income.json'));
    expect(() => createServices({} as never, { HUB_MAX_BATCH: 10, HUB_MAX_PAGE: 10, HUB_POLICY_DIR: dir })).toThrow(
      /no parameter file for months-without-income/,
    );
  });
});
