/**
 * Creates the engine worker for the INV functions: dist/worker.js (webpack entry `worker`, built from
 * src/taskpane/worker.ts, the task pane's engine worker), resolved next to this bundle's own script
 * (functions.js and worker.js are served from the same folder; see manifest.xml). The URL is worked
 * out when the worker is first needed, so loading the bundle touches no DOM.
 */
export const WORKER_FILE = 'worker.js';

// document.currentScript is only set while this bundle's top level runs: remember it.
const scriptUrl: string | undefined =
  typeof document === 'object' && document !== null && document.currentScript !== null && 'src' in document.currentScript && typeof document.currentScript.src === 'string' && document.currentScript.src !== ''
    ? document.currentScript.src
    : undefined;

export function createFunctionsWorker(): Worker {
  const base = scriptUrl ?? (typeof location === 'object' && location !== null ? location.href : undefined);
  return new Worker(base === undefined ? WORKER_FILE : new URL(WORKER_FILE, base).href);
}
