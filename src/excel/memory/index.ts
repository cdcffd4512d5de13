/**
 * The in-memory Excel: create a workbook pre-filled with the user's tables, run adapter code
 * against it with `run` (same shape as Excel.run), then snapshot what ended up in it.
 *
 *   const excel = createMemoryExcel({ tables: { Movements: [['Date', 'Type', 'Item', 'Qty'], ...] } });
 *   await writeSheets(excel.run, sheets);
 *   snapshotValues(excel.book)['Journal'];   // 2-D values from A1
 *   excel.book.formulas;                     // every formula created (should stay empty)
 *   excel.book.stats;                        // syncs, largest payload
 * Browser-safe (bundled into the task-pane e2e page).
 */
import type { InputCell } from '../../workbook/sheet';
import { memoryRun } from './context';
import { type MemoryLimits, MemorySheet, MemoryWorkbook, type StoredValue } from './model';
import type { XlRun } from '../port';

export { MemoryExcelError, MemoryWorkbook, MemorySheet } from './model';
export type { CellRef, FormulaRecord, MemoryChart, MemoryLimits, MemoryStats, MemoryTable, StoredValue } from './model';
export { MemoryRequestContext, memoryRun } from './context';

export interface MemoryExcel {
  readonly book: MemoryWorkbook;
  readonly run: XlRun;
}

export type SeedGrid = ReadonlyArray<ReadonlyArray<InputCell>>;

export interface MemorySeed {
  /** Excel tables (ListObjects) by name, each on its own sheet of the same name at A1. */
  readonly tables?: Readonly<Record<string, SeedGrid>>;
  /** Plain sheets by name, values from A1 (no table). */
  readonly sheets?: Readonly<Record<string, SeedGrid>>;
  readonly limits?: Partial<MemoryLimits>;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function seedCell(sheet: MemorySheet, row: number, column: number, cell: InputCell): void {
  if (cell === null || cell === undefined || cell === '') return;
  if (cell instanceof Date) {
    sheet.setValue(row, column, (cell.getTime() - EXCEL_EPOCH_MS) / 86_400_000);
    sheet.setFormat(row, column, 'yyyy-mm-dd');
    return;
  }
  sheet.setValue(row, column, typeof cell === 'object' ? { error: cell.error } : cell);
}

function seedSheet(book: MemoryWorkbook, name: string, grid: SeedGrid): MemorySheet {
  const sheet = book.addSheet(name);
  grid.forEach((row, r) => row.forEach((cell, c) => seedCell(sheet, r, c, cell)));
  return sheet;
}

/** A workbook holding the given tables and sheets (or one empty "Sheet1"), and its run function. */
export function createMemoryExcel(seed: MemorySeed = {}): MemoryExcel {
  const book = new MemoryWorkbook(seed.limits);
  for (const [name, grid] of Object.entries(seed.tables ?? {})) {
    const sheet = seedSheet(book, name, grid);
    const columnCount = grid.reduce((widest, row) => Math.max(widest, row.length), 1);
    const table = book.addTable(sheet, { row: 0, column: 0, rowCount: Math.max(1, grid.length), columnCount }, true);
    book.validateTableName(name, table);
    table.name = name;
  }
  for (const [name, grid] of Object.entries(seed.sheets ?? {})) seedSheet(book, name, grid);
  if (book.sheets.length === 0) book.addSheet('Sheet1');
  book.activeSheet = book.sheets[0];
  return { book, run: memoryRun(book) };
}

export type SnapshotCell = string | number | boolean | null | { readonly error: string };

function cellOut(value: StoredValue | undefined): SnapshotCell {
  return value === undefined ? null : value;
}

/** Each sheet's values from A1 to the bottom-right of its used range (empty cells are null). */
export function snapshotValues(book: MemoryWorkbook): Record<string, SnapshotCell[][]> {
  const out: Record<string, SnapshotCell[][]> = {};
  for (const sheet of book.sheets) {
    const box = sheet.usedBox(true);
    const grid: SnapshotCell[][] = [];
    if (box !== undefined) {
      for (let r = 0; r < box.row + box.rowCount; r += 1) {
        const row: SnapshotCell[] = [];
        for (let c = 0; c < box.column + box.columnCount; c += 1) row.push(cellOut(sheet.getValue(r, c)));
        grid.push(row);
      }
    }
    out[sheet.name] = grid;
  }
  return out;
}

export interface SheetDescription {
  readonly name: string;
  readonly visibility: string;
  readonly frozenRows: number;
  readonly values: SnapshotCell[][];
  /** Non-General number formats as "A1 -> format" runs per column, compact enough to compare. */
  readonly numberFormats: Record<string, string>;
  readonly styles: Record<string, string>;
  readonly columnWidths: Record<number, number>;
  readonly tables: ReadonlyArray<{ readonly name: string; readonly address: string }>;
  readonly charts: ReadonlyArray<unknown>;
}

/** Everything a user could see in the workbook, for "a re-run changes nothing" comparisons. */
export function describeWorkbook(book: MemoryWorkbook): { sheets: SheetDescription[]; settings: Record<string, unknown> } {
  const values = snapshotValues(book);
  const sheets = book.sheets.map((sheet): SheetDescription => {
    const numberFormats: Record<string, string> = {};
    for (const [row, formats] of sheet.formats) {
      formats.forEach((f, c) => {
        if (f !== undefined) numberFormats[`${row},${c}`] = f;
      });
    }
    const styles: Record<string, string> = {};
    for (const [key, style] of sheet.styles) styles[key] = JSON.stringify(style);
    return {
      name: sheet.name,
      visibility: sheet.visibility,
      frozenRows: sheet.frozenRows,
      values: values[sheet.name] ?? [],
      numberFormats,
      styles,
      columnWidths: Object.fromEntries(sheet.columnWidths),
      tables: book.tables.filter((t) => t.sheet === sheet).map((t) => ({ name: t.name, address: book.addressOf(sheet, t.box) })),
      charts: sheet.charts.map((c) => ({
        type: c.type,
        title: c.title,
        series: c.series.map((s) => ({ name: s.name, values: book.refAddress(s.values), xValues: book.refAddress(s.xValues) })),
        position: { start: book.refAddress(c.position?.start), end: book.refAddress(c.position?.end) },
      })),
    };
  });
  return { sheets, settings: Object.fromEntries(book.settings) };
}
