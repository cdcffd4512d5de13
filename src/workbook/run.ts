/**
 * One call that every host makes: tables in, everything out. The CLI, the Excel adapter, the task
 * pane's worker and the custom functions all go through here (or through readWorkbook + runEngine
 * when they need only part of it), so a number cannot differ between hosts.
 */
import type { Diagnostic, Inputs, RunOptions } from '../engine/types';
import type { SheetModel, TableSource } from './sheet';
import type { Summary } from './summaryTypes';

export interface WorkbookRun {
  readonly inputs: Inputs;
  /** Every generated sheet, in the order they should appear. */
  readonly sheets: readonly SheetModel[];
  readonly summary: Summary;
  /** Reader and engine diagnostics together, in table/row order. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when any diagnostic is an error (the CLI exits 1 and writes no file). */
  readonly hasErrors: boolean;
}

export declare function valueWorkbook(tables: TableSource, options?: RunOptions): WorkbookRun;
