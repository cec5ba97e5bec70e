// Bundles the coverage dashboard (ECharts included) into dist/dashboard/: `node src/dashboard/build-dashboard.mjs`.
//
// Output layout (read by dashboard.route.ts):
//   dist/dashboard/index.html   template; the server replaces %HUB_DASHBOARD_ASSETS% with the
//                               assets URL and <!--HUB_DASHBOARD_CONFIG--> with the config script
//   dist/dashboard/assets/*     content-hashed JS/CSS, safe to cache forever
// `--if-changed` (npm start, npm test) skips the build when nothing it is made of is newer.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleUpToDate } from '../server/bundle-freshness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(root, 'dist/dashboard');
const assetsDir = path.join(outDir, 'assets');
const clientDir = path.join(here, 'client');

async function build() {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });
  const entry = path.join(clientDir, 'dashboard.tsx');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { dashboard: entry },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: path.join(clientDir, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const output = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint);
  if (!output?.[1].cssBundle) throw new Error('esbuild produced no stylesheet for the dashboard');
  const js = path.basename(output[0]);
  const css = path.basename(output[1].cssBundle);
  // Written last: a bundle that failed half-way is never taken for a fresh one.
  await writeFile(path.join(outDir, 'index.html'), template(js, css));
  const bytes = output[1].bytes + result.metafile.outputs[output[1].cssBundle].bytes;
  console.log(`dist/dashboard: ${(bytes / 1024).toFixed(0)} KiB in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function template(js, css) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>社会救助覆盖看板</title>
<link rel="stylesheet" href="%HUB_DASHBOARD_ASSETS%/${css}">
<script type="module" src="%HUB_DASHBOARD_ASSETS%/${js}"></script>
</head>
<body>
<div id="app"></div>
<!--HUB_DASHBOARD_CONFIG-->
</body>
</html>
`;
}

/** Whether dist/dashboard is newer than everything it is made of. */
const upToDate = () => bundleUpToDate({ outDir, clientDir, script: import.meta.url, root });

try {
  if (process.argv.includes('--if-changed') && (await upToDate())) console.log('dist/dashboard: up to date');
  else await build();
} catch (err) {
  if (!err?.errors) console.error(err);
  process.exitCode = 1;
}
