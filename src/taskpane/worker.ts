/**
 * The engine's Web Worker: valuation runs here, off the task pane's UI thread. The pane creates it
 * through createWorker.js and terminates it to cancel. (The project compiles with the DOM lib, so
 * `self` is typed as a window; the two calls used here exist with these signatures on both.)
 */
import { handleRunRequest, type RunRequest, type WorkerMessage } from './engineProtocol';

self.addEventListener('message', (event: MessageEvent<RunRequest>) => {
  if (event.data.type === 'run') handleRunRequest(event.data, (message: WorkerMessage) => self.postMessage(message));
});
