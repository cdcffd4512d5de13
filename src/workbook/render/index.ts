/**
 * The one renderer of generated sheets: engine result in, sheet models out, in the order they appear
 * in the workbook. Excel (src/excel) and the CLI (src/cli) both write exactly this list.
 *
 * Only reports with rows are created: a model whose tables are all empty is dropped and listed on
 * the Diagnostics sheet (and in WorkbookRun.emptyReports for the CLI summary). A sheet name that
 * reads as an input table's name (ignoring case, spaces and underscores) gets " (Report)" added,
 * so the next run can never mistake a generated sheet for an input table.
 */
import type { EngineResult } from '../../engine/pipeline';
import type { Diagnostic } from '../../engine/types';
import { INPUT_TABLES } from '../read';
import { rowCount, type EmptyReport, type SheetModel } from '../sheet';
import { renderBalanceSheet, renderProfitAndLoss } from './statements';
import { renderJournal, renderTrialBalance, reportPeriods } from './ledger';
import {
  renderAbsorption,
  renderBookVsTax,
  renderDiagnostics,
  renderLandedCosts,
  renderMargins,
  renderReceivedNotBilled,
  renderReorder,
  renderThreeWayMatch,
} from './operations';
import { renderStockBalance, renderStockLedger } from './stock';
import { renderCatchUp } from './catchup';

/** Called with rows rendered so far and the total expected; true cancels (see RunOptions). */
export type RenderProgress = (done: number, total: number) => void;

export interface RenderedSheets {
  readonly sheets: readonly SheetModel[];
  /** Reports with no rows, not created. */
  readonly empty: readonly EmptyReport[];
}

const nameKey = (s: string): string => s.toLowerCase().replace(/[\s_]+/g, '');
const INPUT_KEYS: ReadonlySet<string> = new Set(INPUT_TABLES.map(nameKey));

/** The model's sheet name, unless it reads as an input table's name. */
export function outputSheetName(name: string): string {
  return INPUT_KEYS.has(nameKey(name)) ? `${name} (Report)` : name;
}

/**
 * Every sheet of a run: the ledger and stock sheets, then `section` (Periodic vs Perpetual,
 * Migration) after Margins, the operational sheets, Diagnostics last.
 */
export function renderSheets(
  result: EngineResult,
  diagnostics: readonly Diagnostic[],
  onProgress?: RenderProgress,
  section: readonly SheetModel[] = [],
): RenderedSheets {
  const periods = reportPeriods(result);
  const big = result.journal.lines.length + result.valuation.ledger.length;
  const total = big + result.valuation.invoices.length;
  let done = 0;
  const step = (rows: number): void => {
    done += rows;
    if (onProgress !== undefined) onProgress(done, total);
  };
  const makers: (() => SheetModel | readonly SheetModel[] | undefined)[] = [
    () => renderJournal(result, step),
    () => renderStockLedger(result, step),
    () => renderStockBalance(result),
    () => renderTrialBalance(result),
    () => renderBalanceSheet(result, periods),
    () => renderProfitAndLoss(result, periods),
    () => renderMargins(result),
    () => section,
    () => renderBookVsTax(result, periods),
    () => renderLandedCosts(result),
    () => renderReceivedNotBilled(result),
    () => renderThreeWayMatch(result),
    () => renderReorder(result),
    () => renderAbsorption(result, periods),
    () => renderCatchUp(result),
  ];
  const sheets: SheetModel[] = [];
  const empty: EmptyReport[] = [];
  const moneyDecimals = result.prepared.scales.p;
  const keep = (sheet: SheetModel): void => {
    const named: SheetModel = { ...sheet, sheetName: outputSheetName(sheet.sheetName), moneyDecimals };
    if (named.tables.every((t) => rowCount(t) === 0)) empty.push({ key: named.key, sheetName: named.sheetName });
    else sheets.push(named);
  };
  for (const make of makers) {
    const made = make();
    const list: readonly SheetModel[] = made === undefined ? [] : Array.isArray(made) ? made : [made as SheetModel];
    list.forEach(keep);
    if (list.some((m) => m.key === 'margins')) step(result.valuation.invoices.length);
    else step(0);
  }
  const diagnosticsSheet = renderDiagnostics(diagnostics, empty);
  if (diagnosticsSheet.tables.some((t) => t.rows.length > 0)) sheets.push({ ...diagnosticsSheet, moneyDecimals });
  return { sheets, empty };
}
