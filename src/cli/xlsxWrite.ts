/**
 * .xlsx out (SPEC sections 5 and 9): the input package plus every generated sheet model.
 *
 *   .xlsx/.xlsm input -> packageEdit.ts: the user's parts copied byte for byte, generated sheets
 *                        added or refreshed in place, workbook.xml / rels / content types / styles
 *                        edited minimally; an .xlsm stays macro-enabled (its content type is kept).
 *   CSV folder        -> a new package holding the input tables as sheets (packageBuild.ts), then
 *                        the same path.
 *
 * Generated sheets are SpreadsheetML written as text (sheetXml.ts), charts as DrawingML
 * (charts.ts), zipped with native zlib (zipWrite.ts); the file is written atomically.
 */
import type { CellGrid, InputCell, SheetModel, TableSource } from '../workbook/sheet';
import { INPUT_TABLES } from './csv';
import { writeFileAtomic } from './atomic';
import { zipEntries } from './zipWrite';
import { buildPackage } from './packageBuild';
import type { NewSheet } from './packageBuild';
import { packageWithSheets } from './packageEdit';
import type { PlacedSheet } from './packageEdit';
import { openBook } from './xlsxRead';
import type { XlsxBook } from './xlsxRead';

export { numberFormat } from './sheetXml';
export type { PlacedSheet } from './packageEdit';

/**
 * Numeric text of a CSV cell as a number, when it reads back exactly the same (so codes such as
 * "007" or "1e3" stay text); anything else unchanged.
 */
function csvCellForSheet(cell: InputCell): InputCell {
  if (typeof cell !== 'string') return cell;
  if (/^-?(0|[1-9]\d{0,14})(\.\d{1,10})?$/.test(cell)) {
    const n = Number(cell);
    if (Number.isFinite(n)) return n;
  }
  return cell;
}

/** The package a CSV folder's --out starts from: its tables as sheets, in the SPEC's table order. */
export async function bookFromTables(tables: TableSource): Promise<XlsxBook> {
  const sheets: NewSheet[] = [];
  for (const name of INPUT_TABLES) {
    const grid: CellGrid | undefined = tables[name];
    if (grid === undefined) continue;
    sheets.push({ name, rows: grid.map((row, r) => (r === 0 ? row : row.map(csvCellForSheet))) });
  }
  const parts = buildPackage(sheets);
  const zip = zipEntries([...parts].map(([name, data]) => ({ name, data: [data] })));
  return (await openBook(zip)).book;
}

/** Writes `book` with the generated sheets to `file` atomically (nothing is left on failure). */
export async function saveWorkbook(file: string, book: XlsxBook, models: readonly SheetModel[], precision = 2): Promise<readonly PlacedSheet[]> {
  let placed: readonly PlacedSheet[] = [];
  await writeFileAtomic(file, async () => {
    const out = await packageWithSheets(book, models, precision);
    placed = out.placed;
    return zipEntries(out.entries);
  });
  return placed;
}
