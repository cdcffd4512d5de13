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

export function renderSheets(result: EngineResult, diagnostics: readonly Diagnostic[]): SheetModel[] {
  const periods = reportPeriods(result);
  const sheets: (SheetModel | undefined)[] = [
    renderJournal(result),
    renderStockLedger(result),
    renderStockBalance(result),
    renderTrialBalance(result),
    renderBalanceSheet(result, periods),
    renderProfitAndLoss(result, periods),
    renderMargins(result),
    renderBookVsTax(result, periods),
    renderLandedCosts(result),
    renderReceivedNotBilled(result),
    renderThreeWayMatch(result),
    renderReorder(result),
    renderAbsorption(result, periods),
    renderDiagnostics(diagnostics),
  ];
  return sheets.filter((s): s is SheetModel => s !== undefined);
}
