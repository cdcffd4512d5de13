/**
 * The cells of generated sheets as SpreadsheetML text (sheetXml.ts places them). Table bodies are
 * nearly all of a big workbook's bytes (100,000 movements, every sheet: about 7 million cells), so
 * body rows are written lean and with little garbage:
 *
 *     <row r="328"><c s="7"><v>45659</v></c><c s="3" t="inlineStr"><is><t>R159</t></is></c>
 *                  <c r="H328" s="9"><v>835.82</v></c>...</row>
 *
 * - A body cell carries its `r` reference only after a gap in its row. `r` is optional in
 *   SpreadsheetML: a cell without one is the column after the previous cell of its row (the first
 *   cell of a row, column A). Excel, LibreOffice, openpyxl and Perpetua's own reader (sheetRead.ts)
 *   read it so. Rows keep their `r`, and notes, titles, headers, totals and statement lines keep
 *   every reference (they are few).
 * - The text after `<c` of a text cell is kept per column for values seen before (accounts, types,
 *   item codes repeat), so a repeated value costs one map lookup instead of an escape check and a
 *   new string; a column with more than TEXT_CACHE distinct values stops keeping them. Text that
 *   needs no escape is found by one pass over its characters (plainText).
 *
 * Strings are inline strings (t="inlineStr"), never formulas; characters XML 1.0 forbids and
 * carriage returns are written as Excel's _xHHHH_ escapes (xml.ts).
 */
import type { OutputCell } from '../workbook/sheet';
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

/** `<t>`'s attributes and content for `s` (leading or trailing white space is kept). */
function textBody(s: string): string {
  if (plainText(s)) return '>' + s + '</t></is></c>';
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

/** The body rows of one table: one cell format per column, columns from A. */
export class BodyRows {
  /** Per column, what follows `<c` (or `<c r="B5"`) up to a number: ` s="9"><v>`. */
  private readonly numberHead: string[] = [];
  /** The same with the `<c` in front, for a cell written without a reference. */
  private readonly numberOpen: string[] = [];
  private readonly boolHead: string[] = [];
  private readonly textHead: string[] = [];
  /** Per column, text seen before; undefined once the column proves to hold distinct values. */
  private readonly texts: Array<Map<string, string> | undefined> = [];

  constructor(
    private readonly letters: readonly string[],
    styles: readonly number[],
  ) {
    for (const s of styles) {
      this.numberHead.push(` s="${s}"><v>`);
      this.numberOpen.push(`<c s="${s}"><v>`);
      this.boolHead.push(` s="${s}" t="b"><v>`);
      this.textHead.push(` s="${s}" t="inlineStr"><is><t`);
      this.texts.push(new Map());
    }
  }

  /** What follows `<c` of a text cell in column c. */
  private text(c: number, s: string): string {
    const cache = this.texts[c];
    if (cache === undefined) return (this.textHead[c] as string) + textBody(s);
    let x = cache.get(s);
    if (x === undefined) {
      x = (this.textHead[c] as string) + textBody(s);
      // Past TEXT_CACHE distinct values (document numbers, memos) new values rarely repeat an
      // old one: the column stops looking.
      if (cache.size < TEXT_CACHE) cache.set(s, x);
      else this.texts[c] = undefined;
    }
    return x;
  }

  /** `<row r="rowNo">...</row>` of one body row (`row[c]` in column c + 1; null: no cell). */
  row(rowNo: number, row: ReadonlyArray<OutputCell>): string {
    const rs = String(rowNo);
    let xml = '<row r="' + rs + '">';
    // The column a cell without a reference would land in.
    let next = 0;
    const width = Math.min(row.length, this.numberHead.length);
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        if (c === next) xml += (this.numberOpen[c] as string) + v + '</v></c>';
        else xml += '<c r="' + (this.letters[c] as string) + rs + '"' + (this.numberHead[c] as string) + v + '</v></c>';
      } else {
        const rest = typeof v === 'boolean' ? (this.boolHead[c] as string) + (v ? '1' : '0') + '</v></c>' : this.text(c, v);
        xml += c === next ? '<c' + rest : '<c r="' + (this.letters[c] as string) + rs + '"' + rest;
      }
      next = c + 1;
    }
    return xml + '</row>';
  }
}
