/**
 * Where each part of a SheetModel lands on the grid, before anything is written. Pure.
 *
 * A sheet is laid out top to bottom: the notes (one line per row), a blank row, then each table
 * as [title row], header row, data rows, with one blank row between tables. A table that does not
 * fit in what is left of a sheet (Excel stops at 1,048,576 rows) continues on "<name> (2)",
 * "<name> (3)"... with its header repeated and its table name suffixed "_2", "_3".
 *
 *   planPages({sheetName: 'Journal', notes: ['As of 2026-03-31'], tables: [journal of 3 rows]}, 1_048_576)
 *   -> one page: note at row 0, header at row 2, data rows 3-5, frozen rows 3
 *
 * Also here: the number format of each ColumnFormat, default column widths, and sheet-name
 * clean-up, so the CLI-facing rules and the Excel writer cannot drift apart.
 */
import type { ChartSpec, ColumnFormat, ColumnSpec, SheetModel } from '../workbook/sheet';

export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string>> = {
  money: '#,##0.00;[Red]-#,##0.00',
  qty: '#,##0.####',
  date: 'yyyy-mm-dd',
  percent: '0.0%',
  rate: '#,##0.0000',
  text: '@',
  integer: '0',
};

const DEFAULT_WIDTH_CHARS: Readonly<Record<ColumnFormat, number>> = {
  money: 14,
  qty: 11,
  date: 11,
  percent: 9,
  rate: 12,
  text: 16,
  integer: 8,
};

/** Width in characters: the model's, else the larger of the format's default and the header. */
export function columnWidthChars(spec: ColumnSpec): number {
  return spec.width ?? Math.min(60, Math.max(DEFAULT_WIDTH_CHARS[spec.format], spec.header.length + 2));
}

/** Office.js column widths are in points; one character of the default font is about 7 px. */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

export const SHEET_NAME_MAX = 31;

/** A valid worksheet name close to the wanted one: forbidden characters become '-', at most 31. */
export function safeSheetName(wanted: string): string {
  const cleaned = wanted.replace(/[:\\/?*[\]]/g, '-').replace(/^'+|'+$/g, '').trim();
  return (cleaned === '' ? 'Sheet' : cleaned).slice(0, SHEET_NAME_MAX).trim();
}

/** `base` with a suffix, the base shortened so the whole stays within 31 characters. */
export function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}

export interface PlacedBlock {
  /** Index into SheetModel.tables. */
  readonly tableIndex: number;
  /** 1 for the first part of a table, 2 for its continuation on the next sheet... */
  readonly part: number;
  readonly tableName: string;
  /** Row of the caption, when there is one (0-based sheet row). */
  readonly titleRow: number | undefined;
  readonly title: string | undefined;
  readonly headerRow: number;
  /** First model row (index into table.rows) in this block, and how many. */
  readonly firstDataRow: number;
  readonly dataRowCount: number;
}

export interface PlacedChart {
  readonly spec: ChartSpec;
  /** Index into PlannedPage.blocks of the block whose data the chart plots. */
  readonly block: number;
  /** Top-left cell (0-based) and size in cells. */
  readonly row: number;
  readonly column: number;
}

export interface PlannedPage {
  /** 1-based page number of the model; page 1 keeps the model's sheet name. */
  readonly page: number;
  readonly sheetName: string;
  readonly notes: readonly string[];
  readonly blocks: readonly PlacedBlock[];
  readonly charts: readonly PlacedChart[];
  readonly frozenRows: number;
  /** Rows used on the sheet (0..usedRows-1), for the write plan. */
  readonly usedRows: number;
  readonly columnCount: number;
}

/** Frozen panes cover notes and the first header only when that stays a small band. */
const MAX_FROZEN_ROWS = 12;
export const CHART_WIDTH_COLUMNS = 8;
export const CHART_HEIGHT_ROWS = 16;

export function pageSheetName(base: string, page: number): string {
  return page === 1 ? base : withSuffix(base, ` (${page})`);
}

export function planPages(model: SheetModel, maxRows: number): PlannedPage[] {
  const base = safeSheetName(model.sheetName);
  const pages: PlannedPage[] = [];
  let page = 1;
  let notes = model.notes ?? [];
  let blocks: PlacedBlock[] = [];
  let next = notes.length > 0 ? notes.length + 1 : 0;

  const closePage = (): void => {
    const first = blocks[0];
    const frozen = first !== undefined && first.headerRow + 1 <= MAX_FROZEN_ROWS ? first.headerRow + 1 : 0;
    const last = blocks[blocks.length - 1];
    const usedRows = last === undefined ? notes.length : last.headerRow + 1 + Math.max(1, last.dataRowCount);
    const columnCount = Math.max(1, ...blocks.map((b) => model.tables[b.tableIndex]?.columns.length ?? 1));
    const charts: PlacedChart[] = [];
    model.charts.forEach((spec) => {
      const index = blocks.findIndex((b) => b.tableIndex === spec.table && b.part === 1);
      const block = blocks[index];
      if (block === undefined) return;
      const row = block.titleRow ?? block.headerRow;
      charts.push({ spec, block: index, row: row + charts.length * (CHART_HEIGHT_ROWS + 1), column: columnCount + 1 });
    });
    pages.push({ page, sheetName: pageSheetName(base, page), notes, blocks, charts, frozenRows: frozen, usedRows, columnCount });
    page += 1;
    notes = [];
    blocks = [];
    next = 0;
  };

  model.tables.forEach((table, tableIndex) => {
    let done = 0;
    let part = 1;
    for (;;) {
      const needsTitle = table.title !== undefined;
      const headerRow = next + (needsTitle ? 1 : 0);
      const room = maxRows - headerRow - 1;
      // A header needs at least one row under it (Excel gives an empty table one blank row).
      if (room < 1) {
        if (blocks.length === 0 && notes.length === 0) throw new Error(`planPages: ${maxRows} rows cannot hold a table`);
        closePage();
        continue;
      }
      const count = Math.min(room, table.rows.length - done);
      const title = table.title === undefined ? undefined : part === 1 ? table.title : `${table.title} (continued)`;
      blocks.push({
        tableIndex,
        part,
        tableName: part === 1 ? table.name : `${table.name}_${part}`,
        titleRow: needsTitle ? next : undefined,
        title,
        headerRow,
        firstDataRow: done,
        dataRowCount: count,
      });
      done += count;
      next = headerRow + 1 + Math.max(1, count) + 1;
      if (done >= table.rows.length) break;
      part += 1;
      closePage();
    }
  });
  closePage();
  return pages;
}
