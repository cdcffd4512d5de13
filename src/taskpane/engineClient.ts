/**
 * Runs the engine in its worker and turns the messages into a promise plus progress callbacks.
 * Cancel terminates the worker at once (the engine holds no workbook state, so nothing is left
 * half done).
 */
import { createEngineWorker } from './createWorker';
import type { EngineRunOptions, PaneRun, WorkerMessage } from './engineProtocol';
import type { TableSource } from '../workbook/sheet';

export interface EngineProgress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

export type EngineOutcome = { readonly status: 'done'; readonly run: PaneRun } | { readonly status: 'cancelled' };

export interface EngineJob {
  readonly outcome: Promise<EngineOutcome>;
  cancel(): void;
}

export function startEngine(tables: TableSource, options: EngineRunOptions, onProgress: (p: EngineProgress) => void): EngineJob {
  const worker = createEngineWorker();
  let settle: ((o: EngineOutcome) => void) | undefined;
  let fail: ((e: Error) => void) | undefined;
  const outcome = new Promise<EngineOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const finish = (): void => {
    worker.terminate();
    settle = undefined;
    fail = undefined;
  };
  worker.onmessage = (event: MessageEvent<WorkerMessage>): void => {
    const message = event.data;
    if (message.type === 'progress') {
      onProgress({ stage: message.stage, done: message.done, total: message.total });
    } else if (message.type === 'result') {
      settle?.({ status: 'done', run: message.run });
      finish();
    } else {
      fail?.(new Error(message.message));
      finish();
    }
  };
  worker.onerror = (event: ErrorEvent): void => {
    fail?.(new Error(event.message || 'The engine worker failed to start.'));
    finish();
  };
  worker.postMessage({ type: 'run', tables, options });
  return {
    outcome,
    cancel(): void {
      settle?.({ status: 'cancelled' });
      finish();
    },
  };
}
