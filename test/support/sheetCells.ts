/**
 * The cells of a worksheet part's XML with their addresses, as a spreadsheet reads them: a cell's
 * `r` when it has one, else the column after the previous cell of its row (column A first); a row's
 * `r` when it has one, else the row after the previous row. For tests that look at cells by address.
 */
import { columnLetters, columnNumber } from '../../src/cli/xml';

export interface XmlCell {
  /** "B5" */
  readonly ref: string;
  /** Whether the XML itself gave the reference. */
  readonly explicit: boolean;
  /** The start tag's attributes as written, without `r`. */
  readonly attrs: string;
  /** What is between <c ...> and </c> ('' for <c .../>). */
  readonly body: string;
}

export function sheetCells(xml: string): XmlCell[] {
  const out: XmlCell[] = [];
  let rowNo = 0;
  for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = /\sr="(\d+)"/.exec(row[1] ?? '')?.[1];
    rowNo = r === undefined ? rowNo + 1 : Number(r);
    let col = 0;
    for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? '';
      const ref = /\sr="([A-Z]+)(\d+)"/.exec(attrs);
      if (ref !== null && Number(ref[2]) !== rowNo) throw new Error(`cell ${ref[1]}${ref[2]} in row ${rowNo}`);
      col = ref === null ? col + 1 : columnNumber(ref[1] ?? '');
      out.push({ ref: `${columnLetters(col)}${rowNo}`, explicit: ref !== null, attrs: attrs.replace(/\sr="[^"]*"/, ''), body: c[2] ?? '' });
    }
  }
  return out;
}
