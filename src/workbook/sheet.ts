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

export type OutputRow = ReadonlyArray<OutputCell>;

/**
 * The rows of a big table made on demand: row i is built from the engine's columns when asked, a
 * fresh array each time. A million-row Journal is then never held as a million arrays.
 */
export interface RowSource {
  readonly length: number;
  at(i: number): OutputRow;
  /** Decimals a qty column needs, found from the engine's columns without making rows (optional). */
  decimals?(column: number): number | undefined;
}

/**
 * How a column is shown. 'code' is an identifier column (account, item...): numeric-looking codes
 * arrive as numbers (see render/common.ts `code`) shown with format 0, so Excel shows no
 * number-as-text warning; any other code stays text.
 */
export type ColumnFormat = 'text' | 'code' | 'date' | 'money' | 'qty' | 'rate' | 'percent' | 'integer';

/**
 * A formula Perpetua writes: the only way a formula enters a generated sheet (a string cell is
 * never one). `formula` has no leading '=' and may hold structured references to the sheet's own
 * tables, written `{table}[Debit]` for the table the row belongs to, and `{below:N}`: the layout
 * (src/workbook/layout.ts) resolves them to the table's actual name and to the A1 address of
 * below-row N in the same column.
 * `value` is the exact result computed by Perpetua, written as the cached value.
 */
export interface FormulaCell {
  readonly formula: string;
  readonly value: number | string;
}

export type LayoutCell = OutputCell | FormulaCell;

export function isFormulaCell(cell: LayoutCell | undefined): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null;
}

/** One cell of a table's totals row: a label, or SUBTOTAL(109, column) (filter-aware sum). */
export type TotalCell = { readonly label: string } | { readonly sum: true };

/** A labelled line under a table (a statement's subtotal, a check): live formulas over the table. */
export interface BelowRow {
  /** One cell per table column; the first column usually holds the label. */
  readonly cells: readonly LayoutCell[];
  /** Bold (a total line). */
  readonly strong?: boolean;
  /** Format of the formula cells of this line when it differs from the column's (e.g. percent). */
  readonly format?: ColumnFormat;
}

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
  /**
   * Data rows only: never a total (a PivotTable or a sort would count it twice). A big table
   * (lazyTable) makes this array only when it is read; writers go through rowCount / rowAt instead,
   * so its rows are made one at a time while they are written and never all held.
   */
  readonly rows: ReadonlyArray<OutputRow>;
  /** Set on a lazy table: where its rows come from (rowAt, rowCount). */
  readonly rowSource?: RowSource;
  /** The table's totals row, one entry per column (undefined: blank), when the table has one. */
  readonly totals?: ReadonlyArray<TotalCell | undefined>;
  /** Lines written under the table (after its totals row), one blank row between. */
  readonly below?: readonly BelowRow[];
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
  /** Money decimals (Settings Precision), set once by the renderer; default 2. */
  readonly moneyDecimals?: number;
}

/** A report the run produced no rows for: not written; Diagnostics and the summary list it. */
export interface EmptyReport {
  readonly key: string;
  readonly sheetName: string;
}

/**
 * A table whose rows are made on demand (Journal, Stock Ledger, Margins). Reading `rows` builds
 * them all once (tests, small hosts); writers use rowCount / rowAt and build one at a time.
 *
 *   const t = lazyTable({ name: 'PP_Journal', columns }, { length: lines.length, at: (i) => lineRow(i) });
 *   rowCount(t) === lines.length; rowAt(t, 0) is line 0's cells
 */
export function lazyTable(spec: Omit<SheetTable, 'rows' | 'rowSource'>, source: RowSource): SheetTable {
  let made: OutputRow[] | undefined;
  return {
    ...spec,
    rowSource: source,
    get rows(): ReadonlyArray<OutputRow> {
      if (made === undefined) {
        made = new Array<OutputRow>(source.length);
        for (let i = 0; i < source.length; i++) made[i] = source.at(i);
      }
      return made;
    },
  };
}

/** Number of data rows, without making them. */
export function rowCount(table: SheetTable): number {
  return table.rowSource !== undefined ? table.rowSource.length : table.rows.length;
}

/** Data row i (made now for a lazy table). */
export function rowAt(table: SheetTable, i: number): OutputRow {
  return table.rowSource !== undefined ? table.rowSource.at(i) : (table.rows[i] ?? EMPTY_ROW);
}

const EMPTY_ROW: OutputRow = Object.freeze([]);

/** `spec` with rows first..first+count of `table` (a lazy table's part stays lazy). */
export function withRowsOf(spec: Omit<SheetTable, 'rows' | 'rowSource'>, table: SheetTable, first: number, count: number): SheetTable {
  const source = table.rowSource;
  if (source === undefined) return { ...spec, rows: table.rows.slice(first, first + count) };
  const n = Math.max(0, Math.min(count, source.length - first));
  return lazyTable(spec, { length: n, at: (i) => source.at(first + i) });
}

/**
 * The models with every lazy table's rows made, as plain data (for postMessage, which cannot
 * clone a row source). Tables that are not lazy are passed through as they are.
 */
export function plainSheets(models: readonly SheetModel[]): SheetModel[] {
  return models.map((m) =>
    m.tables.some((t) => t.rowSource !== undefined)
      ? {
          ...m,
          tables: m.tables.map((t) => {
            if (t.rowSource === undefined) return t;
            const { rowSource, rows, ...rest } = t;
            void rowSource;
            return { ...rest, rows };
          }),
        }
      : m,
  );
}
