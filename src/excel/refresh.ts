/**
 * Refresh in place: a generated sheet that Perpetua owns and whose tables are still there is
 * rewritten on the same sheet, under the same table names, with each table's body resized — so a
 * user's PivotTables, charts, slicers and formulas on PP_Journal[...] keep pointing at live tables.
 *
 * How (one page):
 *  1. look up the recorded tables on the sheet; if one is missing, or a table's column count or
 *     the tables' order changed (say a new period column on the P&L), return 'rebuild' and the
 *     caller replaces the sheet as before (write.ts);
 *  2. totals rows off; then top to bottom, whole sheet rows are inserted or deleted above each
 *     table (so its header lands on the planned row) and in or under its body (so the body has the
 *     planned number of rows). With ExcelApi 1.13 the rows are added or removed just under the
 *     table and `Table.resize` sets its range; without it (ExcelApi 1.7, the manifest's set) rows
 *     are inserted or deleted inside the body, which grows or shrinks the same table object;
 *  3. every row that is not a table header or body is cleared (old notes, totals, statement
 *     lines), then notes, headers, body values (chunked), formats, totals rows and the lines
 *     under the tables are written as for a new sheet.
 * Charts already on the sheet follow their ranges; none are added again.
 */
import type { SheetModel } from '../workbook/sheet';
import { bodyRows, type PlannedPage } from './layout';
import { formatPage, writeRows, writeTableExtras, writeTexts } from './pageContent';
import type { XlContext, XlTable } from './port';

export interface RefreshJob {
  readonly model: SheetModel;
  readonly page: PlannedPage;
  /** The sheet being refreshed (ours). */
  readonly sheetName: string;
  /** Final table names, one per block, as recorded for this sheet. */
  readonly tableNames: readonly string[];
}

export interface RefreshRun {
  readonly chunkRows: number;
  readonly useResize: boolean;
  readonly cancelled: () => boolean;
  readonly rowsDone: (rows: number) => void;
  readonly chunksOf: (model: SheetModel, tableIndex: number, first: number, count: number) => ReadonlyArray<{ first: number; count: number }>;
}

/** Whether Table.resize may be called: ExcelApi 1.13, asked of Office.js when it is there. */
export function tableResizeSupported(): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?: (set: string, version: string) => boolean } } } }).Office;
  return office?.context?.requirements?.isSetSupported?.('ExcelApi', '1.13') === true;
}

interface Existing {
  readonly table: XlTable;
  readonly headerRow: number;
  readonly bodyCount: number;
  readonly columnCount: number;
}

export async function refreshInPlace(context: XlContext, job: RefreshJob, run: RefreshRun): Promise<'done' | 'rebuild' | 'cancelled'> {
  const { model, page } = job;
  const sheet = context.workbook.worksheets.getItem(job.sheetName);
  if (job.tableNames.length !== page.blocks.length) return 'rebuild';
  const found = job.tableNames.map((name) => {
    const table = sheet.tables.getItemOrNullObject(name);
    table.load('name, showTotals');
    return table;
  });
  await context.sync();
  if (found.some((t) => t.isNullObject)) return 'rebuild';
  const ranges = found.map((t) => t.getRange().load('rowIndex, rowCount, columnCount'));
  const used = sheet.getUsedRangeOrNullObject().load('rowIndex, rowCount');
  await context.sync();
  const existing: Existing[] = found.map((table, i) => {
    const r = ranges[i] as (typeof ranges)[number];
    return { table, headerRow: r.rowIndex, bodyCount: r.rowCount - 1 - (table.showTotals ? 1 : 0), columnCount: r.columnCount };
  });
  const inOrder = existing.every((e, i) => i === 0 || e.headerRow > (existing[i - 1] as Existing).headerRow);
  const sameWidth = existing.every((e, i) => e.columnCount === model.tables[page.blocks[i]?.tableIndex ?? -1]?.columns.length);
  if (!inOrder || !sameWidth) return 'rebuild';

  // 2. Align: totals off, then rows inserted or deleted above and in each table.
  for (const e of existing) if (e.table.showTotals) e.table.showTotals = false;
  const rows = (start: number, count: number) => sheet.getRangeByIndexes(start, 0, count, 1).getEntireRow();
  let shift = 0;
  page.blocks.forEach((block, i) => {
    const e = existing[i] as Existing;
    const header = e.headerRow + shift;
    if (block.headerRow > header) rows(header, block.headerRow - header).insert('Down');
    else if (block.headerRow < header) rows(block.headerRow, header - block.headerRow).delete('Up');
    shift += block.headerRow - header;
    const want = bodyRows(block.dataRowCount);
    const have = e.bodyCount;
    const firstBody = block.headerRow + 1;
    const columns = e.columnCount;
    if (run.useResize) {
      if (want > have) rows(firstBody + have, want - have).insert('Down');
      e.table.resize(sheet.getRangeByIndexes(block.headerRow, 0, 1 + want, columns));
      if (want < have) rows(firstBody + want, have - want).delete('Up');
    } else if (want > have) {
      rows(firstBody + have - 1, want - have).insert('Down');
    } else if (want < have) {
      rows(firstBody + want, have - want).delete('Up');
    }
    shift += want - have;
  });
  await context.sync();

  // 3. Clear what is not a table header or body, then write the page.
  const oldEnd = used.isNullObject ? 0 : used.rowIndex + used.rowCount + Math.max(0, shift);
  const keep: Array<{ start: number; end: number }> = page.blocks.map((b) => ({ start: b.headerRow, end: b.headerRow + bodyRows(b.dataRowCount) }));
  let from = 0;
  for (const k of [...keep, { start: Math.max(oldEnd, page.usedRows), end: 0 }]) {
    if (k.start > from) rows(from, k.start - from).clear();
    from = k.end + 1;
  }
  writeTexts(sheet, model, page);
  await context.sync();
  for (const [i, block] of page.blocks.entries()) {
    const table = model.tables[block.tableIndex];
    if (table === undefined) continue;
    if (block.dataRowCount === 0) sheet.getRangeByIndexes(block.headerRow + 1, 0, 1, table.columns.length).clear('Contents');
    for (const chunk of run.chunksOf(model, i, block.firstDataRow, block.dataRowCount)) {
      if (run.cancelled()) return 'cancelled';
      writeRows(sheet, table, block.headerRow + 1 + (chunk.first - block.firstDataRow), chunk.first, chunk.count);
      context.workbook.application.suspendApiCalculationUntilNextSync();
      await context.sync();
      run.rowsDone(chunk.count);
    }
  }
  formatPage(sheet, model, page, (i) => existing[i]?.table);
  page.blocks.forEach((_, i) => {
    const e = existing[i];
    const name = job.tableNames[i];
    if (e !== undefined && name !== undefined) writeTableExtras(sheet, model, page, i, e.table, name);
  });
  await context.sync();
  return 'done';
}
