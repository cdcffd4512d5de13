/**
 * Messages between the task pane and its engine worker (worker.ts), and the pure handler the
 * worker runs. Kept apart from worker.ts so jest can run the handler in-process.
 *
 *   pane -> worker  {type: 'run', tables, options: {method?, period?, asOf?, locale?}}
 *   worker -> pane  {type: 'progress', stage, done, total}   (each new stage; within a stage
 *                                                          at most one post per 100 ms)
 *                   {type: 'result', run: {sheets, summary, diagnostics, hasErrors, catchUp...}}
 *                   {type: 'error', message}
 * Only plain data crosses: the engine's internal result holds class instances that cannot be
 * structured-cloned, and the pane needs only what it renders and writes.
 */
import type { Diagnostic, Method, PeriodKind } from '../engine/types';
import { plainSheets, type SheetModel, type TableSource } from '../workbook/sheet';
import type { Summary } from '../workbook/summaryTypes';
import type { CatchUpCause } from '../workbook/render/catchup';
import { valueWorkbook } from '../workbook/run';

export interface EngineRunOptions {
  readonly method?: Method;
  readonly period?: PeriodKind;
  readonly asOf?: number;
  /** The workbook's locale, for text dates in the tables (readWorkbook's ReadOptions). */
  readonly locale?: string;
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
  /** Closed periods: "3 back-dated rows changed closed periods: 412.50 caught up on 1 Apr". */
  readonly catchUpMessage?: string;
  /** The back-dated rows behind that line (table and row each), for the pane to select. */
  readonly catchUpCauses?: readonly CatchUpCause[];
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly stage: string; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly run: PaneRun }
  | { readonly type: 'error'; readonly message: string };

/** Posts are spaced at least this far apart (the pane repaints no faster anyway). */
const MIN_POST_GAP_MS = 100;

/**
 * The engine's onProgress, forwarding to `post`: every new stage and every stage end at once,
 * other reports once at least 100 ms have passed since the last post, so the pane gets news as
 * often as the engine gives it (the engine reports between stages and every 65,536 movements)
 * without flooding the message channel.
 */
export function progressForwarder(post: (message: WorkerMessage) => void, now: () => number = Date.now): (stage: string, done: number, total: number) => void {
  let lastStage = '';
  let lastPost = -Infinity;
  return (stage, done, total) => {
    const t = now();
    if (stage !== lastStage || t - lastPost >= MIN_POST_GAP_MS || done === total) {
      lastStage = stage;
      lastPost = t;
      post({ type: 'progress', stage, done, total });
    }
  };
}

/** Runs valueWorkbook and posts progress and the result through `post`. */
export function handleRunRequest(request: RunRequest, post: (message: WorkerMessage) => void, now: () => number = Date.now): void {
  const onProgress = progressForwarder(post, now);
  try {
    const { method, period, asOf, locale } = request.options;
    const run = valueWorkbook(
      request.tables,
      {
        ...(method === undefined ? {} : { method }),
        ...(period === undefined ? {} : { period }),
        ...(asOf === undefined ? {} : { asOf }),
        onProgress,
      },
      {},
      locale === undefined ? {} : { locale },
    );
    const catchUp = {
      ...(run.catchUpMessage === undefined ? {} : { catchUpMessage: run.catchUpMessage }),
      ...(run.catchUpCauses.length === 0 ? {} : { catchUpCauses: run.catchUpCauses }),
    };
    post({ type: 'result', run: { sheets: plainSheets(run.sheets), summary: run.summary, diagnostics: run.diagnostics, hasErrors: run.hasErrors, ...catchUp } });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
