import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RecordErrorCode } from '../../../src/ingestion/record-error-code';
import { PROJECT_ROOT } from '../../../src/common/paths';

const ENUM_FILE = path.join(PROJECT_ROOT, 'src', 'ingestion', 'record-error-code.ts');

/** The paragraph of the README that lists the record error codes, up to the next blank line. */
function readmeRecordCodes(): string[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('Record error codes:');
  expect(start).toBeGreaterThanOrEqual(0);
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  return [...paragraph.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('record error codes', () => {
  it('the README lists exactly the codes of the enumeration, each once', () => {
    const listed = readmeRecordCodes();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.values(RecordErrorCode).sort());
  });

  it('no source file writes a record error code as a string of its own', () => {
    const literal = new RegExp(`['"\`](${Object.values(RecordErrorCode).join('|')})['"\`]`);
    const offenders = sourceFiles(path.join(PROJECT_ROOT, 'src'))
      .filter((file) => file !== ENUM_FILE && literal.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(PROJECT_ROOT, file));
    expect(offenders).toEqual([]);
  });
});
