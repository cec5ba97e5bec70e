import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether a bundle (its index.html, written last, so a build that failed half-way is never taken
 * for a fresh one) is newer than everything it is made of: the client's files, the build script
 * and the installed packages (npm rewrites its lock files whenever node_modules changes).
 */
export async function bundleUpToDate({ outDir, clientDir, script, root }) {
  const built = await stat(path.join(outDir, 'index.html')).catch(() => null);
  if (!built) return false;
  const inputs = [
    fileURLToPath(script),
    path.join(root, 'package-lock.json'),
    path.join(root, 'node_modules/.package-lock.json'),
    ...(await readdir(clientDir, { recursive: true })).map((name) => path.join(clientDir, name)),
  ];
  for (const input of inputs) {
    const changed = await stat(input).catch(() => null);
    if (changed && changed.mtimeMs > built.mtimeMs) return false;
  }
  return true;
}
