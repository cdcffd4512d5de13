/**
 * Worksheet cells, shared strings and date styles read with SAX: memory follows the cells that are
 * present, never what the sheet claims. <dimension>, merged cells, data validations, conditional
 * formats and the like are not read at all; a cell address only places the cell.
 *
 *   <row r="7"><c r="B7" s="3"><v>46083</v></c><c r="C7" t="s"><v>12</v></c></row>
 *     -> row 7: B = Date 2026-03-02 (style 3 has a date format), C = shared string 12
 *
 * Limits (SheetLimitError naming the sheet, with a hint): a row number above 1,048,576 or a column
 * beyond XFD (16,384), more <row> elements than Excel allows, more cells than MAX_CELLS in the
 * sheets read, a shared-string index that does not exist.
 *
 * The parts are read by the fast scanner (xmlScan.ts), or by saxes when they leave its subset;
 * a worksheet's cells are kept by cellCollector.ts (which reads plain cells straight from the
 * bytes) into the rows of sheetCells.ts.
 *
 * Cells become what src/workbook expects: numbers, strings (Excel's _xHHHH_ escapes decoded),
 * booleans, Date for a number under a date format (UTC, 1900 or 1904 date system), {error} for
 * error cells; a formula gives its cached value. Nothing else is interpreted here.
 */
import { decodeExcelText } from './xml';
import { saxParse, saxParseStream, type SaxHandlers } from './saxRead';
import { scanXmlStream, type ScanHandlers } from './xmlScan';
import type { StoredPart, ZipIn } from './zipRead';
import { PackageError } from './zipRead';
import { cellCollector } from './cellCollector';
import type { ReadContext, SheetCells, SheetNeeds } from './sheetCells';

export { MAX_CELLS, MAX_COLUMNS, MAX_ROWS, SheetLimitError, blank, gridOf } from './sheetCells';
export type { ReadContext, RowCells, SheetCells, SheetNeeds, Window } from './sheetCells';

const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time (quoted text, [colours] and escapes aside). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  if (/general/i.test(bare) && !/[dmyhs]/i.test(bare.replace(/general/gi, ''))) return false;
  return /[dmyhs]/i.test(bare);
}

/** For each cell format (xf) index, whether it formats numbers as dates. */
export function readDateStyles(data: Buffer, partName: string): boolean[] {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  saxParse(partName, data, {
    open: (name, a) => {
      if (name === 'numFmt') custom.set(Number(a['numFmtId']), a['formatCode'] ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a['numFmtId'] ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    const code = custom.get(id);
    return code === undefined ? BUILTIN_DATE_IDS.has(id) : isDateFormat(code);
  });
}

/** The shared-string table: rich text as its plain text, phonetic runs left out. */
export async function readSharedStrings(zip: ZipIn, partName: string): Promise<string[]> {
  const part = zip.get(partName);
  if (part === undefined) return [];
  return parsePart(zip, part, stringCollector);
}

function stringCollector(): { readonly handlers: SaxHandlers; readonly done: () => string[] } {
  const strings: string[] = [];
  let depthRph = 0;
  let inT = false;
  let text = '';
  const handlers: SaxHandlers = {
    open: (name) => {
      if (name === 'si') text = '';
      else if (name === 'rPh') depthRph++;
      else if (name === 't' && depthRph === 0) inT = true;
    },
    close: (name) => {
      if (name === 'si') strings.push(decodeExcelText(text));
      else if (name === 'rPh') depthRph--;
      else if (name === 't') inT = false;
    },
    text: (t) => {
      if (inT) text += t;
    },
  };
  return { handlers, done: () => strings };
}

/**
 * Parses a streamed part with the fast scanner (xmlScan.ts) and, if it leaves the scanner's plain
 * subset, once more with saxes: `start()` makes fresh handlers for each pass (so nothing from the
 * abandoned pass is kept) and `undo()` restores what that pass used up.
 */
export async function parsePart<T>(zip: ZipIn, part: StoredPart, start: () => { readonly handlers: ScanHandlers; readonly done: () => T }, undo: () => void = () => undefined): Promise<T> {
  const fast = start();
  if (await scanXmlStream(part.name, await zip.stream(part), fast.handlers)) return fast.done();
  undo();
  const slow = start();
  await saxParseStream(part.name, await zip.stream(part), slow.handlers);
  return slow.done();
}

/** Reads the wanted cells of one worksheet. `sheetName` is used only in messages. */
export async function readSheetCells(zip: ZipIn, partName: string, sheetName: string, needs: SheetNeeds, ctx: ReadContext): Promise<SheetCells> {
  const part = zip.get(partName);
  if (part === undefined) throw new PackageError(`sheet "${sheetName}": its part ${partName} is missing from the package`);
  const budget = ctx.budget.cells;
  return parsePart(
    zip,
    part,
    () => cellCollector(sheetName, needs, ctx),
    () => {
      ctx.budget.cells = budget;
    },
  );
}
