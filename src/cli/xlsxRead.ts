/**
 * .xlsx in: finds the input tables of SPEC section 2 in a workbook loaded with exceljs and hands
 * them on as 2-D cell arrays (a TableSource), header row first.
 *
 * Where a table is found, in this order:
 *   1. an Excel table (ListObject) of that name, any letter case, on any sheet;
 *   2. else a worksheet of that name whose first row holds the headers (the used range from A1).
 * Sheets Perpetua generated (listed in the hidden "_Perpetua" sheet) and "_Perpetua" itself are
 * never read, so a re-run over Perpetua's own output sees only the user's tables.
 *
 * Cells become what the workbook reader expects: numbers, strings, booleans, Date for date cells,
 * {error:'#N/A'} for error cells; a formula gives its cached result, rich text its plain text, a
 * hyperlink its text. Nothing is interpreted here: dates, numbers and codes are read in src/workbook.
 */
import ExcelJS from 'exceljs';
import type { CellGrid, InputCell, TableSource } from '../workbook/sheet';
import { INPUT_TABLES, canonicalTableName } from './csv';

/** The hidden sheet that records which sheets Perpetua generated: column A sheet name, B key. */
export const REGISTRY_SHEET = '_Perpetua';

/** Sheet name -> generated-sheet key, from the registry sheet (empty when there is none). */
export function generatedSheets(workbook: ExcelJS.Workbook): Map<string, string> {
  const registry = new Map<string, string>();
  const ws = workbook.getWorksheet(REGISTRY_SHEET);
  if (ws === undefined) return registry;
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return; // header: Sheet, Key
    const name = cellText(row.getCell(1).value);
    const key = cellText(row.getCell(2).value);
    if (name !== '' && key !== '') registry.set(name, key);
  });
  return registry;
}

function cellText(value: ExcelJS.CellValue): string {
  const v = toInputCell(value);
  return v === null || v === undefined || typeof v === 'object' ? '' : String(v);
}

/** One exceljs cell value as an input cell. */
export function toInputCell(value: ExcelJS.CellValue | undefined): InputCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('error' in value) return { error: String(value.error) };
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined ? null : toInputCell(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) {
    const text: unknown = (value as { text?: unknown }).text;
    if (typeof text === 'string') return text;
    if (text !== null && typeof text === 'object' && 'richText' in text) {
      return toInputCell(text as ExcelJS.CellRichTextValue);
    }
    return (value as { hyperlink: string }).hyperlink;
  }
  return null;
}

interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** "B3:D5" -> 1-based row/column bounds. */
export function decodeRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref.trim());
  if (m === null) return undefined;
  const left = columnNumber(m[1] ?? '');
  const top = Number(m[2]);
  const right = m[3] === undefined ? left : columnNumber(m[3]);
  const bottom = m[4] === undefined ? top : Number(m[4]);
  return { top, left, bottom, right };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function readRange(ws: ExcelJS.Worksheet, r: CellRange): InputCell[][] {
  const rows: InputCell[][] = [];
  for (let rowNo = r.top; rowNo <= r.bottom; rowNo++) {
    const row = ws.getRow(rowNo);
    const cells: InputCell[] = [];
    for (let col = r.left; col <= r.right; col++) cells.push(toInputCell(row.getCell(col).value));
    rows.push(cells);
  }
  return rows;
}

/** A worksheet used as a table: A1 to the last used row and column. */
function readSheetAsTable(ws: ExcelJS.Worksheet): InputCell[][] {
  let right = 0;
  let bottom = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (cell.value !== null && cell.value !== undefined && cell.value !== '') {
        if (col > right) right = col;
        if (rowNumber > bottom) bottom = rowNumber;
      }
    });
  });
  if (bottom === 0) return [];
  return readRange(ws, { top: 1, left: 1, bottom, right });
}

interface TableModel {
  readonly name?: string;
  readonly tableRef?: string;
  readonly ref?: string;
  readonly headerRow?: boolean;
  readonly totalsRow?: boolean;
}

function tableModel(t: unknown): TableModel {
  // exceljs's loaded tables keep their model in `.table` (typed as the Table itself).
  const inner: unknown = t !== null && typeof t === 'object' && 'table' in t ? (t as { table: unknown }).table : t;
  return (inner ?? {}) as TableModel;
}

export interface XlsxTables {
  readonly tables: TableSource;
  /** Where each table was found, for messages: "table Movements on sheet Data" or "sheet Movements". */
  readonly origins: Readonly<Record<string, string>>;
}

/** The input tables of a loaded workbook. */
export function readTables(workbook: ExcelJS.Workbook): XlsxTables {
  const skip = generatedSheets(workbook);
  const userSheets = workbook.worksheets.filter((ws) => ws.name !== REGISTRY_SHEET && !skip.has(ws.name));
  const tables: Record<string, CellGrid> = {};
  const origins: Record<string, string> = {};

  for (const ws of userSheets) {
    for (const t of ws.getTables()) {
      const model = tableModel(t);
      const name = canonicalTableName(model.name ?? '');
      const range = decodeRange(model.tableRef ?? model.ref ?? '');
      if (name === undefined || range === undefined || tables[name] !== undefined) continue;
      const rows = readRange(ws, model.totalsRow === true ? { ...range, bottom: range.bottom - 1 } : range);
      tables[name] = rows;
      origins[name] = `table ${model.name ?? name} on sheet ${ws.name}`;
    }
  }
  for (const name of INPUT_TABLES) {
    if (tables[name] !== undefined) continue;
    const ws = userSheets.find((s) => canonicalTableName(s.name) === name);
    if (ws === undefined) continue;
    tables[name] = readSheetAsTable(ws);
    origins[name] = `sheet ${ws.name}`;
  }
  return { tables, origins };
}

/** Loads an .xlsx file; the workbook is kept for --out, which adds sheets to it. */
export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}
