import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../common/paths';
import { buildHubSchema } from './schema';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

/** The committed SDL: sorted, so that a diff shows what changed and not where type-graphql put it. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildHubSchema(null)))}\n`;
}

if (require.main === module) {
  printHubSchema()
    .then((sdl) => {
      writeFileSync(SCHEMA_FILE, sdl);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
