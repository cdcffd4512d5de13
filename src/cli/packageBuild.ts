/**
 * A new SpreadsheetML package from plain sheets: the workbook --out writes for a CSV folder (the
 * input tables as sheets, then the generated sheets are added by packageEdit.ts like for any
 * .xlsx), and the sample and fixture workbooks of scripts/. Every string goes through xmlText,
 * so the parts are always well formed.
 *
 *     buildPackage([{ name: 'Movements', rows: [['Date', 'Qty'], [new Date(...), 10]], table: 'Movements' }])
 *       -> [Content_Types].xml, _rels/.rels, docProps/{core,app}.xml, xl/workbook.xml (+ rels),
 *          xl/styles.xml, xl/worksheets/sheet1.xml, xl/tables/table1.xml (when `table` is given)
 *
 * Cells: numbers, booleans, strings (inline, never formulas), Date (a serial day under the
 * yyyy-mm-dd format), {error} (an error cell), null (no cell). Row 1 is the header (bold, frozen).
 */
import type { InputCell } from '../workbook/sheet';
import { columnLetters, xmlAttr, xmlText } from './xml';

export const CT_WORKBOOK = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
export const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
export const CT_TABLE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';
export const CT_STYLES = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface NewSheet {
  readonly name: string;
  readonly rows: ReadonlyArray<ReadonlyArray<InputCell>>;
  /** Make rows an Excel table (ListObject) of this name, header row first. */
  readonly table?: string;
  readonly state?: 'visible' | 'hidden';
  /** Column width in characters (default 14). */
  readonly width?: number;
}

/** Cell formats of styles.xml below: 0 default, 1 bold header, 2 date. */
const XF_HEADER = 1;
const XF_DATE = 2;

const STYLES =
  XML_DECL +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Serial day of a Date (UTC), 1900 date system. */
export function dateSerial(d: Date): number {
  return d.getTime() / 86_400_000 + 25569;
}

/** Cell format indexes a plain sheet uses (they differ once the styles of another package are in play). */
export interface PlainStyles {
  readonly header: number;
  readonly date: number;
}

function cellXml(ref: string, v: InputCell, header: boolean, ids: PlainStyles): string {
  if (v === null || v === undefined) return '';
  const s = header ? ` s="${ids.header}"` : '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) return `<c r="${ref}" s="${ids.date}"><v>${dateSerial(v)}</v></c>`;
  if (typeof v === 'object') return `<c r="${ref}"${s} t="e"><v>${xmlText(v.error)}</v></c>`;
  const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

function widthOf(sheet: NewSheet): number {
  // A loop, not Math.max(...rows): a spread of a million arguments overflows the call stack.
  let width = 1;
  for (const r of sheet.rows) if (r.length > width) width = r.length;
  return width;
}

/** A worksheet part of plain cells (row 1 bold and frozen when there is more than one row). */
export function plainSheetXml(sheet: NewSheet, tableRelId?: string, ids: PlainStyles = { header: XF_HEADER, date: XF_DATE }): string {
  const width = widthOf(sheet);
  const letters = Array.from({ length: width }, (_, i) => columnLetters(i + 1));
  const out: string[] = [XML_DECL, `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`];
  out.push(`<dimension ref="A1:${letters[width - 1] ?? 'A'}${Math.max(1, sheet.rows.length)}"/>`);
  if (sheet.rows.length > 1) {
    out.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
  } else {
    out.push('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
  }
  out.push(`<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="${width}" width="${sheet.width ?? 14}" customWidth="1"/></cols><sheetData>`);
  sheet.rows.forEach((row, r) => {
    let xml = `<row r="${r + 1}">`;
    row.forEach((v, c) => {
      xml += cellXml(`${letters[c] ?? columnLetters(c + 1)}${r + 1}`, v, r === 0 && sheet.rows.length > 1, ids);
    });
    out.push(`${xml}</row>`);
  });
  out.push('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (tableRelId !== undefined) out.push(`<tableParts count="1"><tablePart r:id="${tableRelId}"/></tableParts>`);
  out.push('</worksheet>');
  return out.join('');
}

function tablePartXml(id: number, sheet: NewSheet, name: string): string {
  const headers = (sheet.rows[0] ?? []).map((h, i) => (typeof h === 'string' && h.trim() !== '' ? h : `Column${i + 1}`));
  const ref = `A1:${columnLetters(Math.max(1, headers.length))}${Math.max(2, sheet.rows.length)}`;
  return (
    XML_DECL +
    `<table xmlns="${NS_MAIN}" id="${id}" name="${xmlAttr(name)}" displayName="${xmlAttr(name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${headers.length}">` +
    headers.map((h, i) => `<tableColumn id="${i + 1}" name="${xmlText(h)}"/>`).join('') +
    '</tableColumns><tableStyleInfo name="TableStyleLight9" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
  );
}

export function relationshipsXml(rels: ReadonlyArray<{ readonly id: string; readonly type: string; readonly target: string }>): string {
  return (
    XML_DECL +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    rels.map((r) => `<Relationship Id="${xmlAttr(r.id)}" Type="${xmlAttr(r.type)}" Target="${xmlAttr(r.target)}"/>`).join('') +
    '</Relationships>'
  );
}

/** The parts of a new workbook holding `sheets`, in the order a zip should list them. */
export function buildPackage(sheets: readonly NewSheet[], creator = 'Perpetua'): Map<string, Buffer> {
  const parts = new Map<string, string>();
  const overrides: string[] = [
    `<Override PartName="/xl/workbook.xml" ContentType="${CT_WORKBOOK}"/>`,
    `<Override PartName="/xl/styles.xml" ContentType="${CT_STYLES}"/>`,
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
  ];
  const wbRels: Array<{ id: string; type: string; target: string }> = [];
  const sheetEls: string[] = [];
  const body = new Map<string, string>();
  let tableNo = 0;
  sheets.forEach((sheet, i) => {
    const n = i + 1;
    let tableRelId: string | undefined;
    if (sheet.table !== undefined) {
      tableNo++;
      tableRelId = 'rId1';
      body.set(`xl/tables/table${tableNo}.xml`, tablePartXml(tableNo, sheet, sheet.table));
      body.set(`xl/worksheets/_rels/sheet${n}.xml.rels`, relationshipsXml([{ id: 'rId1', type: `${NS_REL}/table`, target: `../tables/table${tableNo}.xml` }]));
      overrides.push(`<Override PartName="/xl/tables/table${tableNo}.xml" ContentType="${CT_TABLE}"/>`);
    }
    body.set(`xl/worksheets/sheet${n}.xml`, plainSheetXml(sheet, tableRelId));
    overrides.push(`<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT_WORKSHEET}"/>`);
    wbRels.push({ id: `rId${n}`, type: `${NS_REL}/worksheet`, target: `worksheets/sheet${n}.xml` });
    const state = sheet.state === 'hidden' ? ' state="hidden"' : '';
    sheetEls.push(`<sheet name="${xmlAttr(sheet.name)}" sheetId="${n}"${state} r:id="rId${n}"/>`);
  });
  wbRels.push({ id: `rId${sheets.length + 1}`, type: `${NS_REL}/styles`, target: 'styles.xml' });

  parts.set(
    '[Content_Types].xml',
    XML_DECL +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      overrides.join('') +
      '</Types>',
  );
  parts.set(
    '_rels/.rels',
    relationshipsXml([
      { id: 'rId1', type: `${NS_REL}/officeDocument`, target: 'xl/workbook.xml' },
      { id: 'rId2', type: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', target: 'docProps/core.xml' },
      { id: 'rId3', type: `${NS_REL}/extended-properties`, target: 'docProps/app.xml' },
    ]),
  );
  parts.set(
    'docProps/core.xml',
    XML_DECL +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>' +
      xmlText(creator) +
      '</dc:creator></cp:coreProperties>',
  );
  parts.set(
    'docProps/app.xml',
    XML_DECL +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Perpetua</Application></Properties>',
  );
  parts.set(
    'xl/workbook.xml',
    XML_DECL +
      `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      '<workbookPr/><bookViews><workbookView/></bookViews>' +
      `<sheets>${sheetEls.join('')}</sheets></workbook>`,
  );
  parts.set('xl/_rels/workbook.xml.rels', relationshipsXml(wbRels));
  parts.set('xl/styles.xml', STYLES);
  for (const [k, v] of body) parts.set(k, v);
  return new Map([...parts].map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
}
