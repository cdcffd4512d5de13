/**
 * Worksheet cells, shared strings and date styles read with SAX: memory follows the cells that are
 * present, never what the sheet claims. <dimension>, merged cells, data validations, conditional
 * formats and the like are not read at all; a cell address only places the cell.
 *
 *   <row r="7"><c r="B7" s="3"><v>46083</v></c><c r="C7" t="s"><v>12</v></c></row>
 *     -> row 7: B = Date 2026-03-02 (style 3 has a date format), C = shared string 12
 *
 * Limits (SheetLimitError naming the sheet, with a hint): a row number above 1,048,576 or a column
 * beyond XFD (16,384), more <row> elements than Excel allows, more cells than MAX_CELLS in the
 * sheets read, a shared-string index that does not exist.
 *
 * Cells become what src/workbook expects: numbers, strings (Excel's _xHHHH_ escapes decoded),
 * booleans, Date for a number under a date format (UTC, 1900 or 1904 date system), {error} for
 * error cells; a formula gives its cached value. Nothing else is interpreted here.
 */
import type { InputCell } from '../workbook/sheet';
import { columnNumber, decodeExcelText } from './xml';
import { saxParse, saxParseStream, type SaxHandlers } from './saxRead';
import { scanXmlStream } from './xmlScan';
import type { StoredPart, ZipIn } from './zipRead';
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

// Built-in number formats that are dates or times (ECMA-376 18.8.30, plus the East Asian ones).
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time (quoted text, [colours] and escapes aside). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  if (/general/i.test(bare) && !/[dmyhs]/i.test(bare.replace(/general/gi, ''))) return false;
  return /[dmyhs]/i.test(bare);
}

/** For each cell format (xf) index, whether it formats numbers as dates. */
export function readDateStyles(data: Buffer, partName: string): boolean[] {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  saxParse(partName, data, {
    open: (name, a) => {
      if (name === 'numFmt') custom.set(Number(a['numFmtId']), a['formatCode'] ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a['numFmtId'] ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    const code = custom.get(id);
    return code === undefined ? BUILTIN_DATE_IDS.has(id) : isDateFormat(code);
  });
}

/** The shared-string table: rich text as its plain text, phonetic runs left out. */
export async function readSharedStrings(zip: ZipIn, partName: string): Promise<string[]> {
  const part = zip.get(partName);
  if (part === undefined) return [];
  return parsePart(zip, part, stringCollector);
}

function stringCollector(): { readonly handlers: SaxHandlers; readonly done: () => string[] } {
  const strings: string[] = [];
  let depthRph = 0;
  let inT = false;
  let text = '';
  const handlers: SaxHandlers = {
    open: (name) => {
      if (name === 'si') text = '';
      else if (name === 'rPh') depthRph++;
      else if (name === 't' && depthRph === 0) inT = true;
    },
    close: (name) => {
      if (name === 'si') strings.push(decodeExcelText(text));
      else if (name === 'rPh') depthRph--;
      else if (name === 't') inT = false;
    },
    text: (t) => {
      if (inT) text += t;
    },
  };
  return { handlers, done: () => strings };
}

export class SheetLimitError extends PackageError {}

/** Serial day (1900 or 1904 system) as the UTC Date src/workbook reads back to that serial. */
function serialToDate(serial: number, date1904: boolean): Date | number {
  const days = date1904 ? serial + 1462 : serial;
  const ms = Math.round((days - 25569) * 86_400_000);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms) : serial;
}

export interface ReadContext {
  readonly sharedStrings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  /** Cells still allowed over every sheet read (shared, counts down). */
  budget: { cells: number };
}

/**
 * Parses a streamed part with the fast scanner (xmlScan.ts) and, if it leaves the scanner's plain
 * subset, once more with saxes: `start()` makes fresh handlers for each pass (so nothing from the
 * abandoned pass is kept) and `undo()` restores what that pass used up.
 */
export async function parsePart<T>(zip: ZipIn, part: StoredPart, start: () => { readonly handlers: SaxHandlers; readonly done: () => T }, undo: () => void = () => undefined): Promise<T> {
  const fast = start();
  if (await scanXmlStream(part.name, await zip.stream(part), fast.handlers)) return fast.done();
  undo();
  const slow = start();
  await saxParseStream(part.name, await zip.stream(part), slow.handlers);
  return slow.done();
}

/** Reads the wanted cells of one worksheet. `sheetName` is used only in messages. */
export async function readSheetCells(zip: ZipIn, partName: string, sheetName: string, needs: SheetNeeds, ctx: ReadContext): Promise<SheetCells> {
  const part = zip.get(partName);
  if (part === undefined) throw new PackageError(`sheet "${sheetName}": its part ${partName} is missing from the package`);
  const budget = ctx.budget.cells;
  return parsePart(
    zip,
    part,
    () => cellCollector(sheetName, needs, ctx),
    () => {
      ctx.budget.cells = budget;
    },
  );
}

/** The handlers that keep a worksheet's wanted cells, and the cells once the part is read. */
function cellCollector(sheetName: string, needs: SheetNeeds, ctx: ReadContext): { readonly handlers: SaxHandlers; readonly done: () => SheetCells } {
  const limit = (message: string, hint: string): SheetLimitError => new SheetLimitError(`sheet "${sheetName}": ${message}`, hint);

  const rowNumbers: number[] = [];
  const rows: RowCells[] = [];
  let sorted = true;
  let rowElements = 0;
  let rowNo = 0;
  let row: RowCells | undefined;
  let count = 0; // cells kept in this row
  let col = 0;
  let type = '';
  let style = 0;
  let inV = false;
  let inIs = false;
  let depthRph = 0;
  let inT = false;
  let text = '';
  let hasValue = false;
  // Sheet mode: after row 1, columns past its last non-blank cell are not kept.
  let sheetRight = needs.asSheet ? MAX_COLUMNS : 0;
  let headerSeen = false;
  const windows = needs.windows;

  const wanted = (r: number, c: number): boolean => {
    if (needs.asSheet && c <= sheetRight) return true;
    for (const w of windows) if (r >= w.top && r <= w.bottom && c >= w.left && c <= w.right) return true;
    return false;
  };

  const endHeader = (): void => {
    if (!needs.asSheet || headerSeen) return;
    headerSeen = true;
    let right = 0;
    if (rowNumbers[0] === 1 && rows[0] !== undefined) {
      rows[0].vals.forEach((v, i) => {
        if (!blank(v)) right = i + 1;
      });
      for (const [c, v] of rows[0].far ?? []) if (!blank(v) && c > right) right = c;
    }
    sheetRight = right;
  };

  const store = (value: InputCell): void => {
    if (row === undefined) {
      row = { vals: [] };
      if (rowNumbers.length > 0 && rowNo <= (rowNumbers[rowNumbers.length - 1] ?? 0)) sorted = false;
      rowNumbers.push(rowNo);
      rows.push(row);
    }
    if (--ctx.budget.cells < 0) {
      throw limit(`more than ${MAX_CELLS.toLocaleString('en-US')} cells are in the sheets read`, 'Split the data over several workbooks, or remove unused cells.');
    }
    if (col - 1 <= 2 * count + 64) row.vals[col - 1] = value;
    else (row.far ??= new Map()).set(col, value);
    count++;
  };

  const finishCell = (): void => {
    if (!hasValue) return;
    let value: InputCell;
    switch (type) {
      case 's': {
        const idx = Number(text);
        const s = Number.isInteger(idx) ? ctx.sharedStrings[idx] : undefined;
        if (s === undefined) throw limit(`cell ${cellName(col, rowNo)} refers to shared string ${text.trim()}, which does not exist`, 'The file is damaged; save it again from Excel.');
        value = s;
        break;
      }
      case 'str':
      case 'inlineStr':
        value = decodeExcelText(text);
        break;
      case 'b':
        value = text.trim() === '1' || text.trim().toLowerCase() === 'true';
        break;
      case 'e':
        value = { error: text.trim() };
        break;
      case 'd': {
        const d = new Date(text.trim());
        value = Number.isNaN(d.getTime()) ? text : d;
        break;
      }
      default: {
        const t = text.trim();
        if (t === '') return;
        const n = Number(t);
        if (Number.isNaN(n)) value = t;
        else value = ctx.dateStyles[style] === true ? serialToDate(n, ctx.date1904) : n;
      }
    }
    store(value);
  };

  const handlers: SaxHandlers = {
    open: (name, a) => {
      switch (name) {
        case 'row': {
          if (rowNo >= 1) endHeader();
          if (++rowElements > MAX_ROWS) throw limit(`more than ${MAX_ROWS.toLocaleString('en-US')} rows`, "That is beyond Excel's own limit; the file was not made by Excel.");
          const r = a['r'];
          const n = r === undefined ? rowNo + 1 : Number(r);
          if (!Number.isInteger(n) || n < 1) throw limit(`a row is numbered "${r ?? ''}"`, 'Row numbers run from 1 to 1,048,576; the file is damaged.');
          if (n > MAX_ROWS) throw limit(`row ${n.toLocaleString('en-US')} is beyond Excel's last row (1,048,576)`, 'The file was not made by Excel, or is damaged.');
          rowNo = n;
          row = undefined;
          count = 0;
          col = 0;
          break;
        }
        case 'c': {
          const ref = a['r'];
          let c = col + 1;
          if (ref !== undefined) {
            c = refColumn(ref);
            if (c === 0) throw limit(`a cell has the address "${ref}"`, 'The file is damaged; save it again from Excel.');
          }
          if (c > MAX_COLUMNS) throw limit(`cell ${ref ?? c} is beyond Excel's last column (XFD, 16,384)`, 'The file was not made by Excel, or is damaged.');
          if (rowNo === 0) rowNo = 1; // a cell outside any <row>: treat as row 1's
          col = c;
          type = a['t'] ?? 'n';
          style = Number(a['s'] ?? 0);
          text = '';
          hasValue = false;
          inIs = false;
          break;
        }
        case 'v':
          inV = true;
          break;
        case 'is':
          inIs = true;
          break;
        case 'rPh':
          depthRph++;
          break;
        case 't':
          if (inIs && depthRph === 0) inT = true;
          break;
        default:
      }
    },
    close: (name) => {
      switch (name) {
        case 'c':
          if (wanted(rowNo, col)) finishCell();
          break;
        case 'v':
          inV = false;
          hasValue = true;
          break;
        case 'is':
          inIs = false;
          hasValue = true;
          break;
        case 'rPh':
          depthRph--;
          break;
        case 't':
          inT = false;
          break;
        default:
      }
    },
    text: (t) => {
      if (inV || inT) text += t;
    },
  };
  const done = (): SheetCells => {
    endHeader();
    return sortedRows(rowNumbers, rows, sorted);
  };
  return { handlers, done };
}

/** Rows in order; rows out of order (not written by Excel) sorted, a later duplicate row's cells winning. */
function sortedRows(rowNumbers: readonly number[], rows: readonly RowCells[], sorted: boolean): SheetCells {
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

/** The column of a cell reference ("BC12" -> 55), as columnNumber reads its letters; 0 if none. */
function refColumn(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) > 57) i++;
  if (i === 0 || i > 3) return columnNumber(ref.slice(0, i));
  let n = 0;
  for (let k = 0; k < i; k++) {
    const c = ref.charCodeAt(k) | 0x20;
    if (c < 97 || c > 122) return 0;
    n = n * 26 + (c - 96);
  }
  return n;
}

function cellName(col: number, row: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${row}`;
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
