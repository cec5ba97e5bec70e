// Bundles the offline GraphiQL IDE into dist/ide/: `node src/server/ide/build-ide.mjs`.
//
// Output layout (read by ide.route.ts):
//   dist/ide/index.html   template; the server replaces %HUB_IDE_ASSETS% with the
//                         assets URL and <!--HUB_IDE_CONFIG--> with the config script
//   dist/ide/assets/*     content-hashed JS/CSS/workers, safe to cache forever
import { rm, mkdir, writeFile, readdir, readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleUpToDate } from '../bundle-freshness.mjs';

const started = process.hrtime.bigint();
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const outDir = path.join(root, 'dist/ide');
const assetsDir = path.join(outDir, 'assets');

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  platform: 'browser',
  target: ['es2022'],
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  // React and graphql keep development-only checks behind this switch.
  define: { 'process.env.NODE_ENV': '"production"' },
};

// Monaco's ESM modules import their own CSS piecemeal, and esbuild would put
// the CSS of lazily loaded chunks into side files nothing ever links. graphiql's
// style.css already contains Monaco's complete editor.main.css, so drop these.
const dropMonacoCss = {
  name: 'drop-monaco-css',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      /[\\/]node_modules[\\/]monaco-editor[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'dropped-css' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'dropped-css' }, () => ({ contents: '', loader: 'empty' }));
  },
};

/** Maps each entry point's key to the base name of the file esbuild wrote for it. */
function entryOutputs(metafile, entryPoints) {
  const byInput = new Map(Object.entries(entryPoints).map(([name, input]) => [input, name]));
  const found = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const name = output.entryPoint && byInput.get(output.entryPoint);
    if (name) found[name] = { js: path.basename(file), css: output.cssBundle && path.basename(output.cssBundle) };
  }
  return found;
}

async function build() {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });

  // Classic-worker IIFEs: no module-worker support needed, and each worker is
  // self-contained, so Monaco can start it from a plain URL.
  const workerEntries = {
    'editor.worker': 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'node_modules/monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'node_modules/monaco-graphql/esm/graphql.worker.js',
  };
  const workers = await esbuild.build({ ...common, entryPoints: workerEntries, format: 'iife' });
  const w = entryOutputs(workers.metafile, workerEntries);

  const clientEntries = { ide: 'src/server/ide/client/main.tsx' };
  const client = await esbuild.build({
    ...common,
    entryPoints: clientEntries,
    format: 'esm',
    // Monaco, prettier and graphql-ws are imported lazily by graphiql; splitting
    // keeps them out of the first download.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    tsconfig: path.join(here, 'client/tsconfig.json'),
    plugins: [dropMonacoCss],
    define: {
      ...common.define,
      __HUB_IDE_WORKERS__: JSON.stringify({
        editor: w['editor.worker'].js,
        json: w['json.worker'].js,
        graphql: w['graphql.worker'].js,
      }),
    },
  });
  const ide = entryOutputs(client.metafile, clientEntries).ide;
  if (!ide?.css) throw new Error('esbuild produced no stylesheet for the IDE entry');

  await writeFile(path.join(outDir, 'index.html'), template(ide.js, ide.css));
}

function template(js, css) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>GraphiQL · Civil-affairs data hub</title>
<link rel="stylesheet" href="%HUB_IDE_ASSETS%/${css}">
<script type="module" src="%HUB_IDE_ASSETS%/${js}"></script>
</head>
<body>
<div id="graphiql"></div>
<!--HUB_IDE_CONFIG-->
</body>
</html>
`;
}

async function report() {
  let files = 0;
  let bytes = 0;
  let gzipped = 0;
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const data = await readFile(path.join(entry.parentPath ?? entry.path, entry.name));
    files += 1;
    bytes += data.length;
    gzipped += gzipSync(data, { level: 6 }).length;
  }
  const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`dist/ide: ${files} files, ${mib(bytes)} (${mib(gzipped)} gzipped) in ${seconds.toFixed(1)}s`);
}

/** Whether dist/ide is newer than everything it is made of. */
const upToDate = () => bundleUpToDate({ outDir, clientDir: path.join(here, 'client'), script: import.meta.url, root });

try {
  // npm start and npm test pass --if-changed: rebundling an unchanged IDE costs seconds on every run.
  if (process.argv.includes('--if-changed') && (await upToDate())) console.log('dist/ide: up to date');
  else {
    await build();
    await report();
  }
} catch (err) {
  // esbuild has already printed its diagnostics through logLevel.
  if (!err?.errors) console.error(err);
  process.exitCode = 1;
}
