/** Creates the engine worker (worker.ts) as a module chunk webpack bundles; see createWorker.js. */
export declare function createEngineWorker(): Worker;
