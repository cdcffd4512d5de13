/**
 * SpreadsheetML for generated sheets, written directly as text (exceljs took minutes and gigabytes
 * for sheets of hundreds of thousands of styled cells). The package editor (packageEdit.ts) places
 * the parts and copies the user's. This module only translates the one layout
 * (src/workbook/layout.ts: positions, number formats, widths, row-limit split, formula text) into
 * XML, for each generated sheet:
 *
 *     xl/worksheets/sheetN.xml   frozen header, column widths, cells with number formats
 *     xl/tables/tableK.xml       one Excel table per SheetTable (TableStyleMedium2), with a totals
 *                                row when the model has one (SUBTOTAL(109, ...) cells)
 *
 * plus the extra number formats, fonts and cell formats appended to styles.xml.
 * Strings are inline strings (t="inlineStr"): never formulas, whatever they begin with; the only
 * <f> elements are the model's FormulaCells and totals rows, each with its cached value. Characters
 * XML 1.0 forbids and carriage returns are written as Excel's _xHHHH_ escapes (xml.ts). The cells
 * themselves are cellXml.ts's (table bodies carry cell references only after a gap).
 *
 * Exported functions and their signatures, for the package writer (changes from the earlier
 * version are additive):
 *   splitModel(model, maxRows?)                       -> page models; call it before layoutSheet
 *                                                        (a table past 1,048,576 rows continues)
 *   addStyles(stylesXml, precision, models?)          -> {xml, ids}; pass every model written so
 *                                                        each column's own number format exists
 *   layoutSheet(model, tableName)                     -> SheetLayout (tableName(base) picks the
 *                                                        final table name, e.g. the previous one)
 *   worksheetXml(model, layout, ids, tableRelIds, drawingRelId?) -> chunks of the sheet part
 *   tableXml(id, table, at)                           -> the table part (pass the previous id to
 *                                                        keep it stable across runs)
 */
import { CODE_FORMAT, columnNumberFormats, columnWidthChars, numberFormat as layoutNumberFormat, planPages, resolveFormula, splitModel, subtotalFormula, type PlannedPage } from '../workbook/layout';
import { isFormulaCell, rowAt, rowCount, type ColumnFormat, type LayoutCell, type OutputRow, type SheetModel, type SheetTable } from '../workbook/sheet';
import { columnLetters, xmlEscape } from './xml';
import { BodyRows, formulaCell, stringCell } from './cellXml';
import { ByteSink } from './byteSink';

export { splitModel };

export const COLUMN_FORMATS: readonly ColumnFormat[] = ['text', 'code', 'date', 'money', 'qty', 'rate', 'percent', 'integer'];

/** Excel number format of a column format at default decimals (money at `precision`). */
export function numberFormat(format: ColumnFormat, precision = 2): string {
  return layoutNumberFormat(format, format === 'money' ? precision : 0);
}

/** Built-in number format ids (ECMA-376 18.8.30) for the codes we use that have one. */
const BUILTIN_FORMATS: Readonly<Record<string, number>> = { '0': 1, '#,##0': 3, '#,##0.00': 4, '@': 49 };

/** Cell format (xf) indexes the generated sheets use. */
export interface StyleIds {
  /** Per column format at its default decimals. */
  readonly data: Readonly<Record<ColumnFormat, number>>;
  readonly header: number;
  readonly note: number;
  readonly title: number;
  /** Per number format code: the plain and the bold (total line) cell format. */
  readonly byCode?: ReadonlyMap<string, { readonly plain: number; readonly bold: number }>;
}

/**
 * The number formats of a table's columns, found once per table and model: a qty column of a table
 * without a decimals answer is scanned row by row, and both the styles (formatCodesOf) and the
 * sheet (worksheetXml) ask.
 */
const formatsMemo = new WeakMap<SheetTable, { readonly model: SheetModel; readonly codes: readonly string[] }>();

function tableFormats(model: SheetModel, table: SheetTable): readonly string[] {
  const known = formatsMemo.get(table);
  if (known !== undefined && known.model === model) return known.codes;
  const codes = columnNumberFormats(model, table);
  formatsMemo.set(table, { model, codes });
  return codes;
}

/** Every number format code the models' columns use (and percent, for formula lines). */
export function formatCodesOf(models: readonly SheetModel[]): string[] {
  const codes = new Set<string>([layoutNumberFormat('percent')]);
  for (const m of models) for (const t of m.tables) for (const c of tableFormats(m, t)) codes.add(c);
  return [...codes];
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
export function addStyles(stylesXml: string, precision: number, models: readonly SheetModel[] = []): { readonly xml: string; readonly ids: StyleIds } {
  let xml = stylesXml;
  const codes = [...new Set([...COLUMN_FORMATS.map((f) => numberFormat(f, precision)), ...formatCodesOf(models)])];

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
      for (const code of codes) {
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

  // Fonts: bold (headers, total lines), italic grey (notes), bold 12 (titles).
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
  const byCode = new Map<string, { plain: number; bold: number }>();
  xml = editBlock(
    xml,
    'cellXfs',
    (inner) => {
      xfBase = countOf(inner, /<xf[\s>/]/g);
      let added = '';
      codes.forEach((code, i) => {
        const id = formatId.get(code) ?? 0;
        byCode.set(code, { plain: xfBase + 2 * i, bold: xfBase + 2 * i + 1 });
        // Codes are left-aligned like the text they stand for.
        const align = code === CODE_FORMAT ? ' applyAlignment="1"><alignment horizontal="left"/></xf>' : '/>';
        added +=
          `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"${align}` +
          `<xf numFmtId="${id}" fontId="${fontBase}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"${align}`;
      });
      added +=
        `<xf numFmtId="0" fontId="${fontBase}" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
        `<xf numFmtId="0" fontId="${fontBase + 1}" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
        `<xf numFmtId="0" fontId="${fontBase + 2}" fillId="0" borderId="0" xfId="0" applyFont="1"/>`;
      return `<cellXfs count="${xfBase + 2 * codes.length + 3}">${inner}${added}</cellXfs>`;
    },
    ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'],
  );
  const data = Object.fromEntries(COLUMN_FORMATS.map((f) => [f, byCode.get(numberFormat(f, precision))?.plain ?? 0])) as Record<ColumnFormat, number>;
  const after = xfBase + 2 * codes.length;
  return { xml, ids: { data, header: after, note: after + 1, title: after + 2, byCode } };
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
  /** The totals row, when the table has one. */
  readonly totalsRow?: number;
}

export interface SheetLayout {
  readonly noteRows: readonly number[];
  readonly tables: readonly TableLayout[];
  /** The shared plan (0-based) this layout translates. */
  readonly page: PlannedPage;
}

/**
 * The one layout's single page of `model` (split a long model with splitModel first), 1-based,
 * with each table's final name from `tableName`.
 */
export function layoutSheet(model: SheetModel, tableName: (base: string) => string): SheetLayout {
  const pages = planPages(model, Number.MAX_SAFE_INTEGER);
  const page = pages[0];
  if (page === undefined || pages.length > 1) throw new Error('layoutSheet: one page expected (call splitModel first)');
  const tables: TableLayout[] = page.blocks.map((b) => ({
    name: tableName(b.tableName),
    ...(b.titleRow === undefined ? {} : { titleRow: b.titleRow + 1 }),
    headerRow: b.headerRow + 1,
    firstColumn: 1,
    rowCount: Math.max(1, b.dataRowCount),
    ...(b.totalsRow === undefined ? {} : { totalsRow: b.totalsRow + 1 }),
  }));
  return { noteRows: page.notes.map((_, i) => i + 1), tables, page };
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

/** Rows per chunk of the returned XML: big sheets are handed on in pieces of a few MB. */
const ROWS_PER_CHUNK = 5000;

/**
 * Exact sums of the summed columns (totals rows), taken while the body is written so that a lazy
 * table's rows are made once: cell numbers carry at most the column format's decimals (money, qty).
 */
class ColumnSums {
  private readonly columns: number[] = [];
  private readonly scales: number[] = [];
  private readonly sums: number[] = [];

  constructor(table: SheetTable, codes: readonly string[]) {
    (table.totals ?? []).forEach((cell, c) => {
      if (cell === undefined || !('sum' in cell)) return;
      this.columns.push(c);
      this.scales.push(10 ** Math.min(decimalsOfCode(codes[c] ?? '@'), 9));
      this.sums.push(0);
    });
  }
  add(row: OutputRow): void {
    for (let k = 0; k < this.columns.length; k++) {
      const v = row[this.columns[k] as number];
      if (typeof v === 'number' && Number.isFinite(v)) this.sums[k] = (this.sums[k] as number) + Math.round(v * (this.scales[k] as number));
    }
  }
  of(c: number): number {
    const k = this.columns.indexOf(c);
    return k < 0 ? 0 : (this.sums[k] as number) / (this.scales[k] as number);
  }
}

function decimalsOfCode(code: string): number {
  const m = /\.([0#?]+)/.exec(code);
  return m === null ? 0 : (m[1] ?? '').length;
}

/**
 * The worksheet part of one generated sheet, in UTF-8 chunks to be concatenated, made as they are taken
 * (the writer compresses each before the next is made). `tableRelIds[i]` is
 * table i's relationship id; `drawingRelId`, when given, adds the sheet's <drawing> (charts).
 */
export function* worksheetXml(
  model: SheetModel,
  layout: SheetLayout,
  ids: StyleIds,
  tableRelIds: readonly string[],
  drawingRelId?: string,
): Generator<Buffer, void, undefined> {
  const sink = new ByteSink(1 << 20);
  const put = (...xs: string[]): void => {
    for (const x of xs) sink.text(x);
  };
  const notes = model.notes ?? [];
  let maxCol = 1;
  const widths: number[] = [];
  const style = (code: string, bold = false): number => {
    const x = ids.byCode?.get(code);
    if (x !== undefined) return bold ? x.bold : x.plain;
    const f = COLUMN_FORMATS.find((c) => numberFormat(c, model.moneyDecimals ?? 2) === code);
    return ids.data[f ?? 'text'];
  };
  model.tables.forEach((t, i) => {
    maxCol = Math.max(maxCol, t.columns.length);
    t.columns.forEach((spec, c) => {
      widths[c] = Math.max(widths[c] ?? 0, columnWidthChars(spec, t, c));
    });
    if (layout.tables[i] === undefined) throw new Error(`no layout for table ${t.name}`);
  });
  const lastRow = Math.max(1, layout.page.usedRows);
  const first = layout.tables[0];

  put(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    // Printed (and exported to PDF) landscape, one page wide.
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:${columnLetters(maxCol)}${lastRow}"/>`,
  );
  if (first !== undefined && layout.page.frozenRows > 0) {
    const top = `A${layout.page.frozenRows + 1}`;
    put(
      '<sheetViews><sheetView workbookViewId="0">',
      `<pane ySplit="${layout.page.frozenRows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/>`,
      `<selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`,
      '</sheetView></sheetViews>',
    );
  } else {
    put('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
  }
  put('<sheetFormatPr defaultRowHeight="15"/>');
  if (widths.length > 0) {
    put('<cols>');
    widths.forEach((w, c) => put(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`));
    put('</cols>');
  }
  put('<sheetData>');
  notes.forEach((note, i) => {
    const r = layout.noteRows[i] ?? i + 1;
    put(`<row r="${r}">${stringCell(`A${r}`, ids.note, note)}</row>`);
  });
  const letters: string[] = [];
  for (let c = 1; c <= maxCol; c++) letters.push(columnLetters(c));
  const textCodeRanges: string[] = [];
  for (let t = 0; t < model.tables.length; t++) {
    const table = model.tables[t] as SheetTable;
    const at = layout.tables[t];
    const block = layout.page.blocks[t];
    if (at === undefined || block === undefined) continue;
    if (at.titleRow !== undefined) put(`<row r="${at.titleRow}">${stringCell(`A${at.titleRow}`, ids.title, table.title ?? '')}</row>`);
    const headers = uniqueHeaders(table.columns.map((c) => c.header));
    let header = `<row r="${at.headerRow}">`;
    headers.forEach((h, c) => {
      header += stringCell(`${letters[c] ?? columnLetters(c + 1)}${at.headerRow}`, ids.header, h);
    });
    put(`${header}</row>`);
    const width = table.columns.length;
    const rows = rowCount(table);
    const codes = tableFormats(model, table);
    const styles: number[] = [];
    for (let c = 0; c < width; c++) {
      styles.push(style(codes[c] ?? '@'));
      // Codes kept as text (e.g. "0100") may look numeric: tell Excel they are meant as text.
      if (table.columns[c]?.format === 'code' && rows > 0) {
        const l = letters[c] ?? columnLetters(c + 1);
        textCodeRanges.push(`${l}${at.headerRow + 1}:${l}${at.headerRow + rows}`);
      }
    }
    // The hot loop of big sheets (cellXml.ts): references only after gaps, repeated text reused.
    // A lazy table's rows are made here, one at a time (rowAt), and summed for the totals row.
    const body = new BodyRows(letters, styles);
    const sums = new ColumnSums(table, codes);
    for (let r = 0; r < rows; r++) {
      const row = rowAt(table, r);
      sums.add(row);
      body.write(sink, at.headerRow + 1 + r, row);
      if (r % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) yield sink.take();
    }
    if (at.totalsRow !== undefined && table.totals !== undefined) {
      let xml = `<row r="${at.totalsRow}">`;
      table.totals.forEach((cell, c) => {
        const ref = `${letters[c] ?? columnLetters(c + 1)}${at.totalsRow}`;
        const code = codes[c] ?? '@';
        if (cell === undefined) return;
        if ('label' in cell) xml += stringCell(ref, style('@', true), cell.label);
        else xml += formulaCell(ref, style(code, true), subtotalFormula(at.name, headers[c] ?? ''), sums.of(c));
      });
      put(xml, '</row>');
    }
    (table.below ?? []).forEach((line, i) => {
      const rowNo = (block.belowRows[i] ?? 0) + 1;
      let xml = `<row r="${rowNo}">`;
      line.cells.forEach((cell: LayoutCell, c) => {
        if (cell === null || cell === undefined) return;
        const ref = `${letters[c] ?? columnLetters(c + 1)}${rowNo}`;
        const code = line.format !== undefined ? layoutNumberFormat(line.format) : (codes[c] ?? '@');
        const bold = line.strong === true;
        if (isFormulaCell(cell)) xml += formulaCell(ref, style(code, bold), resolveFormula(cell, block, c, at.name), cell.value);
        else if (typeof cell === 'number') xml += `<c r="${ref}" s="${style(code, bold)}"><v>${cell}</v></c>`;
        else if (typeof cell === 'boolean') xml += `<c r="${ref}" s="${style(code, bold)}" t="b"><v>${cell ? 1 : 0}</v></c>`;
        else xml += stringCell(ref, style('@', bold), cell);
      });
      put(xml, '</row>');
    });
  }
  put('</sheetData>');
  put('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  put('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
  if (textCodeRanges.length > 0) put(`<ignoredErrors><ignoredError sqref="${textCodeRanges.join(' ')}" numberStoredAsText="1"/></ignoredErrors>`);
  if (drawingRelId !== undefined) put(`<drawing r:id="${drawingRelId}"/>`);
  if (tableRelIds.length > 0) {
    put(`<tableParts count="${tableRelIds.length}">`);
    for (const id of tableRelIds) put(`<tablePart r:id="${id}"/>`);
    put('</tableParts>');
  }
  put('</worksheet>');
  yield sink.take();
}

/** The table part of one SheetTable (its totals row included when it has one). */
export function tableXml(id: number, table: SheetTable, at: TableLayout): string {
  const headers = uniqueHeaders(table.columns.map((c) => c.header));
  const lastCol = columnLetters(at.firstColumn + headers.length - 1);
  const firstCol = columnLetters(at.firstColumn);
  const bodyEnd = at.headerRow + at.rowCount;
  const totals = at.totalsRow !== undefined && table.totals !== undefined ? table.totals : undefined;
  const ref = `${firstCol}${at.headerRow}:${lastCol}${totals !== undefined ? (at.totalsRow ?? bodyEnd) : bodyEnd}`;
  const column = (h: string, i: number): string => {
    const t = totals?.[i];
    const extra = t === undefined ? '' : 'label' in t ? ` totalsRowLabel="${xmlEscape(t.label)}"` : ' totalsRowFunction="sum"';
    return `<tableColumn id="${i + 1}" name="${xmlEscape(h)}"${extra}/>`;
  };
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${xmlEscape(at.name)}" ` +
    `displayName="${xmlEscape(at.name)}" ref="${ref}"${totals !== undefined ? ' totalsRowCount="1"' : ' totalsRowShown="0"'}>` +
    `<autoFilter ref="${firstCol}${at.headerRow}:${lastCol}${bodyEnd}"/>` +
    `<tableColumns count="${headers.length}">` +
    headers.map(column).join('') +
    '</tableColumns>' +
    '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>' +
    '</table>'
  );
}
