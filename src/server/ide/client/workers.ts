/**
 * Monaco web workers, served from our own asset folder.
 *
 * graphiql's stock `setup-workers/*` modules rely on Vite's `?worker` imports,
 * webpack's `new URL(..., import.meta.url)` rewriting or esm.sh; esbuild does
 * none of that, so build-ide.mjs bundles each worker as its own entry point
 * and hands the hashed file names to this module through `define`.
 */
declare const __HUB_IDE_WORKERS__: { editor: string; json: string; graphql: string };

type WorkerLabel = keyof typeof __HUB_IDE_WORKERS__;

function workerUrl(label: string): string {
  const files = __HUB_IDE_WORKERS__;
  const file = label === 'json' || label === 'graphql' ? files[label as WorkerLabel] : files.editor;
  // Resolved against this bundle's own URL, so the router can be mounted under any prefix.
  return new URL(file, import.meta.url).toString();
}

export function installMonacoWorkers(): void {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    // Monaco asks getWorker before getWorkerUrl; answering here keeps these
    // classic (non-module) workers, since the bundles are self-contained IIFEs.
    getWorker: (_moduleId: string, label: string) => new Worker(workerUrl(label), { name: label }),
  };
}
