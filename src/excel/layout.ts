/**
 * The Excel host's view of the one layout (src/workbook/layout.ts): everything about where cells
 * go, which number format and width each column gets, and where a long table continues is decided
 * there, for the add-in and the CLI alike. Only the Office.js unit conversion lives here.
 */
import { numberFormat } from '../workbook/layout';
import type { ColumnFormat } from '../workbook/sheet';

export {
  CHART_HEIGHT_ROWS,
  CHART_WIDTH_COLUMNS,
  bodyRows,
  columnNumberFormats,
  columnWidthChars,
  numberFormat,
  pageSheetName,
  planPages,
  resolveFormula,
  safeSheetName,
  SHEET_NAME_MAX,
  subtotalFormula,
  withSuffix,
} from '../workbook/layout';
export type { PlacedBlock, PlacedChart, PlannedPage } from '../workbook/layout';

const FORMATS: readonly ColumnFormat[] = ['text', 'code', 'date', 'money', 'qty', 'rate', 'percent', 'integer'];

/** Each column format at its default decimals (money 2, quantities whole). */
export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string>> = Object.fromEntries(FORMATS.map((f) => [f, numberFormat(f, f === 'money' ? 2 : 0)])) as Record<ColumnFormat, string>;

/** Office.js column widths are in points; one character of the default font is about 7 px. */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}
