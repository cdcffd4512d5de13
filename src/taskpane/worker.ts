/**
 * The engine's Web Worker: valuation runs here, off the UI thread. The task pane creates one per run
 * through createWorker.js ('run' messages, engineProtocol.ts) and terminates it to cancel; the INV
 * custom functions keep one of their own ('inv-view' messages, src/functions/workerProtocol.ts).
 * (The project compiles with the DOM lib, so `self` is typed as a window; the two calls used here
 * exist with these signatures on both.)
 */
import { handleRunRequest, type RunRequest, type WorkerMessage } from './engineProtocol';
import { handleViewMessage, isViewMessage, type ViewReply } from '../functions/workerProtocol';

self.addEventListener('message', (event: MessageEvent<RunRequest | unknown>) => {
  const data = event.data;
  if (isViewMessage(data)) handleViewMessage(data, (reply: ViewReply) => self.postMessage(reply));
  else if (typeof data === 'object' && data !== null && (data as RunRequest).type === 'run') handleRunRequest(data as RunRequest, (message: WorkerMessage) => self.postMessage(message));
});
