/**
 * Messages between the task pane and its engine worker (worker.ts), and the pure handler the
 * worker runs. Kept apart from worker.ts so jest can run the handler in-process.
 *
 *   pane -> worker  {type: 'run', tables, options: {method?, period?, asOf?}}
 *   worker -> pane  {type: 'progress', stage, done, total}   (on each new stage, and at least
 *                                                          every 250 ms while the engine reports)
 *                   {type: 'result', run: {sheets, summary, diagnostics, hasErrors}}
 *                   {type: 'error', message}
 * Only plain data crosses: the engine's internal result holds class instances that cannot be
 * structured-cloned, and the pane needs only what it renders and writes.
 */
import type { Diagnostic, Method, PeriodKind } from '../engine/types';
import type { SheetModel, TableSource } from '../workbook/sheet';
import type { Summary } from '../workbook/summaryTypes';
import { valueWorkbook } from '../workbook/run';

export interface EngineRunOptions {
  readonly method?: Method;
  readonly period?: PeriodKind;
  readonly asOf?: number;
}

export interface RunRequest {
  readonly type: 'run';
  readonly tables: TableSource;
  readonly options: EngineRunOptions;
}

export interface PaneRun {
  readonly sheets: readonly SheetModel[];
  readonly summary: Summary;
  readonly diagnostics: readonly Diagnostic[];
  readonly hasErrors: boolean;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly stage: string; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly run: PaneRun }
  | { readonly type: 'error'; readonly message: string };

/** Longest gap between two progress posts while the engine keeps reporting. */
export const PROGRESS_INTERVAL_MS = 250;
/** Posts are spaced at least this far apart (the pane repaints no faster anyway). */
const MIN_POST_GAP_MS = 100;

/** Runs valueWorkbook and posts progress and the result through `post`. */
export function handleRunRequest(request: RunRequest, post: (message: WorkerMessage) => void, now: () => number = Date.now): void {
  let lastStage = '';
  let lastPost = -Infinity;
  const onProgress = (stage: string, done: number, total: number): void => {
    const t = now();
    if (stage !== lastStage || t - lastPost >= MIN_POST_GAP_MS || done === total) {
      lastStage = stage;
      lastPost = t;
      post({ type: 'progress', stage, done, total });
    }
  };
  try {
    const { method, period, asOf } = request.options;
    const run = valueWorkbook(request.tables, {
      ...(method === undefined ? {} : { method }),
      ...(period === undefined ? {} : { period }),
      ...(asOf === undefined ? {} : { asOf }),
      onProgress,
    });
    post({ type: 'result', run: { sheets: run.sheets, summary: run.summary, diagnostics: run.diagnostics, hasErrors: run.hasErrors } });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
