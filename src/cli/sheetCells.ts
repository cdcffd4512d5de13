/**
 * What the worksheet reader keeps of a sheet, and the grids handed on: rows of cells as they were
 * read (sheetRead.ts, cellCollector.ts fill them), the limits they are read under, and the cells of
 * a table window as a grid, header row first (gridOf).
 *
 *   rows 1, 2, 5 of a sheet, window A1:C9   -> [[Item, Qty, Cost], [A, 1, 2.5], [], [], [B, 2, 3]]
 */
import type { InputCell } from '../workbook/sheet';
import { PackageError } from './zipRead';

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Cells kept over all sheets read: a full sheet of 1,048,576 rows x 24 columns. */
export const MAX_CELLS = 25_165_824;

/** One row's cells: `vals[col - 1]` while the row is dense enough, the rest in `far`. */
export interface RowCells {
  readonly vals: InputCell[];
  far?: Map<number, InputCell>;
}

export interface SheetCells {
  /** Row numbers in ascending order, and their cells. */
  readonly rowNumbers: readonly number[];
  readonly rows: readonly RowCells[];
}

/** Which columns and rows of a sheet are wanted (1-based, inclusive). */
export interface Window {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** What to keep of a sheet: the table windows, and/or the whole sheet up to its header's width. */
export interface SheetNeeds {
  readonly windows: readonly Window[];
  readonly asSheet: boolean;
}


export class SheetLimitError extends PackageError {}

export interface ReadContext {
  readonly sharedStrings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  /** Cells still allowed over every sheet read (shared, counts down). */
  budget: { cells: number };
}

/** Rows in order; rows out of order (not written by Excel) sorted, a later duplicate row's cells winning. */
export function sortedRows(rowNumbers: readonly number[], rows: readonly RowCells[], sorted: boolean): SheetCells {
  if (sorted) return { rowNumbers, rows };
  const order = rowNumbers.map((n, i) => ({ n, i })).sort((x, y) => x.n - y.n || x.i - y.i);
  const outNumbers: number[] = [];
  const outRows: RowCells[] = [];
  for (const { n, i } of order) {
    const r = rows[i] as RowCells;
    if (outNumbers[outNumbers.length - 1] === n) {
      const into = outRows[outRows.length - 1] as RowCells;
      r.vals.forEach((v, c) => {
        into.vals[c] = v;
      });
      for (const [c, v] of r.far ?? []) (into.far ??= new Map()).set(c, v);
    } else {
      outNumbers.push(n);
      outRows.push(r);
    }
  }
  return { rowNumbers: outNumbers, rows: outRows };
}

export function blank(v: InputCell): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function cellAt(r: RowCells, col: number): InputCell {
  const v = r.vals[col - 1];
  if (v !== undefined) return v;
  return r.far?.get(col) ?? null;
}

const EMPTY_ROW: readonly InputCell[] = Object.freeze([]);

/**
 * The cells of a window as a grid, header row first. Its width stops at the header row's last
 * non-blank cell and its height at the last row holding a non-blank cell in those columns, so a
 * window claiming the whole sheet costs only what is filled. Blank rows share one empty array.
 */
export function gridOf(cells: SheetCells, w: Window): InputCell[][] {
  const { rowNumbers, rows } = cells;
  // First stored row at or after w.top (binary search).
  let lo = 0;
  let hi = rowNumbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rowNumbers[mid] ?? 0) < w.top) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  let right = w.left - 1;
  const header = rowNumbers[start] === w.top ? rows[start] : undefined;
  if (header !== undefined) {
    const maxVal = Math.min(w.right, header.vals.length);
    for (let c = w.left; c <= maxVal; c++) if (!blank(header.vals[c - 1])) right = c;
    for (const [c, v] of header.far ?? []) if (c >= w.left && c <= w.right && c > right && !blank(v)) right = c;
  }
  const width = right - w.left + 1;
  if (width <= 0) return [];
  let bottom = w.top;
  for (let i = start; i < rowNumbers.length && (rowNumbers[i] ?? 0) <= w.bottom; i++) {
    const r = rows[i] as RowCells;
    let filled = false;
    for (let c = w.left; c <= right && !filled; c++) if (!blank(cellAt(r, c))) filled = true;
    if (filled) bottom = rowNumbers[i] ?? bottom;
  }
  const grid: InputCell[][] = new Array<InputCell[]>(bottom - w.top + 1);
  let i = start;
  for (let rowNo = w.top; rowNo <= bottom; rowNo++) {
    if (rowNumbers[i] !== rowNo) {
      grid[rowNo - w.top] = EMPTY_ROW as InputCell[];
      continue;
    }
    const r = rows[i++] as RowCells;
    if (w.left === 1 && r.far === undefined && r.vals.length <= width) {
      grid[rowNo - w.top] = r.vals;
    } else {
      const out = new Array<InputCell>(width);
      for (let c = 0; c < width; c++) out[c] = cellAt(r, w.left + c);
      grid[rowNo - w.top] = out;
    }
  }
  return grid;
}
