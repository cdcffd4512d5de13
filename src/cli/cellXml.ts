/**
 * The cells of generated sheets as SpreadsheetML text (sheetXml.ts places them). Table bodies are
 * nearly all of a big workbook's bytes (100,000 movements, every sheet: about 7 million cells), so
 * body rows are written lean and with little garbage, as bytes straight into a ByteSink
 * (byteSink.ts: no string per cell, numbers digit by digit):
 *
 *     <row r="328"><c s="7"><v>45659</v></c><c s="3" t="inlineStr"><is><t>R159</t></is></c>
 *                  <c r="H328" s="9"><v>835.82</v></c>...</row>
 *
 * - A body cell carries its `r` reference only after a gap in its row. `r` is optional in
 *   SpreadsheetML: a cell without one is the column after the previous cell of its row (the first
 *   cell of a row, column A). Excel, LibreOffice, openpyxl and Perpetua's own reader (sheetRead.ts)
 *   read it so. Rows keep their `r`, and notes, titles, headers, totals and statement lines keep
 *   every reference (they are few).
 * - The bytes after `<c` of a text cell are kept per column for values seen before (accounts,
 *   types, item codes repeat), so a repeated value costs one map lookup and a copy instead of an
 *   escape check and an encoding; a column with more than TEXT_CACHE distinct values stops keeping them. Text that
 *   needs no escape is found by one pass over its characters (plainText).
 *
 * Strings are inline strings (t="inlineStr"), never formulas; characters XML 1.0 forbids and
 * carriage returns are written as Excel's _xHHHH_ escapes (xml.ts).
 */
import type { OutputCell } from '../workbook/sheet';
import { ByteSink, MAX_FAST_BYTES, bytesOf, digitsInto, numberInto } from './byteSink';
import { xmlText } from './xml';

/** Distinct text values remembered per column (a column of unique memos stops adding at this). */
const TEXT_CACHE = 4096;

/**
 * Whether `s` goes into `<t>` as it is: no markup character, no `_` (a possible `_xHHHH_`), no
 * control character, nothing from U+D800 up (surrogates, U+FFFE, U+FFFF), and neither begins nor
 * ends with a character that could be white space. One pass over the characters, quicker than the
 * regular expressions for the short values of table bodies; anything else takes the full path.
 */
function plainText(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first <= 0x20 || last <= 0x20 || first >= 0x7f || last >= 0x7f) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x5f || c >= 0xd800) return false;
  }
  return true;
}

const T_CLOSE_TEXT = '</t></is></c>';

/** `<t>`'s attributes and content for `s` (leading or trailing white space is kept). */
function textBody(s: string): string {
  if (plainText(s)) return '>' + s + T_CLOSE_TEXT;
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `${space}>${xmlText(s)}</t></is></c>`;
}

/** A text cell (notes, titles, headers, labels), with its reference. */
export function stringCell(ref: string, style: number, s: string): string {
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${textBody(s)}`;
}

/** A formula cell with its cached value (a string result is t="str"). */
export function formulaCell(ref: string, style: number, formula: string, value: number | string): string {
  const f = `<f>${xmlText(formula)}</f>`;
  if (typeof value === 'number') return `<c r="${ref}" s="${style}">${f}${Number.isFinite(value) ? `<v>${value}</v>` : ''}</c>`;
  return `<c r="${ref}" s="${style}" t="str">${f}<v>${xmlText(value)}</v></c>`;
}

const ROW_OPEN = bytesOf('<row r="');
const TAG_END = bytesOf('">');
const ROW_CLOSE = bytesOf('</row>');
const CELL_REF = bytesOf('<c r="');
const QUOTE = bytesOf('"');
const C_OPEN = bytesOf('<c');
const V_CLOSE = bytesOf('</v></c>');
const TRUE_V = bytesOf('1</v></c>');
const FALSE_V = bytesOf('0</v></c>');
const GT = bytesOf('>');
const T_CLOSE = bytesOf('</t></is></c>');

/** Room for a row's own pieces: `<row r="1048576">` and `</row>`. */
const ROW_ROOM = 32;

/** Copies `piece` into buf at `at` (room checked by the caller); returns the end. */
function put(buf: Uint8Array, at: number, piece: Uint8Array): number {
  const n = piece.length;
  // Most pieces are a few bytes long: a loop beats set()'s call overhead there.
  if (n < 24) {
    for (let i = 0; i < n; i++) buf[at + i] = piece[i] as number;
  } else buf.set(piece, at);
  return at + n;
}

/** The body rows of one table: one cell format per column, columns from A, written as bytes. */
export class BodyRows {
  /** Per column, what follows `<c` (or `<c r="B5"`) up to a number: ` s="9"><v>`. */
  private readonly numberHead: Uint8Array[] = [];
  /** The same with the `<c` in front, for a cell written without a reference. */
  private readonly numberOpen: Uint8Array[] = [];
  private readonly boolHead: Uint8Array[] = [];
  private readonly textHead: string[] = [];
  private readonly textHeadBytes: Uint8Array[] = [];
  private readonly letters: Uint8Array[];
  /** Per column, text seen before; undefined once the column proves to hold distinct values. */
  private readonly texts: Array<Map<string, Uint8Array> | undefined> = [];
  /** Room for one cell but its text: a reference, the longest head, a number, the close. */
  private readonly cellRoom: number;

  constructor(letters: readonly string[], styles: readonly number[]) {
    this.letters = letters.map(bytesOf);
    let head = 0;
    for (const s of styles) {
      this.numberHead.push(bytesOf(` s="${s}"><v>`));
      this.numberOpen.push(bytesOf(`<c s="${s}"><v>`));
      this.boolHead.push(bytesOf(` s="${s}" t="b"><v>`));
      this.textHead.push(` s="${s}" t="inlineStr"><is><t`);
      this.textHeadBytes.push(bytesOf(` s="${s}" t="inlineStr"><is><t`));
      this.texts.push(new Map());
      head = Math.max(head, (this.numberOpen[this.numberOpen.length - 1] as Uint8Array).length, (this.boolHead[this.boolHead.length - 1] as Uint8Array).length);
    }
    const letterBytes = this.letters.reduce((n, l) => Math.max(n, l.length), 0);
    this.cellRoom = CELL_REF.length + letterBytes + 10 + QUOTE.length + head + MAX_FAST_BYTES + TRUE_V.length;
  }

  /** Writes what follows `<c` of a text cell in column c, when its bytes are not kept. */
  private textOnce(out: ByteSink, c: number, s: string): void {
    out.bytes(this.textHeadBytes[c] as Uint8Array);
    if (!plainText(s)) return out.text(textBody(s));
    out.bytes(GT);
    out.text(s);
    out.bytes(T_CLOSE);
  }

  /** What follows `<c` of a text cell in column c, kept for values seen before; undefined if not kept. */
  private textBytes(c: number, s: string): Uint8Array | undefined {
    const cache = this.texts[c];
    if (cache === undefined) return undefined;
    let x = cache.get(s);
    if (x === undefined) {
      x = bytesOf((this.textHead[c] as string) + textBody(s));
      // Past TEXT_CACHE distinct values (document numbers, memos) new values rarely repeat an
      // old one: the column stops looking.
      if (cache.size < TEXT_CACHE) cache.set(s, x);
      else this.texts[c] = undefined;
    }
    return x;
  }

  /** `<c r="B5"` into buf at `at`: the reference of a cell after a gap; returns the end. */
  private ref(buf: Uint8Array, at: number, c: number, rowNo: number): number {
    const end = digitsInto(buf, put(buf, put(buf, at, CELL_REF), this.letters[c] as Uint8Array), rowNo);
    return put(buf, end, QUOTE);
  }

  /**
   * Writes `<row r="rowNo">...</row>` of one body row (`row[c]` in column c + 1; null: no cell).
   * The row goes straight into the sink's buffer: room for every cell but its text is reserved
   * up front, a text's known bytes just before they are copied, and the rare pieces (text not
   * kept, numbers beyond six decimals) go through the sink's own methods.
   */
  write(out: ByteSink, rowNo: number, row: ReadonlyArray<OutputCell>): void {
    const width = Math.min(row.length, this.numberHead.length);
    const cellRoom = this.cellRoom;
    let buf = out.reserve(ROW_ROOM + width * cellRoom);
    let at = put(buf, digitsInto(buf, put(buf, out.length, ROW_OPEN), rowNo), TAG_END);
    // The column a cell without a reference would land in.
    let next = 0;
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        at = c === next ? put(buf, at, this.numberOpen[c] as Uint8Array) : put(buf, this.ref(buf, at, c, rowNo), this.numberHead[c] as Uint8Array);
        const end = numberInto(buf, at, v);
        if (end >= 0) at = end;
        else {
          out.commit(at);
          out.text(String(v));
          buf = out.reserve(ROW_ROOM + (width - c) * cellRoom);
          at = out.length;
        }
        at = put(buf, at, V_CLOSE);
      } else {
        at = c === next ? put(buf, at, C_OPEN) : this.ref(buf, at, c, rowNo);
        if (typeof v === 'boolean') at = put(buf, put(buf, at, this.boolHead[c] as Uint8Array), v ? TRUE_V : FALSE_V);
        else {
          const x = this.textBytes(c, v);
          if (x !== undefined && at + x.length + ROW_ROOM + (width - c) * cellRoom <= buf.length) at = put(buf, at, x);
          else {
            out.commit(at);
            if (x === undefined) this.textOnce(out, c, v);
            else out.bytes(x);
            buf = out.reserve(ROW_ROOM + (width - c) * cellRoom);
            at = out.length;
          }
        }
      }
      next = c + 1;
    }
    out.commit(put(buf, at, ROW_CLOSE));
  }

  /** One body row as text (tests, and callers writing a few rows). */
  row(rowNo: number, row: ReadonlyArray<OutputCell>): string {
    const out = new ByteSink(256);
    this.write(out, rowNo, row);
    return out.take().toString('utf8');
  }
}
