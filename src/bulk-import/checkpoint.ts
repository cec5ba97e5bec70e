import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ImportCheckpoint } from './import-checkpoint.entity';

const HEAD_BYTES = 64 * 1024;

/**
 * Which file this is, cheaply: its place, size and first bytes. A full hash would cost a whole
 * extra read before the first row of a multi-gigabyte file; a file edited in place keeps its key
 * only if its size and head stay the same, and a changed file merely starts over, which the
 * natural-key upserts make safe.
 */
export async function fileKeyOf(file: string, dept: string): Promise<string> {
  const resolved = path.resolve(file);
  const { size } = await stat(resolved);
  const handle = await open(resolved, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    return createHash('sha256').update(`${dept}\0${resolved}\0${size}\0`).update(head).digest('hex');
  } finally {
    await handle.close();
  }
}

/** The last committed line of this file's import, 0 when none. */
export async function readCheckpoint(dataSource: DataSource, fileKey: string): Promise<number> {
  const row = await dataSource.getRepository(ImportCheckpoint).findOneBy({ fileKey });
  return row?.line ?? 0;
}

export async function writeCheckpoint(dataSource: DataSource, fileKey: string, dept: string, line: number): Promise<void> {
  await dataSource.getRepository(ImportCheckpoint).upsert({ fileKey, dept, line, updatedAt: new Date() }, ['fileKey']);
}
