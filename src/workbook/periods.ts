/**
 * Periodic-versus-perpetual and migration sections of a run: their sheets and the summary's
 * periods[]. Kept in one place so valueWorkbook stays a straight pipeline.
 *
 * The Migration sheet is built only when a cut-over date is given (Settings CutOverDate, or the task
 * pane's migration wizard through RunOptions.cutOverDate): without one there is nothing to migrate.
 */
import { buildMigration } from '../engine/migration';
import { comparePeriodsWithClose } from '../engine/closing/periodic';
import type { EngineResult } from '../engine/pipeline';
import { renderMigrationSheet } from './render/migration';
import { periodsForSummary, renderPeriodicSheet } from './render/periodic';
import type { SheetModel } from './sheet';
import type { SummaryPeriod } from './summaryTypes';

export interface PeriodSection {
  readonly sheets: readonly SheetModel[];
  readonly periods: readonly SummaryPeriod[];
}

/**
 * `sheets: false` (the CLI's --json alone) makes only the summary's periods: no sheet model then holds
 * the comparison, so its per-item events and lines (about 500 bytes an item) are freed at once.
 */
export function periodSection(result: EngineResult, onProgress?: (done: number, total: number) => void, sheets = true): PeriodSection {
  // Closed periods compare as they were at the close (SPEC 4a); a plain run is unchanged.
  const comparison = comparePeriodsWithClose(result, onProgress);
  const periods = periodsForSummary(comparison, result.prepared.scales);
  if (!sheets) return { sheets: [], periods };
  const models: SheetModel[] = [renderPeriodicSheet(result, comparison)];
  const cutOver = result.prepared.options.cutOverDate ?? result.prepared.inputs.settings.cutOverDate;
  if (cutOver !== undefined) models.push(renderMigrationSheet(result, buildMigration(result, cutOver)));
  return { sheets: models, periods };
}
