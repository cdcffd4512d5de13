/**
 * The one layout of a generated sheet, for every host: where each part of a SheetModel lands on
 * the grid, which number format each column gets, how wide it is, where a table too long for one
 * sheet continues, and the final text of every formula. Pure. src/excel/write.ts (Office.js) and
 * src/cli/sheetXml.ts (SpreadsheetML) only translate this plan into their API calls, so formats,
 * precision and row-limit splitting cannot drift apart between the add-in and the CLI.
 *
 * A sheet is laid out top to bottom: the notes (one line per row), a blank row, then each table
 * as [title row], header row, data rows, [totals row], [a blank row and its below-rows], with one
 * blank row between tables. A table that does not fit in what is left of a sheet (Excel stops at
 * 1,048,576 rows) continues on "<name> (2)", "<name> (3)"... with its header repeated and its
 * table name suffixed "_2", "_3"; the totals row and below-rows go with the last part only.
 * Rows and columns here are 0-based.
 *
 *   planPages({sheetName: 'Journal', notes: ['As of 2026-03-31'], tables: [journal of 3 rows]}, 1_048_576)
 *   -> one page: note at row 0, header at row 2, data rows 3-5, frozen rows 3
 */
import { rowAt, rowCount, withRowsOf, type ChartSpec, type ColumnFormat, type ColumnSpec, type FormulaCell, type OutputCell, type SheetModel, type SheetTable } from './sheet';

/** Money decimals when a model does not say (Settings Precision default). */
export const DEFAULT_MONEY_DECIMALS = 2;
/** Quantity decimals shown at most (the engine's quantity scale is at most this). */
const MAX_QTY_DECIMALS = 6;

/**
 * Excel's Accounting format without a currency symbol: thousands separators, negatives in
 * parentheses, zero as a dash, figures aligned on the decimal point.
 */
export function accountingFormat(decimals: number): string {
  const d = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  const q = '?'.repeat(decimals);
  return `_(* #,##0${d}_);_(* (#,##0${d});_(* "-"${q}_);_(@_)`;
}

/**
 * Identifier columns (account codes): whole numbers shown as written, text as text. A code of its
 * own (not plain '0') so hosts can recognise it and left-align the column like text.
 */
export const CODE_FORMAT = '0;-0;0;@';

/** A fixed number of decimals with thousands separators and no trailing dot ("12", "12.50"). */
export function fixedFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/**
 * The number format of a column format. `decimals` is the money precision for money, and for a
 * quantity the decimals its column needs (see columnDecimals); other formats ignore it.
 */
export function numberFormat(format: ColumnFormat, decimals = DEFAULT_MONEY_DECIMALS): string {
  switch (format) {
    case 'money':
      return accountingFormat(decimals);
    case 'qty':
      return fixedFormat(decimals);
    case 'date':
      return 'yyyy-mm-dd';
    case 'percent':
      return '0.0%';
    case 'rate':
      return '#,##0.0000';
    case 'text':
      return '@';
    case 'code':
      return CODE_FORMAT;
    case 'integer':
      return '0';
    default: {
      const never: never = format;
      throw new Error(`unknown column format ${String(never)}`);
    }
  }
}

/** Decimals of a finite number as written in shortest form (0.25 -> 2, 12 -> 0). */
function decimalsOf(v: number): number {
  if (Number.isInteger(v)) return 0;
  for (let d = 1; d < MAX_QTY_DECIMALS; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-7 * Math.max(1, Math.abs(scaled))) return d;
  }
  return MAX_QTY_DECIMALS;
}

/** Decimals column `c` of `table` is shown with: money at the model's precision, qty as its data needs. */
export function columnDecimals(model: SheetModel, table: SheetTable, c: number): number {
  const spec = table.columns[c];
  if (spec === undefined) return 0;
  if (spec.format === 'money') return model.moneyDecimals ?? DEFAULT_MONEY_DECIMALS;
  if (spec.format !== 'qty') return 0;
  // A lazy table answers from the engine's columns, so its rows are not all made here.
  const known = table.rowSource?.decimals?.(c);
  if (known !== undefined) return known;
  return mostDecimals(rowCount(table), (i) => rowAt(table, i)[c]);
}

/** The most decimals among n cells (numbers only), at most MAX_QTY_DECIMALS. */
export function mostDecimals(n: number, cellAt: (i: number) => OutputCell | undefined): number {
  let most = 0;
  for (let i = 0; i < n; i++) {
    const v = cellAt(i);
    if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
      most = Math.max(most, decimalsOf(v));
      if (most >= MAX_QTY_DECIMALS) break;
    }
  }
  return most;
}

/** The number format of every column of a table, decided once per table. */
export function columnNumberFormats(model: SheetModel, table: SheetTable): string[] {
  return table.columns.map((c, i) => numberFormat(c.format, columnDecimals(model, table, i)));
}

const DEFAULT_WIDTH_CHARS: Readonly<Record<ColumnFormat, number>> = {
  money: 14,
  qty: 11,
  date: 11,
  percent: 9,
  rate: 12,
  text: 14,
  code: 10,
  integer: 8,
};

/** Width in characters: the model's, else the format's default, the header, and sampled text. */
export function columnWidthChars(spec: ColumnSpec, table?: SheetTable, index?: number): number {
  if (spec.width !== undefined) return spec.width;
  let width = Math.max(DEFAULT_WIDTH_CHARS[spec.format], spec.header.length + 3);
  if (table !== undefined && index !== undefined && (spec.format === 'text' || spec.format === 'code')) {
    const sample = Math.min(rowCount(table), 500);
    for (let r = 0; r < sample; r++) {
      const v = rowAt(table, r)[index];
      if (typeof v === 'string') width = Math.max(width, v.length + 2);
    }
  }
  return Math.min(width, 60);
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

export function pageSheetName(base: string, page: number): string {
  return page === 1 ? base : withSuffix(base, ` (${page})`);
}

/** Column letters of a 0-based column index (0 -> A, 26 -> AA). */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A column of a table in a structured reference, with Excel's escapes for ' # [ ] (SUM(T[col])). */
export function structuredRef(table: string, header: string): string {
  return `${table}[${header.replace(/['#[\]]/g, (ch) => `'${ch}`)}]`;
}

export interface PlacedBlock {
  /** Index into SheetModel.tables. */
  readonly tableIndex: number;
  /** 1 for the first part of a table, 2 for its continuation on the next sheet... */
  readonly part: number;
  readonly tableName: string;
  /** Row of the caption, when there is one. */
  readonly titleRow: number | undefined;
  readonly title: string | undefined;
  readonly headerRow: number;
  /** First model row (index into table.rows) in this block, and how many. */
  readonly firstDataRow: number;
  readonly dataRowCount: number;
  /** Row of the table's totals row (last part only), else undefined. */
  readonly totalsRow: number | undefined;
  /** Sheet row of each of table.below (last part only; empty otherwise). */
  readonly belowRows: readonly number[];
}

export interface PlacedChart {
  readonly spec: ChartSpec;
  /** Index into PlannedPage.blocks of the block whose data the chart plots. */
  readonly block: number;
  /** Top-left cell. */
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
  /** Rows used on the sheet (0..usedRows-1). */
  readonly usedRows: number;
  readonly columnCount: number;
}

/** Frozen panes cover notes and the first header only when that stays a small band. */
const MAX_FROZEN_ROWS = 12;
export const CHART_WIDTH_COLUMNS = 8;
export const CHART_HEIGHT_ROWS = 16;

/** Rows a table body takes: Excel gives an empty table one blank row. */
export function bodyRows(dataRowCount: number): number {
  return Math.max(1, dataRowCount);
}

/** Last row used by a block (its body, totals row or last below-row). */
function blockEnd(b: PlacedBlock): number {
  const last = b.belowRows[b.belowRows.length - 1];
  if (last !== undefined) return last;
  return b.totalsRow ?? b.headerRow + bodyRows(b.dataRowCount);
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
    const usedRows = last === undefined ? notes.length : blockEnd(last) + 1;
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
    const below = table.below ?? [];
    // Rows the end of the table needs after its body: totals row, blank row and below-rows.
    const tail = (table.totals !== undefined ? 1 : 0) + (below.length > 0 ? below.length + 1 : 0);
    for (;;) {
      const needsTitle = table.title !== undefined;
      const headerRow = next + (needsTitle ? 1 : 0);
      const room = maxRows - headerRow - 1;
      const left = rowCount(table) - done;
      // A header needs at least one row under it; the tail must fit after the last part's body.
      if (room < 1 + (left <= room - tail ? tail : 0) || (left === 0 && room < 1 + tail)) {
        if (blocks.length === 0 && notes.length === 0) throw new Error(`planPages: ${maxRows} rows cannot hold a table`);
        closePage();
        continue;
      }
      const fitsWithTail = left <= room - tail;
      const count = fitsWithTail ? left : Math.min(room, left);
      const isLast = done + count >= rowCount(table) && fitsWithTail;
      const title = table.title === undefined ? undefined : part === 1 ? table.title : `${table.title} (continued)`;
      const bodyEnd = headerRow + bodyRows(count);
      const totalsRow = isLast && table.totals !== undefined ? bodyEnd + 1 : undefined;
      const belowStart = (totalsRow ?? bodyEnd) + 2;
      blocks.push({
        tableIndex,
        part,
        tableName: part === 1 ? table.name : `${table.name}_${part}`,
        titleRow: needsTitle ? next : undefined,
        title,
        headerRow,
        firstDataRow: done,
        dataRowCount: count,
        totalsRow,
        belowRows: isLast ? below.map((_, i) => belowStart + i) : [],
      });
      done += count;
      next = blockEnd(blocks[blocks.length - 1] as PlacedBlock) + 2;
      if (isLast) break;
      part += 1;
      closePage();
    }
  });
  closePage();
  return pages;
}

/** The totals-row formula of a summed column: SUBTOTAL(109, ...) so a filter shows filtered totals. */
export function subtotalFormula(tableName: string, header: string): string {
  return `SUBTOTAL(109,${structuredRef(tableName, header)})`;
}

/**
 * The final text of a formula written in `column` of a block's below-rows: `{below:N}` becomes the
 * A1 address of below-row N in the same column, and `{table}` the name the host gave the table
 * (the planned name, unless taken; a table continued on several sheets is PP_X_2... there).
 */
export function resolveFormula(cell: FormulaCell, block: PlacedBlock, column: number, tableName: string = block.tableName): string {
  return cell.formula
    .replace(/\{below:(\d+)\}/g, (_, n: string) => {
      const row = block.belowRows[Number(n)];
      if (row === undefined) throw new Error(`formula refers to below-row ${n}, which does not exist`);
      return `${columnName(column)}${row + 1}`;
    })
    .replace(/\{table\}/g, tableName);
}

/**
 * The pages of a model as models of their own, for a writer that places one sheet at a time (the
 * CLI): page 1 keeps the key, page N is keyed "<key>#N"; each carries its part of every table
 * (sliced rows, suffixed table name, "(continued)" title), the totals row and below-rows with the
 * last part. planPages(page model) places everything exactly where planPages(model) does.
 */
export function splitModel(model: SheetModel, maxRows: number = EXCEL_MAX_ROWS): SheetModel[] {
  const pages = planPages(model, maxRows);
  if (pages.length === 1) return [model];
  return pages.map((page) => {
    const tables: SheetTable[] = page.blocks.map((b) => {
      const table = model.tables[b.tableIndex] as SheetTable;
      const { totals, below, columns } = table;
      const spec = {
        name: b.tableName,
        columns,
        ...(b.title === undefined ? {} : { title: b.title }),
        ...(b.totalsRow !== undefined && totals !== undefined ? { totals } : {}),
        ...(b.belowRows.length > 0 && below !== undefined ? { below } : {}),
      };
      return withRowsOf(spec, table, b.firstDataRow, b.dataRowCount);
    });
    const charts = page.charts.map((c) => ({ ...c.spec, table: c.block }));
    return {
      ...model,
      key: page.page === 1 ? model.key : `${model.key}#${page.page}`,
      sheetName: page.sheetName,
      notes: page.notes,
      tables,
      charts,
    };
  });
}

/** Rows of an Excel worksheet. */
export const EXCEL_MAX_ROWS = 1_048_576;
