/**
 * Periodic-versus-perpetual and migration sections of a run: the sheets and the summary's periods[].
 * Kept in one place so valueWorkbook stays a straight pipeline.
 */
import type { EngineResult } from '../engine/pipeline';
import type { SheetModel } from './sheet';
import type { SummaryPeriod } from './summaryTypes';

export interface PeriodSection {
  readonly sheets: readonly SheetModel[];
  readonly periods: readonly SummaryPeriod[];
}

export function periodSection(result: EngineResult): PeriodSection {
  void result;
  return { sheets: [], periods: [] };
}
