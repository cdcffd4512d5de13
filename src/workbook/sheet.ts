/**
 * The host-neutral sheet model: what every generated sheet is, before a host writes it. The Excel
 * adapter (src/excel) and the xlsx/CSV writer (src/cli) both write exactly these models, so a
 * number can never differ between hosts.
 *
 * Cells are plain values. Money and quantities are JavaScript numbers (already rounded to the
 * posting precision where they are money, so the double holds the exact cent); dates are Excel
 * serial day numbers in a column whose format is 'date'. Strings are always data, never formulas:
 * writers must store text that begins with =, +, -, @, tab or CR as text.
 */

/** A cell value as hosts hand it to us (Office.js values, exceljs, CSV text, custom functions). */
export type InputCell = string | number | boolean | Date | null | undefined | { readonly error: string };

/** A table as a 2-D array whose first row holds the headers. */
export type CellGrid = ReadonlyArray<ReadonlyArray<InputCell>>;

/** The user's tables by name as the host found them (Excel table, sheet, or CSV file). */
export type TableSource = Readonly<Record<string, CellGrid | undefined>>;

export type OutputCell = string | number | boolean | null;

export type ColumnFormat = 'text' | 'date' | 'money' | 'qty' | 'rate' | 'percent' | 'integer';

export interface ColumnSpec {
  readonly header: string;
  readonly format: ColumnFormat;
  /** Width in characters; writers pick one from the format and header when absent. */
  readonly width?: number;
}

export interface SheetTable {
  /** Excel table name: letters, digits and underscores, unique in the workbook (e.g. "PP_Journal"). */
  readonly name: string;
  /** Optional caption written in the row above the table. */
  readonly title?: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: ReadonlyArray<ReadonlyArray<OutputCell>>;
}

export interface ChartSpec {
  readonly kind: 'line' | 'column';
  readonly title: string;
  /** Index into SheetModel.tables. */
  readonly table: number;
  /** Column index (in that table) of the category axis (e.g. Period). */
  readonly categoryColumn: number;
  /** Column indexes of the series (e.g. Perpetual margin, Periodic margin). */
  readonly seriesColumns: readonly number[];
}

export interface SheetModel {
  /** Stable identifier used to recognise a sheet Perpetua generated, e.g. "journal". */
  readonly key: string;
  /** Worksheet name (31 characters at most, none of : \ / ? * [ ]). */
  readonly sheetName: string;
  /** Tables laid out top to bottom, one blank row between them. */
  readonly tables: readonly SheetTable[];
  readonly charts: readonly ChartSpec[];
  /** Plain-language lines written above the first table (what the sheet shows, as of when). */
  readonly notes?: readonly string[];
}
