/**
 * .xlsx out: the input workbook plus every generated sheet model (SPEC section 5).
 *
 * - Input sheets are never edited. A generated sheet whose name is taken by a sheet the user made
 *   goes to a free name ("Stock Ledger (Perpetua)").
 * - The hidden sheet "_Perpetua" lists the sheets Perpetua generated (name -> key), so a re-run on
 *   Perpetua's own output drops and rewrites exactly those sheets and nothing else.
 * - Each SheetTable becomes an Excel table with a header style, number formats by ColumnFormat,
 *   a frozen header row and column widths; notes go above the first table, one blank row between
 *   tables. Strings are always stored as strings (never formulas), whatever they begin with.
 *
 * How: exceljs writes the workbook with an empty placeholder for each generated sheet (it handles
 * the user's sheets, workbook.xml and the relationships); the placeholders' parts are then
 * replaced with SpreadsheetML written directly as text (sheetXml.ts: exceljs is far too slow and
 * memory-hungry for sheets of hundreds of thousands of rows), and charts - which exceljs cannot
 * write - are added by charts.ts.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { CellGrid, InputCell, SheetModel, TableSource } from '../workbook/sheet';
import { INPUT_TABLES } from './csv';
import { REGISTRY_SHEET, generatedSheets } from './xlsxRead';
import { addCharts, sheetParts } from './charts';
import type { PlacedChart } from './charts';
import { addStyles, layoutSheet, splitModel, tableXml, worksheetXml } from './sheetXml';
import type { SheetLayout } from './sheetXml';
import { writeFileAtomic } from './atomic';
import { zipEntries } from './zipWrite';
import type { ZipEntry } from './zipWrite';

export { numberFormat } from './sheetXml';

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/g;
const MAX_SHEET_NAME = 31;

function sanitizeSheetName(name: string): string {
  const clean = name.replace(INVALID_SHEET_CHARS, ' ').replace(/^'+|'+$/g, '').trim();
  return (clean === '' ? 'Sheet' : clean).slice(0, MAX_SHEET_NAME);
}

/** `base`, else "base (Perpetua)", else "base (Perpetua 2)", ... within 31 characters. */
function freeSheetName(base: string, taken: ReadonlySet<string>): string {
  const name = sanitizeSheetName(base);
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (Perpetua)' : ` (Perpetua ${n})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A valid Excel table name: starts with a letter or _, then letters, digits, _ or . */
function sanitizeTableName(name: string): string {
  let clean = name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
  // Names that read as a cell reference (A1, R1C1, R, C) are refused by Excel.
  if (/^[A-Za-z]{1,3}\d+$/.test(clean) || /^[RrCc]$/.test(clean) || /^[Rr]\d*[Cc]\d*$/.test(clean)) clean = `_${clean}`;
  return clean.slice(0, 250);
}

function freeTableName(base: string, taken: Set<string>): string {
  const name = sanitizeTableName(base);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface PlacedSheet {
  readonly key: string;
  readonly sheetName: string;
  readonly model: SheetModel;
  readonly layout: SheetLayout;
}

export interface AddSheetsResult {
  readonly placed: readonly PlacedSheet[];
}

/**
 * Adds the generated sheets to `workbook`: first drops the sheets a previous run generated (as the
 * registry lists them), then writes every model under a free name and records it in "_Perpetua".
 */
export function addGeneratedSheets(workbook: ExcelJS.Workbook, models: readonly SheetModel[]): AddSheetsResult {
  const previous = generatedSheets(workbook);
  for (const ws of [...workbook.worksheets]) {
    if (ws.name === REGISTRY_SHEET || previous.has(ws.name)) workbook.removeWorksheet(ws.id);
  }
  const takenSheets = new Set(workbook.worksheets.map((ws) => ws.name.toLowerCase()));
  takenSheets.add(REGISTRY_SHEET.toLowerCase());
  const tableNames = new Set<string>();
  for (const ws of workbook.worksheets) for (const t of ws.getTables()) tableNames.add(tableNameOf(t).toLowerCase());
  // Names of the input tables stay reserved even when they are sheets, so a generated table can
  // never be mistaken for an input table on the next run.
  for (const t of INPUT_TABLES) tableNames.add(t.toLowerCase());

  const placed: PlacedSheet[] = [];
  for (const model of models.flatMap((m) => splitModel(m))) {
    const name = freeSheetName(model.sheetName, takenSheets);
    takenSheets.add(name.toLowerCase());
    // A placeholder: saveWorkbook writes the sheet's content into the saved package.
    workbook.addWorksheet(name);
    const layout = layoutSheet(model, (base) => freeTableName(base, tableNames));
    placed.push({ key: model.key, sheetName: name, model, layout });
  }

  const registry = workbook.addWorksheet(REGISTRY_SHEET, { state: 'hidden' });
  registry.getCell(1, 1).value = 'Sheet';
  registry.getCell(1, 2).value = 'Key';
  placed.forEach((p, i) => {
    registry.getCell(i + 2, 1).value = p.sheetName;
    registry.getCell(i + 2, 2).value = p.key;
  });
  return { placed };
}

function tableNameOf(t: unknown): string {
  const inner: unknown = t !== null && typeof t === 'object' && 'table' in t ? (t as { table: unknown }).table : t;
  const name: unknown = inner !== null && typeof inner === 'object' && 'name' in inner ? (inner as { name: unknown }).name : '';
  return typeof name === 'string' ? name : '';
}

/**
 * Numeric text of a CSV cell as a number, when it reads back exactly the same (so codes such as
 * "007" or "1e3" stay text); ISO dates as Date cells; anything else unchanged.
 */
function csvCellForSheet(cell: InputCell): ExcelJS.CellValue {
  if (typeof cell !== 'string') {
    if (cell === undefined) return null;
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) return { error: cell.error } as ExcelJS.CellErrorValue;
    return cell;
  }
  if (/^-?(0|[1-9]\d{0,14})(\.\d{1,10})?$/.test(cell)) {
    const n = Number(cell);
    if (Number.isFinite(n)) return n;
  }
  return cell;
}

/** A new workbook holding CSV input tables as sheets (header row first), in the SPEC's table order. */
export function workbookFromTables(tables: TableSource): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Perpetua';
  for (const name of INPUT_TABLES) {
    const grid: CellGrid | undefined = tables[name];
    if (grid === undefined) continue;
    const ws = workbook.addWorksheet(name);
    grid.forEach((row, r) => {
      const values = row.map((c) => (r === 0 ? (c === undefined ? null : (c as ExcelJS.CellValue)) : csvCellForSheet(c)));
      ws.addRow(values);
    });
    if (grid.length > 0) {
      ws.getRow(1).font = { bold: true };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
    }
    const width = Math.max(0, ...grid.map((r) => r.length));
    for (let c = 1; c <= width; c++) ws.getColumn(c).width = 14;
  }
  return workbook;
}

/** Largest number N among parts named `${prefix}N.xml`. */
function lastPartNumber(zip: JSZip, prefix: string): number {
  let max = 0;
  for (const name of Object.keys(zip.files)) {
    if (name.startsWith(prefix) && name.endsWith('.xml')) {
      const n = Number(name.slice(prefix.length, -4));
      if (Number.isInteger(n) && n > max) max = n;
    }
  }
  return max;
}

const CT_TABLE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';
const REL_TABLE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table';

/**
 * Writes the generated sheets' tables, styles and charts into the saved package; returns the
 * sheets' own XML parts (large) by path, to be zipped without passing through jszip.
 */
async function fillGeneratedSheets(zip: JSZip, placed: readonly PlacedSheet[], precision: number): Promise<Map<string, Buffer[]>> {
  const sheetsXml = new Map<string, Buffer[]>();
  const drawingRelIds = new Map<string, string>();
  const parts = await sheetParts(zip);
  const stylesPath = 'xl/styles.xml';
  const styles = addStyles((await zip.file(stylesPath)?.async('string')) ?? '', precision, placed.map((p) => p.model));
  zip.file(stylesPath, styles.xml);

  // Table ids are unique in the workbook; exceljs numbers the user's tables from 1.
  let tableId = 0;
  for (const name of Object.keys(zip.files)) {
    if (!/^xl\/tables\/table\d+\.xml$/.test(name)) continue;
    const id = /<table\b[^>]*\bid="(\d+)"/.exec((await zip.file(name)?.async('string')) ?? '')?.[1];
    tableId = Math.max(tableId, Number(id ?? 0));
  }
  let tablePart = lastPartNumber(zip, 'xl/tables/table');
  const overrides: string[] = [];
  for (const p of placed) {
    const part = parts.get(p.sheetName);
    if (part === undefined) throw new Error(`generated sheet "${p.sheetName}" is missing from the saved workbook`);
    const relIds: string[] = [];
    const rels: string[] = [];
    p.model.tables.forEach((table, i) => {
      const at = p.layout.tables[i];
      if (at === undefined) return;
      tablePart++;
      tableId++;
      const tablePath = `xl/tables/table${tablePart}.xml`;
      zip.file(tablePath, tableXml(tableId, table, at));
      overrides.push(`<Override PartName="/${tablePath}" ContentType="${CT_TABLE}"/>`);
      const relId = `rId${i + 1}`;
      relIds.push(relId);
      rels.push(`<Relationship Id="${relId}" Type="${REL_TABLE}" Target="../tables/table${tablePart}.xml"/>`);
    });
    let drawingRelId: string | undefined;
    if (p.model.charts.length > 0) {
      drawingRelId = `rId${relIds.length + 1}`;
      drawingRelIds.set(p.sheetName, drawingRelId);
    }
    sheetsXml.set(
      part,
      worksheetXml(p.model, p.layout, styles.ids, relIds, drawingRelId).map((chunk) => Buffer.from(chunk, 'utf8')),
    );
    zip.remove(part);
    const slash = part.lastIndexOf('/');
    zip.file(
      `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    );
  }
  const typesPath = '[Content_Types].xml';
  const types = (await zip.file(typesPath)?.async('string')) ?? '';
  zip.file(typesPath, types.replace('</Types>', `${overrides.join('')}</Types>`));

  const charts: PlacedChart[] = [];
  for (const p of placed) {
    for (const spec of p.model.charts) {
      const table = p.model.tables[spec.table];
      const at = p.layout.tables[spec.table];
      if (table !== undefined && at !== undefined) charts.push({ sheetName: p.sheetName, spec, table, placed: at });
    }
  }
  await addCharts(zip, charts, drawingRelIds);
  return sheetsXml;
}

/** Saves the workbook with its generated sheets to `file` atomically (nothing is left on failure). */
export async function saveWorkbook(file: string, workbook: ExcelJS.Workbook, placed: readonly PlacedSheet[], precision = 2): Promise<void> {
  await writeFileAtomic(file, async () => {
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const sheetsXml = await fillGeneratedSheets(zip, placed, precision);
    const entries: ZipEntry[] = [];
    const names = Object.keys(zip.files).filter((n) => zip.files[n]?.dir === false);
    // [Content_Types].xml first, as Office writes it; then the package in exceljs's order.
    names.sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
    for (const name of names) entries.push({ name, data: [await (zip.files[name] as JSZip.JSZipObject).async('nodebuffer')] });
    for (const [name, data] of sheetsXml) entries.push({ name, data });
    return zipEntries(entries);
  });
}
