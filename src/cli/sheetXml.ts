/**
 * SpreadsheetML for generated sheets, written directly as text. exceljs took about three minutes
 * and 4 GB to write the sheets of a 100,000-movement run (a Journal of 200,000 lines alone is
 * 1.6 million styled cells); building the same XML as strings takes a few seconds. The package
 * editor (packageEdit.ts) places the parts and copies the user's; this module only produces, for
 * each generated sheet:
 *
 *     xl/worksheets/sheetN.xml   frozen header, column widths, cells with number formats
 *     xl/tables/tableK.xml       one Excel table per SheetTable (header style TableStyleMedium2)
 *
 * plus the extra number formats, fonts and cell formats appended to the workbook's styles.xml.
 * Strings are inline strings (t="inlineStr"): never formulas, whatever they begin with; characters
 * XML 1.0 forbids and carriage returns are written as Excel's _xHHHH_ escapes (xml.ts).
 */
import type { ColumnFormat, OutputCell, SheetModel, SheetTable } from '../workbook/sheet';
import { columnLetters, xmlEscape, xmlText } from './xml';

export const COLUMN_FORMATS: readonly ColumnFormat[] = ['text', 'date', 'money', 'qty', 'rate', 'percent', 'integer'];

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

/** Built-in number format ids (ECMA-376 18.8.30) for the codes we use that have one. */
const BUILTIN_FORMATS: Readonly<Record<string, number>> = { '0': 1, '#,##0': 3, '#,##0.00': 4, '@': 49 };

/** Cell format (xf) indexes the generated sheets use. */
export interface StyleIds {
  readonly data: Readonly<Record<ColumnFormat, number>>;
  readonly header: number;
  readonly note: number;
  readonly title: number;
}

function countOf(block: string, element: RegExp): number {
  return (block.match(element) ?? []).length;
}

/** Replaces the block <tag ...>...</tag> (or <tag .../>) with `make(inner)`, or inserts one. */
function editBlock(xml: string, tag: string, make: (inner: string) => string, insertBefore: readonly string[]): string {
  const open = new RegExp(`<${tag}\\b[^>]*?(/?)>`);
  const m = open.exec(xml);
  if (m !== null) {
    const start = m.index;
    if (m[1] === '/') return xml.slice(0, start) + make('') + xml.slice(start + m[0].length);
    const close = xml.indexOf(`</${tag}>`, start);
    const inner = xml.slice(start + m[0].length, close);
    return xml.slice(0, start) + make(inner) + xml.slice(close + tag.length + 3);
  }
  for (const before of insertBefore) {
    const at = xml.indexOf(`<${before}`);
    if (at >= 0) return xml.slice(0, at) + make('') + xml.slice(at);
  }
  throw new Error(`styles.xml has no <${tag}> and no place to add one`);
}

/** Appends our number formats, fonts and cell formats to a styles.xml; returns it and their ids. */
export function addStyles(stylesXml: string, precision: number): { readonly xml: string; readonly ids: StyleIds } {
  let xml = stylesXml;

  // Number formats: built-in ids where they exist, else new custom ids after the largest in use.
  const formatId = new Map<string, number>();
  xml = editBlock(
    xml,
    'numFmts',
    (inner) => {
      const used = [...inner.matchAll(/numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
      const existing = new Map([...inner.matchAll(/<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)].map((m) => [m[2] ?? '', Number(m[1])]));
      let next = Math.max(163, ...used) + 1;
      let added = '';
      for (const f of COLUMN_FORMATS) {
        const code = numberFormat(f, precision);
        const escaped = xmlEscape(code);
        const id = BUILTIN_FORMATS[code] ?? existing.get(escaped) ?? formatId.get(code);
        if (id !== undefined) {
          formatId.set(code, id);
          continue;
        }
        formatId.set(code, next);
        added += `<numFmt numFmtId="${next}" formatCode="${escaped}"/>`;
        next++;
      }
      const all = inner + added;
      return `<numFmts count="${countOf(all, /<numFmt\b/g)}">${all}</numFmts>`;
    },
    ['fonts'],
  );

  // Fonts: bold (headers), italic grey (notes), bold 12 (titles).
  let fontBase = 0;
  xml = editBlock(
    xml,
    'fonts',
    (inner) => {
      fontBase = countOf(inner, /<font[\s>/]/g);
      const all =
        inner +
        '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>' +
        '<font><i/><sz val="11"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>' +
        '<font><b/><sz val="12"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>';
      return `<fonts count="${fontBase + 3}">${all}</fonts>`;
    },
    ['fills'],
  );

  let xfBase = 0;
  const data: Partial<Record<ColumnFormat, number>> = {};
  xml = editBlock(
    xml,
    'cellXfs',
    (inner) => {
      xfBase = countOf(inner, /<xf[\s>/]/g);
      let added = '';
      COLUMN_FORMATS.forEach((f, i) => {
        data[f] = xfBase + i;
        added += `<xf numFmtId="${formatId.get(numberFormat(f, precision)) ?? 0}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
      });
      added +=
        `<xf numFmtId="0" fontId="${fontBase}" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
        `<xf numFmtId="0" fontId="${fontBase + 1}" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
        `<xf numFmtId="0" fontId="${fontBase + 2}" fillId="0" borderId="0" xfId="0" applyFont="1"/>`;
      return `<cellXfs count="${xfBase + COLUMN_FORMATS.length + 3}">${inner}${added}</cellXfs>`;
    },
    ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'],
  );
  const n = COLUMN_FORMATS.length;
  return {
    xml,
    ids: { data: data as Record<ColumnFormat, number>, header: xfBase + n, note: xfBase + n + 1, title: xfBase + n + 2 },
  };
}

/** Where one table sits on its sheet (1-based rows and columns). */
export interface TableLayout {
  /** Excel table name, unique in the workbook. */
  readonly name: string;
  readonly titleRow?: number;
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Data rows written; an empty table gets one blank row (an Excel table needs one). */
  readonly rowCount: number;
}

export interface SheetLayout {
  readonly noteRows: readonly number[];
  readonly tables: readonly TableLayout[];
}

/** Notes from row 1, a blank row, then the tables top to bottom with one blank row between them. */
export function layoutSheet(model: SheetModel, tableName: (base: string) => string): SheetLayout {
  const notes = model.notes ?? [];
  const noteRows = notes.map((_, i) => i + 1);
  let row = notes.length > 0 ? notes.length + 2 : 1;
  const tables: TableLayout[] = [];
  model.tables.forEach((table, t) => {
    if (t > 0) row++;
    let titleRow: number | undefined;
    if (table.title !== undefined && table.title !== '') titleRow = row++;
    const rowCount = Math.max(1, table.rows.length);
    tables.push({ name: tableName(table.name), ...(titleRow === undefined ? {} : { titleRow }), headerRow: row, firstColumn: 1, rowCount });
    row += 1 + rowCount;
  });
  return { noteRows, tables };
}

const DEFAULT_WIDTH: Record<ColumnFormat, number> = { money: 14, qty: 11, date: 11, percent: 9, rate: 12, text: 14, integer: 8 };

function columnWidth(table: SheetTable, index: number): number {
  const spec = table.columns[index];
  if (spec === undefined) return 10;
  if (spec.width !== undefined) return spec.width;
  let width = Math.max(DEFAULT_WIDTH[spec.format], spec.header.length + 3);
  if (spec.format === 'text') {
    const sample = Math.min(table.rows.length, 500);
    for (let r = 0; r < sample; r++) {
      const v = table.rows[r]?.[index];
      if (typeof v === 'string') width = Math.max(width, v.length + 2);
    }
  }
  return Math.min(width, 60);
}

/** Table headers must be non-empty and unique ignoring case. */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    const base = h.replace(/[\r\n\t]+/g, ' ').trim() || `Column${i + 1}`;
    let candidate = base;
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${base} ${n}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

// Characters XML 1.0 forbids become Excel's _xHHHH_ escapes (xml.ts), so they round trip.
function textXml(s: string): string {
  return xmlText(s);
}

function stringCell(ref: string, style: number, s: string): string {
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${textXml(s)}</t></is></c>`;
}

/** Rows per chunk of the returned XML: big sheets are handed on in pieces of a few MB. */
const ROWS_PER_CHUNK = 5000;

/**
 * The worksheet part of one generated sheet, in chunks to be concatenated. `tableRelIds[i]` is
 * table i's relationship id; `drawingRelId`, when given, adds the sheet's <drawing> (charts).
 */
export function worksheetXml(
  model: SheetModel,
  layout: SheetLayout,
  ids: StyleIds,
  tableRelIds: readonly string[],
  drawingRelId?: string,
): string[] {
  const chunks: string[] = [];
  let out: string[] = [];
  const notes = model.notes ?? [];
  let maxCol = 1;
  const widths: number[] = [];
  model.tables.forEach((t, i) => {
    maxCol = Math.max(maxCol, t.columns.length);
    t.columns.forEach((_, c) => {
      widths[c] = Math.max(widths[c] ?? 0, columnWidth(t, c));
    });
    if (layout.tables[i] === undefined) throw new Error(`no layout for table ${t.name}`);
  });
  const last = layout.tables[layout.tables.length - 1];
  const lastRow = last === undefined ? Math.max(1, notes.length) : last.headerRow + last.rowCount;
  const first = layout.tables[0];

  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    `<dimension ref="A1:${columnLetters(maxCol)}${lastRow}"/>`,
  );
  if (first !== undefined) {
    const top = `A${first.headerRow + 1}`;
    out.push(
      '<sheetViews><sheetView workbookViewId="0">',
      `<pane ySplit="${first.headerRow}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/>`,
      `<selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`,
      '</sheetView></sheetViews>',
    );
  } else {
    out.push('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
  }
  out.push('<sheetFormatPr defaultRowHeight="15"/>');
  if (widths.length > 0) {
    out.push('<cols>');
    widths.forEach((w, c) => out.push(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`));
    out.push('</cols>');
  }
  out.push('<sheetData>');
  notes.forEach((note, i) => {
    const r = layout.noteRows[i] ?? i + 1;
    out.push(`<row r="${r}">${stringCell(`A${r}`, ids.note, note)}</row>`);
  });
  const letters: string[] = [];
  for (let c = 1; c <= maxCol; c++) letters.push(columnLetters(c));
  model.tables.forEach((table, t) => {
    const at = layout.tables[t];
    if (at === undefined) return;
    if (at.titleRow !== undefined) out.push(`<row r="${at.titleRow}">${stringCell(`A${at.titleRow}`, ids.title, table.title ?? '')}</row>`);
    const headers = uniqueHeaders(table.columns.map((c) => c.header));
    let header = `<row r="${at.headerRow}">`;
    headers.forEach((h, c) => {
      header += stringCell(`${letters[c] ?? columnLetters(c + 1)}${at.headerRow}`, ids.header, h);
    });
    out.push(`${header}</row>`);
    // Per column: '<c r="B' ... '" s="7"' around the row number (the hot loop of big sheets).
    const width = table.columns.length;
    const open: string[] = [];
    const style: number[] = [];
    for (let c = 0; c < width; c++) {
      open.push(`<c r="${letters[c] ?? columnLetters(c + 1)}`);
      style.push(ids.data[table.columns[c]?.format ?? 'text']);
    }
    for (let r = 0; r < table.rows.length; r++) {
      const rowNo = at.headerRow + 1 + r;
      const row = table.rows[r] ?? [];
      let xml = `<row r="${rowNo}">`;
      for (let c = 0; c < width; c++) {
        const v = row[c];
        if (v === null || v === undefined) continue;
        if (typeof v === 'number') {
          if (Number.isFinite(v)) xml += `${open[c] ?? ''}${rowNo}" s="${style[c] ?? 0}"><v>${v}</v></c>`;
        } else if (typeof v === 'boolean') {
          xml += `${open[c] ?? ''}${rowNo}" s="${style[c] ?? 0}" t="b"><v>${v ? 1 : 0}</v></c>`;
        } else {
          xml += stringCell(`${letters[c] ?? ''}${rowNo}`, style[c] ?? 0, v);
        }
      }
      out.push(xml, '</row>');
      if (r % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
        chunks.push(out.join(''));
        out = [];
      }
    }
  });
  out.push('</sheetData>');
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (drawingRelId !== undefined) out.push(`<drawing r:id="${drawingRelId}"/>`);
  if (tableRelIds.length > 0) {
    out.push(`<tableParts count="${tableRelIds.length}">`);
    for (const id of tableRelIds) out.push(`<tablePart r:id="${id}"/>`);
    out.push('</tableParts>');
  }
  out.push('</worksheet>');
  chunks.push(out.join(''));
  return chunks;
}

/** The table part of one SheetTable. */
export function tableXml(id: number, table: SheetTable, at: TableLayout): string {
  const headers = uniqueHeaders(table.columns.map((c) => c.header));
  const lastCol = columnLetters(at.firstColumn + headers.length - 1);
  const ref = `${columnLetters(at.firstColumn)}${at.headerRow}:${lastCol}${at.headerRow + at.rowCount}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${xmlEscape(at.name)}" ` +
    `displayName="${xmlEscape(at.name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/>` +
    `<tableColumns count="${headers.length}">` +
    headers.map((h, i) => `<tableColumn id="${i + 1}" name="${xmlEscape(h)}"/>`).join('') +
    '</tableColumns>' +
    '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>' +
    '</table>'
  );
}
