/**
 * Small helpers shared by the SpreadsheetML readers and writers: escaping that always yields
 * well-formed XML 1.0, Excel's `_xHHHH_` escapes, column letters.
 *
 * XML 1.0 cannot hold U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF or a lone
 * surrogate, not even as a character reference. Excel writes such a character in a cell as
 * `_xHHHH_` (four hex digits) and reads that back as the character; text that happens to contain
 * `_x0041_` literally has its underscore written as `_x005F_`, so it also comes back unchanged:
 *
 *     "a\u0001b"   -> "a_x0001_b"
 *     "_x0041_"    -> "_x005F_x0041_"
 *     "a\rb"       -> "a_x000D_b"      (a raw CR would be turned into LF by any XML parser)
 *
 * xmlText/xmlAttr apply that to every string the CLI writes; decodeExcelText undoes it on read.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const EXCEL_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_WORK = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|_x[0-9A-Fa-f]{4}_/;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Excel's escapes: forbidden characters and CR as `_xHHHH_`, a literal `_xHHHH_` guarded by `_x005F_`. */
export function excelEscape(s: string): string {
  return s.replace(EXCEL_ESCAPE, (ch) => `_x${hex4(ch.charCodeAt(0))}_`);
}

function markup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Text for an element's content (cells, shared strings, chart caches, titles): always well formed,
 * and read back by Excel (and decodeExcelText) as exactly `s`.
 */
export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return markup(excelEscape(s));
}

/** Escapes text for an attribute or element (kept under its old name: charts and tables use it). */
export function xmlEscape(s: string): string {
  return xmlText(s);
}

/**
 * An attribute value that is a name or a reference rather than cell text (sheet names, targets,
 * formula references): markup escaped, forbidden characters dropped (Excel refuses them in names
 * anyway), CR/LF/TAB kept as character references so attribute normalisation does not eat them.
 */
export function xmlAttr(s: string): string {
  const clean = FORBIDDEN.test(s) ? s.replace(new RegExp(FORBIDDEN.source, 'g'), '') : s;
  return markup(clean).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Undoes Excel's `_xHHHH_` escapes (on text already unescaped by the XML parser). */
export function decodeExcelText(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Undoes the five predefined entities and numeric character references (regex-read attributes). */
export function xmlUnescape(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(?:#x([0-9A-Fa-f]+)|#(\d+)|(quot|apos|lt|gt|amp));/g, (m, hexCode?: string, dec?: string, name?: string) => {
    if (hexCode !== undefined) return String.fromCodePoint(parseInt(hexCode, 16));
    if (dec !== undefined) return String.fromCodePoint(parseInt(dec, 10));
    switch (name) {
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      default:
        return m;
    }
  });
}

/** 1 -> A, 27 -> AA. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A -> 1, AA -> 27; 0 for anything that is not column letters. Stops counting past 7 letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length && i < 7; i++) {
    const c = letters.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) return 0;
    n = n * 26 + (c - 96);
  }
  return letters.length > 7 ? Number.MAX_SAFE_INTEGER : n;
}

/** The value of attribute `name` in one start tag's text (regex scan of small parts). */
export function attrOf(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[:.]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (m === null) return undefined;
  return xmlUnescape(m[2] ?? m[3] ?? '');
}
