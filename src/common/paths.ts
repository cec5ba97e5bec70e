import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (where package.json is), whether running from src/ under ts or from dist/. */
export const PROJECT_ROOT: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();
