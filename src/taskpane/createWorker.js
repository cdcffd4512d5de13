// The one line that creates the engine worker. webpack 5 sees `new Worker(new URL(..., import.meta.url))`
// and bundles worker.ts as its own chunk. It lives in a .js file (typed by createWorker.d.ts) because
// the project's tsconfig compiles to CommonJS, where `import.meta` does not type-check; jest mocks it.
export function createEngineWorker() {
  return new Worker(new URL('./worker.ts', import.meta.url));
}
