/**
 * What a page write puts on a worksheet, shared by the two ways of writing it (a fresh sheet that
 * replaces the old one, write.ts; a refresh in place that keeps the tables, refresh.ts): text cells,
 * body rows in chunks, number formats and widths, the totals rows and the statement lines under
 * the tables. Every decision (where, which format, which formula) comes from the one layout
 * (src/workbook/layout.ts); this only turns it into Office.js calls.
 */
import { isFormulaCell, type LayoutCell, type OutputCell, type SheetModel, type SheetTable } from '../workbook/sheet';
import { bodyRows, charsToPoints, columnNumberFormats, columnWidthChars, numberFormat, resolveFormula, subtotalFormula, type PlannedPage } from './layout';
import { CODE_FORMAT } from '../workbook/layout';
import type { XlTable, XlWorksheet } from './port';

export const HEADER_FILL = '#DDEBF7';
export const HEADER_FONT = '#1F3864';

/** Notes, titles and headers: text cells, formatted '@' before their values. */
export function writeTexts(sheet: XlWorksheet, model: SheetModel, page: PlannedPage): void {
  const texts: Array<{ row: number; values: string[] }> = page.notes.map((note, i) => ({ row: i, values: [note] }));
  for (const block of page.blocks) {
    const table = model.tables[block.tableIndex];
    if (table === undefined) continue;
    if (block.titleRow !== undefined && block.title !== undefined) texts.push({ row: block.titleRow, values: [block.title] });
    texts.push({ row: block.headerRow, values: table.columns.map((c) => c.header) });
  }
  for (const t of texts) {
    const range = sheet.getRangeByIndexes(t.row, 0, 1, t.values.length);
    range.numberFormat = [['@']];
    range.values = [t.values];
  }
}

function cellOut(cell: OutputCell): string | number | boolean {
  return cell === null ? '' : cell;
}

/** Runs of rows (within one column) whose cells are strings in a non-text column: format '@' first. */
function stringRuns(table: SheetTable, column: number, first: number, count: number): Array<{ start: number; length: number }> {
  const runs: Array<{ start: number; length: number }> = [];
  let start = -1;
  for (let i = first; i <= first + count; i += 1) {
    const cell = i < first + count ? table.rows[i]?.[column] : undefined;
    const isString = typeof cell === 'string' && cell !== '';
    if (isString && start < 0) start = i;
    if (!isString && start >= 0) {
      runs.push({ start, length: i - start });
      start = -1;
    }
  }
  return runs;
}

/** Queues the values of rows [first, first+count) of a table whose first body row is sheet row `top`. */
export function writeRows(sheet: XlWorksheet, table: SheetTable, top: number, first: number, count: number): void {
  if (count === 0) return;
  const width = table.columns.length;
  table.columns.forEach((column, c) => {
    if (column.format === 'text') {
      sheet.getRangeByIndexes(top, c, count, 1).numberFormat = [['@']];
      return;
    }
    for (const r of stringRuns(table, c, first, count)) sheet.getRangeByIndexes(top + (r.start - first), c, r.length, 1).numberFormat = [['@']];
  });
  const values: Array<Array<string | number | boolean>> = [];
  for (let i = first; i < first + count; i += 1) {
    const row = table.rows[i] ?? [];
    const out: Array<string | number | boolean> = [];
    for (let c = 0; c < width; c += 1) out.push(cellOut(row[c] ?? null));
    values.push(out);
  }
  sheet.getRangeByIndexes(top, 0, count, width).values = values;
}

/** Number formats per column (the layout's), code columns left-aligned, header style, widths. */
export function formatPage(sheet: XlWorksheet, model: SheetModel, page: PlannedPage, headerOf: (blockIndex: number) => XlTable | undefined): void {
  const widths = new Map<number, number>();
  page.blocks.forEach((block, i) => {
    const table = model.tables[block.tableIndex];
    if (table === undefined) return;
    const formats = columnNumberFormats(model, table);
    table.columns.forEach((column, c) => {
      const body = sheet.getRangeByIndexes(block.headerRow + 1, c, bodyRows(block.dataRowCount), 1);
      if (column.format !== 'text') body.numberFormat = [[formats[c] ?? 'General']];
      if (formats[c] === CODE_FORMAT) body.format.horizontalAlignment = 'Left';
      widths.set(c, Math.max(widths.get(c) ?? 0, columnWidthChars(column, table, c)));
    });
    const xlTable = headerOf(i);
    if (xlTable !== undefined) {
      const header = xlTable.getHeaderRowRange();
      header.format.font.bold = true;
      header.format.font.color = HEADER_FONT;
      header.format.fill.color = HEADER_FILL;
    }
    if (block.titleRow !== undefined) sheet.getRangeByIndexes(block.titleRow, 0, 1, 1).format.font.bold = true;
  });
  for (const [c, chars] of widths) sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(chars);
}

function formulaOrValue(cell: LayoutCell, resolve: (f: { formula: string }) => string): string | number | boolean {
  if (isFormulaCell(cell)) return `=${resolve(cell)}`;
  return cell === null ? '' : cell;
}

/**
 * The totals row (SUBTOTAL(109, ...) per summed column, labels as text) and the lines under the
 * table (live formulas over it). Queue after the tables have their final names: the formulas
 * name them.
 */
export function writeTableExtras(sheet: XlWorksheet, model: SheetModel, page: PlannedPage, blockIndex: number, xlTable: XlTable, tableName: string): void {
  const block = page.blocks[blockIndex];
  const table = block === undefined ? undefined : model.tables[block.tableIndex];
  if (block === undefined || table === undefined) return;
  const formats = columnNumberFormats(model, table);
  if (block.totalsRow !== undefined && table.totals !== undefined) {
    xlTable.showTotals = true;
    const totals = table.columns.map((col, c) => {
      const t = table.totals?.[c];
      if (t === undefined) return '';
      return 'label' in t ? t.label : `=${subtotalFormula(tableName, col.header)}`;
    });
    const range = xlTable.getTotalRowRange();
    // Labels are text; each summed cell gets its column's format.
    table.columns.forEach((_, c) => {
      const t = table.totals?.[c];
      if (t !== undefined) sheet.getRangeByIndexes(block.totalsRow as number, c, 1, 1).numberFormat = [['label' in t ? '@' : (formats[c] ?? 'General')]];
    });
    range.formulas = [totals];
    range.format.font.bold = true;
  }
  (table.below ?? []).forEach((line, i) => {
    const row = block.belowRows[i];
    if (row === undefined) return;
    const width = Math.max(1, line.cells.length);
    const lineFormats = line.cells.map((cell, c) => (typeof cell === 'string' ? '@' : line.format !== undefined ? numberFormat(line.format) : (formats[c] ?? 'General')));
    const range = sheet.getRangeByIndexes(row, 0, 1, width);
    range.numberFormat = [lineFormats];
    range.formulas = [line.cells.map((cell, c) => formulaOrValue(cell, (f) => resolveFormula({ formula: f.formula, value: 0 }, block, c, tableName)))];
    if (line.strong === true) range.format.font.bold = true;
  });
}
