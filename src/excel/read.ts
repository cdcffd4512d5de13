/**
 * readInputTables: find the user's input tables (SPEC section 2) in the open workbook and read
 * them as 2-D cell grids, remembering where each one sits so a diagnostic can point at its cell.
 *
 * Each input is an Excel table of that name (ignoring case), else a worksheet of that name whose
 * used range starts with the header row. Large tables are read in row chunks (about 100,000 cells
 * per sync) because Excel returns nothing for reads over ~5,000,000 cells and rejects responses
 * over 5 MB. Error cells come back as {error: "#N/A"}, empty cells as null.
 *
 *   const input = await readInputTables(context);
 *   input.tables.Movements        // [['Date', 'Type', 'Item', 'Qty'], [46082, 'Receipt', 'COAT', 10]]
 *   diagnosticAddress(input.placements, {table: 'Movements', row: 2, column: 'Qty', ...})
 *     // {sheetName: 'Movements', address: "Movements!D2", ...}
 */
import type { InputCell, TableSource } from '../workbook/sheet';
import type { Diagnostic } from '../engine/types';
import { cellAddress, columnLetters, qualify } from './address';
import type { XlContext, XlRange } from './port';

export const INPUT_TABLES = ['Settings', 'Accounts', 'Locations', 'Items', 'Kits', 'Movements', 'LandedCosts'] as const;
export type InputTableName = (typeof INPUT_TABLES)[number];

export interface TablePlacement {
  readonly table: InputTableName;
  readonly source: 'table' | 'sheet';
  readonly sheetName: string;
  /** The Excel table's own name when source is 'table'. */
  readonly tableName?: string;
  /** 0-based sheet row of the header row and column of the first column. */
  readonly row: number;
  readonly column: number;
  /** Rows including the header. */
  readonly rowCount: number;
  readonly columnCount: number;
  readonly headers: readonly string[];
}

export interface InputRead {
  readonly tables: TableSource;
  readonly placements: readonly TablePlacement[];
}

export interface ReadOptions {
  /** Cells per read request; default 100,000. */
  readonly chunkCells?: number;
}

const DEFAULT_CHUNK_CELLS = 100_000;

function toInputCell(value: unknown, type: string | undefined): InputCell {
  if (type === 'Empty' || value === '' || value === null || value === undefined) return null;
  if (type === 'Error') return { error: String(value) };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

async function readGrid(context: XlContext, range: { sheetName: string; row: number; column: number; rowCount: number; columnCount: number }, chunkCells: number): Promise<InputCell[][]> {
  const sheet = context.workbook.worksheets.getItem(range.sheetName);
  const rowsPerChunk = Math.max(1, Math.floor(chunkCells / Math.max(1, range.columnCount)));
  const grid: InputCell[][] = [];
  for (let start = 0; start < range.rowCount; start += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, range.rowCount - start);
    const part = sheet.getRangeByIndexes(range.row + start, range.column, count, range.columnCount).load('values, valueTypes');
    await context.sync();
    part.values.forEach((row, r) => {
      const types = part.valueTypes[r];
      grid.push(row.map((v, c) => toInputCell(v, types?.[c])));
    });
  }
  return grid;
}

interface Found {
  readonly table: InputTableName;
  readonly source: 'table' | 'sheet';
  readonly tableName?: string;
  readonly range: XlRange;
  readonly sheet: { readonly name: string };
}

export async function readInputTables(context: XlContext, options: ReadOptions = {}): Promise<InputRead> {
  const chunkCells = options.chunkCells ?? DEFAULT_CHUNK_CELLS;
  const lookups = INPUT_TABLES.map((name) => ({
    name,
    table: context.workbook.tables.getItemOrNullObject(name).load('name'),
    sheet: context.workbook.worksheets.getItemOrNullObject(name).load('name'),
  }));
  await context.sync();

  const found: Found[] = [];
  for (const { name, table, sheet } of lookups) {
    if (!table.isNullObject) {
      const range = table.getRange().load('rowIndex, columnIndex, rowCount, columnCount');
      found.push({ table: name, source: 'table', tableName: table.name, range, sheet: table.worksheet.load('name') });
    } else if (!sheet.isNullObject) {
      const range = sheet.getUsedRangeOrNullObject(true).load('rowIndex, columnIndex, rowCount, columnCount');
      found.push({ table: name, source: 'sheet', range, sheet });
    }
  }
  if (found.length > 0) await context.sync();

  const tables: Record<string, InputCell[][]> = {};
  const placements: TablePlacement[] = [];
  for (const f of found) {
    if (f.range.isNullObject) {
      tables[f.table] = [];
      continue;
    }
    const where = { sheetName: f.sheet.name, row: f.range.rowIndex, column: f.range.columnIndex, rowCount: f.range.rowCount, columnCount: f.range.columnCount };
    const grid = await readGrid(context, where, chunkCells);
    tables[f.table] = grid;
    placements.push({
      table: f.table,
      source: f.source,
      sheetName: where.sheetName,
      ...(f.tableName === undefined ? {} : { tableName: f.tableName }),
      row: where.row,
      column: where.column,
      rowCount: where.rowCount,
      columnCount: where.columnCount,
      headers: (grid[0] ?? []).map((h) => (h === null || typeof h === 'object' ? '' : String(h))),
    });
  }
  return { tables, placements };
}

/** Headers match ignoring case, spaces and underscores (SPEC section 2). */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[\s_]/g, '');
}

export interface DiagnosticLocation {
  readonly sheetName: string;
  /** Address on the sheet, e.g. "D7" (or "A7:F7" when the column is unknown). */
  readonly localAddress: string;
  /** Sheet-qualified address, e.g. "Movements!D7". */
  readonly address: string;
}

/** What diagnosticAddress reads of a diagnostic: a Diagnostic, or any table/row/column place. */
export interface TablePlace {
  readonly table?: string;
  readonly row?: number;
  readonly column?: string;
}

/** The cell a diagnostic points at (its table row and column), or undefined if it has no place. */
export function diagnosticAddress(placements: readonly TablePlacement[], diagnostic: Diagnostic | TablePlace): DiagnosticLocation | undefined {
  if (diagnostic.table === undefined) return undefined;
  const table = headerKey(diagnostic.table);
  const placement = placements.find((p) => headerKey(p.table) === table);
  if (placement === undefined) return undefined;
  const tableRow = Math.min(Math.max(1, diagnostic.row ?? 1), placement.rowCount);
  const sheetRow = placement.row + tableRow - 1;
  const column = diagnostic.column === undefined ? -1 : placement.headers.findIndex((h) => headerKey(h) === headerKey(diagnostic.column ?? ''));
  const localAddress =
    column >= 0
      ? cellAddress(sheetRow, placement.column + column)
      : `${columnLetters(placement.column)}${sheetRow + 1}:${columnLetters(placement.column + placement.columnCount - 1)}${sheetRow + 1}`;
  return { sheetName: placement.sheetName, localAddress, address: qualify(placement.sheetName, localAddress) };
}

/** Activates the diagnostic's sheet and selects its cell; false when it has no place. */
export async function selectDiagnostic(context: XlContext, placements: readonly TablePlacement[], diagnostic: Diagnostic | TablePlace): Promise<boolean> {
  const location = diagnosticAddress(placements, diagnostic);
  if (location === undefined) return false;
  const sheet = context.workbook.worksheets.getItem(location.sheetName);
  sheet.activate();
  sheet.getRange(location.localAddress).select();
  await context.sync();
  return true;
}
