/**
 * The handlers that keep a worksheet's wanted cells (sheetRead.ts runs them over the sheet part).
 * They take events two ways, to the same effect:
 *   - from saxes (and any caller of `open`/`text`): attributes as a record, text as strings;
 *   - from the scanner's cell path (xmlScan.ts `openRaw`/`rawText`): attributes and plain text as
 *     positions in the inflated bytes, so a cell like `<c r="H328" s="9"><v>835.82</v></c>` makes
 *     no attribute object and no string: the column is read from the letters of `r`, the style
 *     from its digits, and the number from the value's bytes (rawAttrs.ts numberOf) when the cell
 *     is wanted at all. Anything unusual (a style that is not plain digits, a value that is not a
 *     plain decimal, a second text piece in one value) is read through its text, as saxes' events
 *     would be.
 *
 * Limits (SheetLimitError naming the sheet): a row numbered outside 1 to 1,048,576, more <row>
 * elements than that, a column beyond XFD, more cells than the shared budget allows, a shared
 * string that does not exist.
 */
import type { InputCell } from '../workbook/sheet';
import { columnNumber, decodeExcelText } from './xml';
import type { SaxHandlers } from './saxRead';
import type { ScanHandlers } from './xmlScan';
import { numberOf, type RawAttrs } from './rawAttrs';
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS, SheetLimitError, blank, sortedRows } from './sheetCells';
import type { ReadContext, RowCells, SheetCells, SheetNeeds } from './sheetCells';

/** Serial day (1900 or 1904 system) as the UTC Date src/workbook reads back to that serial. */
function serialToDate(serial: number, date1904: boolean): Date | number {
  const days = date1904 ? serial + 1462 : serial;
  const ms = Math.round((days - 25569) * 86_400_000);
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms) : serial;
}

/** The column of a cell reference ("BC12" -> 55), as columnNumber reads its letters; 0 if none. */
export function refColumn(ref: string): number {
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

/** Cell types spelled as Excel writes them, so the cell path makes no string for them. */
const CELL_TYPES = ['n', 's', 'str', 'inlineStr', 'b', 'e', 'd'] as const;

function rawType(a: RawAttrs, i: number): string {
  if (i < 0) return 'n';
  for (const t of CELL_TYPES) if (a.equals(i, t)) return t;
  return a.text(i);
}

/** `Number(value)` of attribute i, from its digits when it is plain. */
function rawNumber(a: RawAttrs, i: number): number {
  const d = a.digits(i);
  return d >= 0 ? d : Number(a.text(i));
}

/** The handlers that keep a worksheet's wanted cells, and the cells once the part is read. */
export function cellCollector(sheetName: string, needs: SheetNeeds, ctx: ReadContext): { readonly handlers: ScanHandlers; readonly done: () => SheetCells } {
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
  // The cell's value while it is one plain ASCII piece still in the scanner's bytes.
  let pending: Buffer | undefined;
  let pendingStart = 0;
  let pendingEnd = 0;
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

  /** The pending bytes become the text. */
  const settle = (): void => {
    if (pending === undefined) return;
    text += pending.toString('latin1', pendingStart, pendingEnd);
    pending = undefined;
  };

  /** The value's number when it is still plain bytes (types n and s), else undefined. */
  const pendingNumber = (): number | undefined => (pending === undefined ? undefined : numberOf(pending, pendingStart, pendingEnd));

  const finishCell = (): void => {
    if (!hasValue) return;
    let value: InputCell;
    switch (type) {
      case 's': {
        const fast = pendingNumber();
        if (fast === undefined) settle();
        const idx = fast ?? Number(text);
        const s = Number.isInteger(idx) ? ctx.sharedStrings[idx] : undefined;
        if (s === undefined) settle();
        if (s === undefined) throw limit(`cell ${cellName(col, rowNo)} refers to shared string ${text.trim()}, which does not exist`, 'The file is damaged; save it again from Excel.');
        value = s;
        break;
      }
      case 'str':
      case 'inlineStr':
        settle();
        value = decodeExcelText(text);
        break;
      case 'b':
        settle();
        value = text.trim() === '1' || text.trim().toLowerCase() === 'true';
        break;
      case 'e':
        settle();
        value = { error: text.trim() };
        break;
      case 'd': {
        settle();
        const d = new Date(text.trim());
        value = Number.isNaN(d.getTime()) ? text : d;
        break;
      }
      default: {
        let n = pendingNumber();
        if (n === undefined) {
          settle();
          const t = text.trim();
          if (t === '') return;
          n = Number(t);
          if (Number.isNaN(n)) {
            store(t);
            return;
          }
        }
        value = ctx.dateStyles[style] === true ? serialToDate(n, ctx.date1904) : n;
      }
    }
    store(value);
  };

  /** A <row>: `n` its number, `shown` the text of its r attribute for a message. */
  const openRow = (n: number, shown: string | undefined): void => {
    if (rowNo >= 1) endHeader();
    if (++rowElements > MAX_ROWS) throw limit(`more than ${MAX_ROWS.toLocaleString('en-US')} rows`, "That is beyond Excel's own limit; the file was not made by Excel.");
    if (!Number.isInteger(n) || n < 1) throw limit(`a row is numbered "${shown ?? ''}"`, 'Row numbers run from 1 to 1,048,576; the file is damaged.');
    if (n > MAX_ROWS) throw limit(`row ${n.toLocaleString('en-US')} is beyond Excel's last row (1,048,576)`, 'The file was not made by Excel, or is damaged.');
    rowNo = n;
    row = undefined;
    count = 0;
    col = 0;
  };

  /** A <c> in column c (0: its reference has no letters), `ref` its reference for a message. */
  const openCell = (c: number, ref: string | undefined, t: string, s: number): void => {
    if (c === 0) throw limit(`a cell has the address "${ref ?? ''}"`, 'The file is damaged; save it again from Excel.');
    if (c > MAX_COLUMNS) throw limit(`cell ${ref ?? c} is beyond Excel's last column (XFD, 16,384)`, 'The file was not made by Excel, or is damaged.');
    if (rowNo === 0) rowNo = 1; // a cell outside any <row>: treat as row 1's
    col = c;
    type = t;
    style = s;
    text = '';
    pending = undefined;
    hasValue = false;
    inIs = false;
  };

  /** Every other start tag (no attribute of theirs is read). */
  const openOther = (name: string): void => {
    switch (name) {
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
  };

  const open: SaxHandlers['open'] = (name, a) => {
    if (name === 'row') {
      const r = a['r'];
      openRow(r === undefined ? rowNo + 1 : Number(r), r);
    } else if (name === 'c') {
      const ref = a['r'];
      openCell(ref === undefined ? col + 1 : refColumn(ref), ref, a['t'] ?? 'n', Number(a['s'] ?? 0));
    } else openOther(name);
  };

  const openRaw = (name: string, a: RawAttrs): void => {
    if (name === 'c') {
      const i = a.index('r');
      let c = col + 1;
      if (i >= 0) {
        c = a.letterColumn(i);
        if (c < 0) c = refColumn(a.text(i));
      }
      const s = a.index('s');
      openCell(c, i >= 0 && (c === 0 || c > MAX_COLUMNS) ? a.text(i) : undefined, rawType(a, a.index('t')), s < 0 ? 0 : rawNumber(a, s));
    } else if (name === 'row') {
      const i = a.index('r');
      const n = i < 0 ? rowNo + 1 : rawNumber(a, i);
      // The attribute's text only for the message about a bad number.
      openRow(n, i < 0 || (Number.isInteger(n) && n >= 1) ? undefined : a.text(i));
    } else openOther(name);
  };

  const close = (name: string): void => {
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
  };

  const handlers: ScanHandlers = {
    open,
    openRaw,
    close,
    text: (t) => {
      if (!inV && !inT) return;
      settle();
      text += t;
    },
    rawText: (buf, a, b) => {
      if (!inV && !inT) return;
      if (pending === undefined && text === '') {
        pending = buf;
        pendingStart = a;
        pendingEnd = b;
        return;
      }
      settle();
      text += buf.toString('latin1', a, b);
    },
  };
  const done = (): SheetCells => {
    endHeader();
    return sortedRows(rowNumbers, rows, sorted);
  };
  return { handlers, done };
}
