/**
 * .xlsx / .xlsm in: finds the input tables of SPEC section 2 and hands them on as 2-D cell arrays
 * (a TableSource), header row first, reading only what they need: the workbook's sheet list, the
 * relationships and table parts of each user sheet (small), then - streamed through a SAX
 * parser - the shared strings, the cell formats (for dates) and the sheets that hold an input
 * table. No workbook object model is built; the package stays open for --out, which copies it.
 *
 * Where a table is found, in this order:
 *   1. an Excel table (ListObject) of that name, any letter case, on any sheet;
 *   2. else a worksheet of that name whose first row holds the headers.
 * Sheets Perpetua generated (src/workbook/ownership.ts: named in the hidden "_Perpetua" sheet or
 * in the add-in's setting in the web extension part, with their first table still on them) and
 * "_Perpetua" itself are never read as input.
 *
 * Errors are PackageErrors (one line, naming the sheet or part, with a hint): not a zip, a zip
 * bomb, a DTD, a missing sheet part, rows or columns beyond Excel's limits, too many cells.
 */
import { promises as fs } from 'fs';
import type { CellGrid, TableSource } from '../workbook/sheet';
import { INPUT_TABLES, canonicalTableName } from './csv';
import { openZip, PackageError } from './zipRead';
import type { ZipIn } from './zipRead';
import { readRels, readSheetTables, readWorkbookInfo, relKind } from './workbookParts';
import type { Relationship, SheetEntry, TablePartInfo, WorkbookInfo } from './workbookParts';
import { MAX_CELLS, gridOf, readDateStyles, readSharedStrings, readSheetCells } from './sheetRead';
import type { ReadContext, SheetNeeds, Window } from './sheetRead';
import { REGISTRY_SHEET, ownedSheets, registryFromGrid } from './registry';
import type { Registry, StylesMemo } from './registry';
import { mergeOwnership } from '../workbook/ownership';
import type { OwnershipRecord } from '../workbook/ownership';
import { readAddInOwnership } from './webExtension';
import type { AddInSettingPart } from './webExtension';

export { REGISTRY_SHEET } from './registry';

/** Input files above this size are refused before anything is unpacked. */
export const MAX_INPUT_BYTES = 512 * 1024 ** 2;

/** One sheet of the package, with its relationships and tables. */
export interface BookSheet extends SheetEntry {
  readonly rels: readonly Relationship[];
  readonly tables: readonly TablePartInfo[];
}

/** The opened input package: what --out needs to copy and extend it. */
export interface XlsxBook {
  readonly zip: ZipIn;
  readonly info: WorkbookInfo;
  readonly sheets: readonly BookSheet[];
  /** The ownership record: the add-in's setting merged with "_Perpetua" (empty when neither). */
  readonly record: OwnershipRecord;
  /** The web extension parts holding the add-in's setting, and its pending sheets. */
  readonly addIn: { readonly parts: readonly AddInSettingPart[]; readonly pending: readonly string[] };
  /** Lower-case names of the sheets Perpetua generated (record entries still valid). */
  readonly generated: ReadonlySet<string>;
  /** The cell formats the last run added to styles.xml. */
  readonly styles?: StylesMemo;
}

export interface XlsxTables {
  readonly tables: TableSource;
  /** Where each table was found, for messages: "table Movements on sheet Data" or "sheet Movements". */
  readonly origins: Readonly<Record<string, string>>;
}

interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** "B3:D5" -> 1-based row/column bounds (clamped to Excel's sheet). */
export function decodeRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(ref.trim());
  if (m === null) return undefined;
  const col = (s: string): number => {
    let n = 0;
    for (const ch of s.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n;
  };
  const left = col(m[1] ?? '');
  const top = Number(m[2]);
  const right = m[3] === undefined ? left : col(m[3]);
  const bottom = m[4] === undefined ? top : Number(m[4]);
  if (top < 1 || left < 1 || bottom < top || right < left) return undefined;
  return { top, left, bottom: Math.min(bottom, 1_048_576), right: Math.min(right, 16_384) };
}

async function readBook(zip: ZipIn): Promise<{ info: WorkbookInfo; sheets: BookSheet[] }> {
  const info = await readWorkbookInfo(zip);
  const sheets: BookSheet[] = [];
  for (const s of info.sheets) {
    if (s.kind !== 'worksheet') {
      sheets.push({ ...s, rels: await readRels(zip, s.part), tables: [] });
      continue;
    }
    const { rels, tables } = await readSheetTables(zip, s.part);
    sheets.push({ ...s, rels, tables });
  }
  return { info, sheets };
}

/** Opens a package held in memory: its index, sheets, tables and ownership record. */
export async function openBook(data: Buffer): Promise<{ book: XlsxBook; read: () => Promise<XlsxTables> }> {
  const zip = await openZip(data);
  try {
    const { info, sheets } = await readBook(zip);
    const support = await readSupport(zip, info, { cells: MAX_CELLS });
    const registrySheet = sheets.find((s) => s.name === REGISTRY_SHEET && s.kind === 'worksheet');
    let registry: Registry = { record: { version: 1, sheets: [], pending: [] } };
    if (registrySheet !== undefined) {
      const cells = await readSheetCells(zip, registrySheet.part, registrySheet.name, { windows: [], asSheet: true }, support);
      registry = registryFromGrid(gridOf(cells, WHOLE_SHEET));
    }
    // The add-in's record first: when the package has one, it is at least as new as "_Perpetua"
    // (the CLI writes both; the add-in only its setting).
    const addIn = await readAddInOwnership(zip);
    const record = mergeOwnership(addIn.record, registry.record);
    const generated = ownedSheets(record, sheets);
    const book: XlsxBook = { zip, info, sheets, record, generated, addIn: { parts: addIn.parts, pending: addIn.record.pending }, ...(registry.styles === undefined ? {} : { styles: registry.styles }) };
    return { book, read: () => readInputTables(book, support) };
  } catch (err) {
    zip.close();
    throw err;
  }
}

const WHOLE_SHEET: Window = { top: 1, left: 1, bottom: 1_048_576, right: 16_384 };

/** Shared strings and date styles, from the workbook's relationships. */
async function readSupport(zip: ZipIn, info: WorkbookInfo, budget: { cells: number }): Promise<ReadContext> {
  const target = (kind: string): string | undefined => info.rels.find((r) => relKind(r.type) === kind)?.target;
  const sst = target('sharedStrings');
  const styles = target('styles');
  const stylesPart = styles === undefined ? undefined : zip.get(styles);
  return {
    sharedStrings: sst === undefined ? [] : await readSharedStrings(zip, sst),
    dateStyles: stylesPart === undefined ? [] : readDateStyles(await zip.read(stylesPart), stylesPart.name),
    date1904: info.date1904,
    budget,
  };
}

/** The input tables of an opened package. */
async function readInputTables(book: XlsxBook, ctx: ReadContext): Promise<XlsxTables> {
  const userSheets = book.sheets.filter((s) => s.kind === 'worksheet' && s.name !== REGISTRY_SHEET && !book.generated.has(s.name.toLowerCase()));
  // First where each table is; then each sheet is read once, for all the tables on it.
  const found = new Map<string, { sheet: BookSheet; window?: Window; origin: string }>();
  for (const s of userSheets) {
    for (const t of s.tables) {
      const name = canonicalTableName(t.name);
      const range = decodeRange(t.ref);
      if (name === undefined || range === undefined || found.has(name) || t.headerRowCount === 0) continue;
      const bottom = range.bottom - Math.max(0, t.totalsRowCount);
      found.set(name, { sheet: s, window: { ...range, bottom: Math.max(range.top, bottom) }, origin: `table ${t.name} on sheet ${s.name}` });
    }
  }
  for (const name of INPUT_TABLES) {
    if (found.has(name)) continue;
    const s = userSheets.find((u) => canonicalTableName(u.name) === name);
    if (s !== undefined) found.set(name, { sheet: s, origin: `sheet ${s.name}` });
  }
  const bySheet = new Map<BookSheet, string[]>();
  for (const [name, f] of found) bySheet.set(f.sheet, [...(bySheet.get(f.sheet) ?? []), name]);

  const tables: Record<string, CellGrid> = {};
  const origins: Record<string, string> = {};
  for (const [sheet, names] of bySheet) {
    const windows: Window[] = [];
    let asSheet = false;
    for (const n of names) {
      const w = found.get(n)?.window;
      if (w === undefined) asSheet = true;
      else windows.push(w);
    }
    const needs: SheetNeeds = { windows, asSheet };
    const cells = await readSheetCells(book.zip, sheet.part, sheet.name, needs, ctx);
    for (const n of names) {
      const f = found.get(n);
      if (f === undefined) continue;
      tables[n] = gridOf(cells, f.window ?? WHOLE_SHEET);
      origins[n] = f.origin;
    }
  }
  return { tables, origins };
}

/** Reads an .xlsx/.xlsm file's input tables; the opened package is returned for --out. */
export async function readXlsx(file: string): Promise<XlsxTables & { readonly book: XlsxBook }> {
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new PackageError('the input is not a regular file');
  if (stat.size > MAX_INPUT_BYTES) throw new PackageError(`the file is ${Math.round(stat.size / 1024 ** 2)} MB; at most ${MAX_INPUT_BYTES / 1024 ** 2} MB are read`);
  const { book, read } = await openBook(await fs.readFile(file));
  try {
    return { ...(await read()), book };
  } catch (err) {
    book.zip.close();
    throw err;
  }
}
