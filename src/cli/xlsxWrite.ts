/**
 * .xlsx out: the input workbook plus every generated sheet model (SPEC section 5).
 *
 * - Input sheets are never edited. A generated sheet whose name is taken by a sheet the user made
 *   goes to a free name ("Stock Ledger (Perpetua)").
 * - The hidden sheet "_Perpetua" lists the sheets Perpetua generated (name -> key), so a re-run on
 *   Perpetua's own output drops and rewrites exactly those sheets and nothing else.
 * - Each SheetTable becomes an Excel table with a header style, number formats by ColumnFormat,
 *   a frozen header row and column widths; notes go above the first table, one blank row between
 *   tables. Strings are always stored as strings (never formulas), whatever they begin with.
 * - Charts (which exceljs cannot write) are added to the saved file by charts.ts.
 */
import ExcelJS from 'exceljs';
import type { CellGrid, ColumnFormat, InputCell, OutputCell, SheetModel, SheetTable, TableSource } from '../workbook/sheet';
import { INPUT_TABLES } from './csv';
import { REGISTRY_SHEET, generatedSheets } from './xlsxRead';
import { addCharts } from './charts';
import type { PlacedChart } from './charts';
import { writeFileAtomic } from './atomic';

/** Excel number format of a column format; money follows the posting precision. */
export function numberFormat(format: ColumnFormat, precision = 2): string {
  switch (format) {
    case 'money':
      return precision > 0 ? `#,##0.${'0'.repeat(precision)}` : '#,##0';
    case 'qty':
      return '#,##0.####';
    case 'date':
      return 'yyyy-mm-dd';
    case 'percent':
      return '0.0%';
    case 'rate':
      return '#,##0.0000';
    case 'text':
      return '@';
    case 'integer':
      return '0';
    default: {
      const never: never = format;
      throw new Error(`unknown column format ${String(never)}`);
    }
  }
}

const DEFAULT_WIDTH: Record<ColumnFormat, number> = {
  money: 14,
  qty: 11,
  date: 11,
  percent: 9,
  rate: 12,
  text: 14,
  integer: 8,
};

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/g;
const MAX_SHEET_NAME = 31;

function sanitizeSheetName(name: string): string {
  const clean = name.replace(INVALID_SHEET_CHARS, ' ').replace(/^'+|'+$/g, '').trim();
  return (clean === '' ? 'Sheet' : clean).slice(0, MAX_SHEET_NAME);
}

/** `base`, else "base (Perpetua)", else "base (Perpetua 2)", ... within 31 characters. */
function freeSheetName(base: string, taken: ReadonlySet<string>): string {
  const name = sanitizeSheetName(base);
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (Perpetua)' : ` (Perpetua ${n})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A valid Excel table name: starts with a letter or _, then letters, digits, _ or . */
function sanitizeTableName(name: string): string {
  let clean = name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
  // Names that read as a cell reference (A1, R1C1, R, C) are refused by Excel.
  if (/^[A-Za-z]{1,3}\d+$/.test(clean) || /^[RrCc]$/.test(clean) || /^[Rr]\d*[Cc]\d*$/.test(clean)) clean = `_${clean}`;
  return clean.slice(0, 250);
}

function freeTableName(base: string, taken: Set<string>): string {
  const name = sanitizeTableName(base);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Table headers must be non-empty and unique ignoring case. */
function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    const base = h.trim() === '' ? `Column${i + 1}` : h.trim();
    let candidate = base;
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${base} ${n}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

function columnWidth(table: SheetTable, index: number): number {
  const spec = table.columns[index];
  if (spec === undefined) return 10;
  if (spec.width !== undefined) return spec.width;
  let width = Math.max(DEFAULT_WIDTH[spec.format], spec.header.length + 3);
  if (spec.format === 'text') {
    // Look at a sample of the data so codes and names are readable without resizing.
    const sample = Math.min(table.rows.length, 500);
    for (let r = 0; r < sample; r++) {
      const v = table.rows[r]?.[index];
      if (typeof v === 'string') width = Math.max(width, v.length + 2);
    }
  }
  return Math.min(width, 60);
}

/** Where a table landed on its sheet (1-based), for charts. */
export interface PlacedTable {
  readonly headerRow: number;
  readonly firstColumn: number;
  readonly rowCount: number;
}

export interface PlacedSheet {
  readonly key: string;
  readonly sheetName: string;
  readonly tables: readonly PlacedTable[];
}

/**
 * The value exceljs should store. A string stays a plain string value: exceljs writes it as a
 * shared string (never an <f> formula element), whatever it begins with (=, +, -, @, tab, CR).
 * Non-finite numbers have no cell form and are left blank.
 */
function outputValue(cell: OutputCell): ExcelJS.CellValue {
  if (typeof cell === 'number' && !Number.isFinite(cell)) return null;
  return cell;
}

/** Writes one sheet model onto an empty worksheet. */
function renderSheet(ws: ExcelJS.Worksheet, model: SheetModel, tableNames: Set<string>, precision: number): PlacedTable[] {
  let rowNo = 1;
  for (const note of model.notes ?? []) {
    ws.getCell(rowNo, 1).value = note;
    ws.getCell(rowNo, 1).font = { italic: true, color: { argb: 'FF595959' } };
    rowNo++;
  }
  if ((model.notes ?? []).length > 0) rowNo++;

  const widths: number[] = [];
  const placed: PlacedTable[] = [];
  let frozen = false;
  model.tables.forEach((table, t) => {
    if (t > 0) rowNo++; // one blank row between tables
    if (table.title !== undefined && table.title !== '') {
      ws.getCell(rowNo, 1).value = table.title;
      ws.getCell(rowNo, 1).font = { bold: true, size: 12 };
      rowNo++;
    }
    const headerRow = rowNo;
    const formats = table.columns.map((c) => numberFormat(c.format, precision));
    const headers = uniqueHeaders(table.columns.map((c) => c.header));
    // An Excel table needs at least one data row; an empty table gets one blank row.
    const width = table.columns.length;
    const rows: ExcelJS.CellValue[][] =
      table.rows.length > 0
        ? table.rows.map((r) => {
            const out: ExcelJS.CellValue[] = new Array<ExcelJS.CellValue>(width);
            for (let c = 0; c < width; c++) out[c] = outputValue(r[c] ?? null);
            return out;
          })
        : [new Array<ExcelJS.CellValue>(width).fill(null)];
    ws.addTable({
      name: freeTableName(table.name, tableNames),
      ref: ws.getCell(headerRow, 1).address,
      headerRow: true,
      totalsRow: false,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: headers.map((name, c) => ({ name, filterButton: true, style: { numFmt: formats[c] ?? 'General' } })),
      rows,
    });
    const header = ws.getRow(headerRow);
    for (let c = 1; c <= width; c++) {
      const cell = header.getCell(c);
      cell.font = { bold: true };
      cell.numFmt = 'General';
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    for (let c = 0; c < width; c++) widths[c] = Math.max(widths[c] ?? 0, columnWidth(table, c));
    if (!frozen) {
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
      frozen = true;
    }
    placed.push({ headerRow, firstColumn: 1, rowCount: rows.length });
    rowNo = headerRow + 1 + rows.length;
  });
  widths.forEach((w, c) => {
    ws.getColumn(c + 1).width = w;
  });
  return placed;
}

export interface AddSheetsResult {
  readonly placed: readonly PlacedSheet[];
}

/**
 * Adds the generated sheets to `workbook`: first drops the sheets a previous run generated (as the
 * registry lists them), then writes every model under a free name and records it in "_Perpetua".
 */
export function addGeneratedSheets(workbook: ExcelJS.Workbook, models: readonly SheetModel[], precision = 2): AddSheetsResult {
  const previous = generatedSheets(workbook);
  for (const ws of [...workbook.worksheets]) {
    if (ws.name === REGISTRY_SHEET || previous.has(ws.name)) workbook.removeWorksheet(ws.id);
  }
  const takenSheets = new Set(workbook.worksheets.map((ws) => ws.name.toLowerCase()));
  takenSheets.add(REGISTRY_SHEET.toLowerCase());
  const tableNames = new Set<string>();
  for (const ws of workbook.worksheets) for (const t of ws.getTables()) tableNames.add(tableNameOf(t).toLowerCase());
  // Names of the input tables stay reserved even when they are sheets, so a generated table can
  // never be mistaken for an input table on the next run.
  for (const t of INPUT_TABLES) tableNames.add(t.toLowerCase());

  const placed: PlacedSheet[] = [];
  for (const model of models) {
    const name = freeSheetName(model.sheetName, takenSheets);
    takenSheets.add(name.toLowerCase());
    const ws = workbook.addWorksheet(name);
    const tables = renderSheet(ws, model, tableNames, precision);
    placed.push({ key: model.key, sheetName: name, tables });
  }

  const registry = workbook.addWorksheet(REGISTRY_SHEET, { state: 'hidden' });
  registry.getCell(1, 1).value = 'Sheet';
  registry.getCell(1, 2).value = 'Key';
  placed.forEach((p, i) => {
    registry.getCell(i + 2, 1).value = p.sheetName;
    registry.getCell(i + 2, 2).value = p.key;
  });
  return { placed };
}

function tableNameOf(t: unknown): string {
  const inner: unknown = t !== null && typeof t === 'object' && 'table' in t ? (t as { table: unknown }).table : t;
  const name: unknown = inner !== null && typeof inner === 'object' && 'name' in inner ? (inner as { name: unknown }).name : '';
  return typeof name === 'string' ? name : '';
}

/**
 * Numeric text of a CSV cell as a number, when it reads back exactly the same (so codes such as
 * "007" or "1e3" stay text); ISO dates as Date cells; anything else unchanged.
 */
function csvCellForSheet(cell: InputCell): ExcelJS.CellValue {
  if (typeof cell !== 'string') {
    if (cell === undefined) return null;
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) return { error: cell.error } as ExcelJS.CellErrorValue;
    return cell;
  }
  if (/^-?(0|[1-9]\d{0,14})(\.\d{1,10})?$/.test(cell)) {
    const n = Number(cell);
    if (Number.isFinite(n)) return n;
  }
  return cell;
}

/** A new workbook holding CSV input tables as sheets (header row first), in the SPEC's table order. */
export function workbookFromTables(tables: TableSource): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Perpetua';
  for (const name of INPUT_TABLES) {
    const grid: CellGrid | undefined = tables[name];
    if (grid === undefined) continue;
    const ws = workbook.addWorksheet(name);
    grid.forEach((row, r) => {
      const values = row.map((c) => (r === 0 ? (c === undefined ? null : (c as ExcelJS.CellValue)) : csvCellForSheet(c)));
      ws.addRow(values);
    });
    if (grid.length > 0) {
      ws.getRow(1).font = { bold: true };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
    }
    const width = Math.max(0, ...grid.map((r) => r.length));
    for (let c = 1; c <= width; c++) ws.getColumn(c).width = 14;
  }
  return workbook;
}

/** Saves the workbook (with charts added) to `file` atomically. */
export async function saveWorkbook(
  file: string,
  workbook: ExcelJS.Workbook,
  placed: readonly PlacedSheet[],
  models: readonly SheetModel[],
): Promise<void> {
  await writeFileAtomic(file, async () => {
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const charts: PlacedChart[] = [];
    models.forEach((model, i) => {
      const where = placed[i];
      if (where === undefined) return;
      for (const spec of model.charts) {
        const table = model.tables[spec.table];
        const at = where.tables[spec.table];
        if (table === undefined || at === undefined) continue;
        charts.push({ sheetName: where.sheetName, spec, table, placed: at });
      }
    });
    return charts.length === 0 ? buffer : addCharts(buffer, charts);
  });
}
