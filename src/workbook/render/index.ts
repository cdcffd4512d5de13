/**
 * The one renderer of generated sheets: engine result in, sheet models out, in the order they appear
 * in the workbook. Excel (src/excel) and the CLI (src/cli) both write exactly this list.
 */
import type { EngineResult } from '../../engine/pipeline';
import type { Diagnostic } from '../../engine/types';
import type { SheetModel } from '../sheet';
import { renderBalanceSheet, renderJournal, renderProfitAndLoss, renderTrialBalance, reportPeriods } from './ledger';
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

/** Called with rows rendered so far and the total expected; true cancels (see RunOptions). */
export type RenderProgress = (done: number, total: number) => void;

export function renderSheets(result: EngineResult, diagnostics: readonly Diagnostic[], onProgress?: RenderProgress): SheetModel[] {
  const periods = reportPeriods(result);
  const big = result.journal.lines.length + result.valuation.ledger.length;
  const total = big + result.valuation.invoices.length;
  let done = 0;
  const step = (rows: number): void => {
    done += rows;
    if (onProgress !== undefined) onProgress(done, total);
  };
  const makers: (() => SheetModel | undefined)[] = [
    () => renderJournal(result, step),
    () => renderStockLedger(result, step),
    () => renderStockBalance(result),
    () => renderTrialBalance(result),
    () => renderBalanceSheet(result, periods),
    () => renderProfitAndLoss(result, periods),
    () => renderMargins(result),
    () => renderBookVsTax(result, periods),
    () => renderLandedCosts(result),
    () => renderReceivedNotBilled(result),
    () => renderThreeWayMatch(result),
    () => renderReorder(result),
    () => renderAbsorption(result, periods),
    () => renderDiagnostics(diagnostics),
  ];
  const sheets: SheetModel[] = [];
  for (const make of makers) {
    const sheet = make();
    if (sheet !== undefined) sheets.push(sheet);
    if (sheet !== undefined && sheet.key === 'margins') step(result.valuation.invoices.length);
    else step(0);
  }
  return sheets;
}
