/**
 * The run's state machine, outside React: read the tables, value them in the worker, write every
 * generated sheet through the host, with progress and Cancel at each step.
 *
 *   idle -> reading -> valuing -> writing -> done
 *                 \-------- \--------- \---> cancelled | failed
 *                             \-> blocked -(writeAnyway)-> writing -> done
 * A run whose input has errors writes nothing, as the command line refuses to (SPEC 9: exit 1, no
 * output): it stops in `blocked` with the results in view, and writes only when the user chooses
 * writeAnyway (the figures then leave the error rows out, and the pane says "incomplete").
 * Cancel while valuing terminates the worker (nothing was written); while writing it stops between
 * chunks: sheets already swapped in are complete, the one in progress is discarded by the adapter,
 * so the workbook never holds a half-written sheet under its final name.
 */
import { rowCount, type TableSource } from '../workbook/sheet';
import type { EngineRunOptions, PaneRun } from './engineProtocol';
import { startEngine, type EngineJob, type EngineProgress } from './engineClient';
import type { HostWriteResult, PerpetuaHost } from './host';
import { errorView } from './runView';
import { createStore, type Store } from './store';

export type RunPhase = 'idle' | 'reading' | 'valuing' | 'blocked' | 'writing' | 'done' | 'cancelled' | 'failed';

export interface RunProgress {
  /** Engine stage (prepare, value, post...) or the sheet being written. */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

export interface RunState {
  readonly phase: RunPhase;
  readonly progress?: RunProgress;
  /** The engine's output of the latest run that got that far. */
  readonly run?: PaneRun;
  readonly written?: HostWriteResult;
  readonly error?: string;
  /** Which step the cancel stopped (for the message). */
  readonly cancelledDuring?: 'reading' | 'valuing' | 'writing';
}

export type EngineStarter = (tables: TableSource, options: EngineRunOptions, onProgress: (p: EngineProgress) => void) => EngineJob;

export interface RunRequestOptions extends EngineRunOptions {
  /** Changes the tables for this run only (e.g. the migration cut-over date). */
  readonly transformTables?: (tables: TableSource) => TableSource;
  /** Write every generated sheet (the Run panel) or nothing (a preview). Default true. */
  readonly write?: boolean;
}

export class RunController {
  readonly state: Store<RunState> = createStore<RunState>({ phase: 'idle' });
  private job: EngineJob | undefined;
  private cancelRequested = false;
  /** Resolves when Cancel is pressed, so a run never waits on an engine that ignores it. */
  private cancelled: Promise<void> = Promise.resolve();
  private signalCancel: () => void = () => undefined;

  constructor(
    private readonly host: PerpetuaHost,
    private readonly engine: EngineStarter = startEngine,
  ) {}

  get busy(): boolean {
    const p = this.state.get().phase;
    return p === 'reading' || p === 'valuing' || p === 'writing';
  }

  async start(request: RunRequestOptions = {}): Promise<RunState> {
    if (this.busy) return this.state.get();
    this.cancelRequested = false;
    this.cancelled = new Promise((resolve) => {
      this.signalCancel = resolve;
    });
    const { transformTables, write = true, ...engineOptions } = request;
    this.state.set({ phase: 'reading', progress: { stage: 'Reading tables', done: 0, total: 1 } });
    try {
      const read = await this.host.readTables();
      if (this.cancelRequested) return this.finishCancelled('reading');
      const tables = transformTables === undefined ? read : transformTables(read);
      this.state.set({ phase: 'valuing', progress: { stage: 'read', done: 0, total: 1 } });
      const locale = engineOptions.locale ?? this.host.locale?.();
      this.job = this.engine(tables, locale === undefined ? engineOptions : { ...engineOptions, locale }, (p) => {
        if (this.state.get().phase === 'valuing') this.state.update((s) => ({ ...s, progress: p }));
      });
      const outcome = await Promise.race([this.job.outcome, this.cancelled.then(() => ({ status: 'cancelled' as const }))]);
      this.job = undefined;
      if (outcome.status === 'cancelled' || this.cancelRequested) return this.finishCancelled('valuing');
      const run = outcome.run;
      if (!write) return this.finish({ phase: 'done', run });
      if (errorView(run.diagnostics).errors > 0) return this.finish({ phase: 'blocked', run });
      return await this.write(run);
    } catch (error) {
      this.job = undefined;
      return this.finish({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** After a blocked run: the user chose to write it with its error rows left out. */
  async writeAnyway(): Promise<RunState> {
    const s = this.state.get();
    if (s.phase !== 'blocked' || s.run === undefined) return s;
    this.cancelRequested = false;
    try {
      return await this.write(s.run);
    } catch (error) {
      return this.finish({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async write(run: PaneRun): Promise<RunState> {
    const total = run.sheets.reduce((n, s) => n + s.tables.reduce((m, t) => m + rowCount(t), 0), 0);
    this.state.set({ phase: 'writing', run, progress: { stage: run.sheets[0]?.sheetName ?? 'sheets', done: 0, total } });
    const written = await this.host.writeSheets(run.sheets, {
      onProgress: (p) => this.state.update((s) => ({ ...s, progress: { stage: p.sheetName, done: p.rowsWritten, total: p.totalRows } })),
      isCancelled: () => this.cancelRequested,
    });
    if (written.status === 'cancelled') return this.finish({ phase: 'cancelled', run, written, cancelledDuring: 'writing' });
    return this.finish({ phase: 'done', run, written });
  }

  cancel(): void {
    if (!this.busy) return;
    this.cancelRequested = true;
    this.job?.cancel();
    this.signalCancel();
  }

  private finishCancelled(during: 'reading' | 'valuing'): RunState {
    return this.finish({ phase: 'cancelled', cancelledDuring: during });
  }

  private finish(next: RunState): RunState {
    this.state.set(next);
    return next;
  }
}
