/**
 * Stands in for the engine's Web Worker under jest (jsdom has no Worker): same messages, the real
 * handler, run on a later macrotask; terminate() drops everything after it, like a real worker.
 */
import { handleRunRequest, type RunRequest, type WorkerMessage } from '../../src/taskpane/engineProtocol';

export class InProcessWorker {
  onmessage: ((event: { data: WorkerMessage }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  terminated = false;
  static created: InProcessWorker[] = [];

  constructor() {
    InProcessWorker.created.push(this);
  }

  postMessage(request: RunRequest): void {
    setTimeout(() => {
      if (this.terminated) return;
      handleRunRequest(request, (message) => {
        if (!this.terminated) this.onmessage?.({ data: message });
      });
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}
