/**
 * One call that every host makes: tables in, everything out. The CLI, the Excel task pane's worker
 * and the custom functions all go through here (or through readWorkbook + runWithCatchUp when they need only
 * part of it), so a number cannot differ between hosts.
 *
 *   read (cells -> typed inputs + diagnostics) -> runWithCatchUp (runEngine, closed periods kept
 *   closed when Settings ClosedThrough is set) -> render sheets -> summary JSON
 */
import { runWithCatchUp, type ClosedBooksResult } from '../engine/catchup';
import { CancelledError } from '../engine/pipeline';
import type { Diagnostic, Inputs, RunOptions } from '../engine/types';
import { readWorkbook, type ReadOptions, type ReadResult } from './read';
import { renderSheets } from './render';
import { catchUpCauses, catchUpMessage, type CatchUpCause } from './render/catchup';
import type { EmptyReport, SheetModel, TableSource } from './sheet';
import { buildSummary } from './summary';
import type { Summary, SummaryPeriod } from './summaryTypes';
import { periodSection } from './periods';

export interface WorkbookRun {
  readonly inputs: Inputs;
  readonly result: ClosedBooksResult;
  /** Every generated sheet, in the order they should appear (none when not wanted). */
  readonly sheets: readonly SheetModel[];
  /** Reports that had no rows and were not created (also listed on the Diagnostics sheet). */
  readonly emptyReports: readonly EmptyReport[];
  readonly summary: Summary;
  /** Reader and engine diagnostics together, in table/row order. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when any diagnostic is an error (the CLI exits 1 and writes no file). */
  readonly hasErrors: boolean;
  /** "3 back-dated rows changed closed periods: 412.50 caught up on 1 Apr" (ClosedThrough set), else undefined. */
  readonly catchUpMessage: string | undefined;
  /** The back-dated rows that changed closed periods, each with its table and row (empty otherwise). */
  readonly catchUpCauses: readonly CatchUpCause[];
}

const TABLE_ORDER = ['Settings', 'Accounts', 'Locations', 'Items', 'Kits', 'Movements', 'LandedCosts'];

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic): number => {
    const i = d.table === undefined ? -1 : TABLE_ORDER.indexOf(d.table);
    return i < 0 ? TABLE_ORDER.length : i;
  };
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || (a.d.row ?? 0) - (b.d.row ?? 0) || a.i - b.i)
    .map((x) => x.d);
}

/** What a host wants built besides the summary: `sheets: false` (CLI --json alone) renders no sheet. */
export interface WorkbookRunWants {
  readonly sheets?: boolean;
}

/** `read`: how the host wants the tables read (the workbook's locale for text dates). */
export function valueWorkbook(tables: TableSource, options: RunOptions = {}, wants: WorkbookRunWants = {}, read: ReadOptions = {}): WorkbookRun {
  if (options.onProgress?.('read', 0, 1) === true) throw new CancelledError();
  return valueRead(readWorkbook(tables, read), options, wants);
}

/**
 * The same run from tables already read: a host that holds big cell grids (the CLI) reads them, lets
 * them go, and then values, so the grids are not held through the engine and the renderers.
 */
export function valueRead(read: ReadResult, options: RunOptions = {}, wants: WorkbookRunWants = {}): WorkbookRun {
  const progress = options.onProgress;
  // Stages report as they go (the engine every 4,096 movements, the renderers every 16,384 rows);
  // a true from onProgress cancels the run between two reports.
  const tick = (stage: string, done: number, total: number): void => {
    if (progress !== undefined && progress(stage, done, total) === true) throw new CancelledError();
  };
  tick('read', 1, 1);
  // With Settings ClosedThrough, closed periods stay closed and back-dated rows are caught up (SPEC 4a).
  const result = runWithCatchUp(read.inputs, options);
  const diagnostics = sortDiagnostics([...read.diagnostics, ...result.diagnostics]);
  tick('compare', 0, 1);
  const section = periodSection(result, (done, total) => tick('compare', done, total), wants.sheets !== false);
  tick('compare', 1, 1);
  // A run that wants no sheets (CLI --json alone) renders none.
  const rendered: ReturnType<typeof renderSheets> = wants.sheets === false ? { sheets: [], empty: [] } : renderSheets(result, diagnostics, (done, total) => tick('render', done, total), section.sheets);
  const periods: readonly SummaryPeriod[] = section.periods;
  const summary = buildSummary(result, diagnostics, periods);
  return { inputs: read.inputs, result, sheets: rendered.sheets, emptyReports: rendered.empty, summary, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error'), catchUpMessage: catchUpMessage(result), catchUpCauses: catchUpCauses(result) };
}
