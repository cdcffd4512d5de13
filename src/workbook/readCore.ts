/**
 * The reader's shared machinery: find a table's columns from its header row once, then read
 * typed cells row by row, turning every problem into a diagnostic with table, row and column.
 *
 *   header ["date", "Unit Cost", "TYPE", "item", "qty", "Notes"]
 *     -> Date=0, UnitCost=1, Type=2, Item=3, Qty=4; "Notes" is kept and ignored.
 *   row 7, Qty "abc" -> {code: QTY_NOT_NUMBER, table: Movements, row: 7, column: Qty, ...}
 *
 * Diagnostics emitted here: MISSING_COLUMN, DUPLICATE_HEADER, EMPTY_TABLE (header level);
 * CELL_ERROR, <COLUMN>_NOT_NUMBER, NUMBER_TOO_LARGE, NUMBER_TOO_SMALL, NUMBER_PRECISION, BAD_DATE,
 * BAD_BOOLEAN, MISSING_<COLUMN> and the UNKNOWN_<ENUM> codes the table readers pass in (cell level).
 */
import type { Diagnostic, Severity } from '../engine/types';
import {
  EnumMatcher,
  MAX_MAGNITUDE,
  MIN_MAGNITUDE,
  display,
  headerKey,
  isBlank,
  parseBoolean,
  parseDate,
  parseNumber,
  parseText,
  type CellIssue,
  type InputCell,
  type NumberOptions,
} from './cells';
import type { DateReading } from './dateText';
import type { CellGrid } from './sheet';

/** Returned by a cell reader when the cell was present but unusable (already reported). */
export const BAD: unique symbol = Symbol('bad cell');
export type Bad = typeof BAD;

export type Row = ReadonlyArray<InputCell>;

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  table: string,
  row: number | undefined,
  column: string | undefined,
  hint: string | undefined,
): Diagnostic {
  const d: Mutable<Diagnostic> = { code, severity, message, table };
  if (row !== undefined) d.row = row;
  if (column !== undefined) d.column = column;
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** "ToLocation" -> "TO_LOCATION" (for MISSING_<COLUMN> codes). */
export function snakeUpper(column: string): string {
  return column.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A table's columns as resolved from its header row: contract name -> index, -1 when absent. */
export interface Header {
  /** Index of a contract column, or -1. */
  readonly index: (column: string) => number;
  /** False when a required column is missing: the table's rows are then not read. */
  readonly ok: boolean;
}

/**
 * Resolves the header row against the contract's columns (all of them, required first or not).
 * Reports DUPLICATE_HEADER (first occurrence wins) and MISSING_COLUMN, both on row 1.
 */
export function resolveHeader(
  grid: CellGrid,
  table: string,
  columns: readonly string[],
  required: readonly string[],
  out: Diagnostic[],
): Header {
  const byKey = new Map<string, string>();
  for (const c of columns) byKey.set(headerKey(c), c);
  const found = new Map<string, number>();
  const headerRow = grid[0] ?? [];
  for (let i = 0; i < headerRow.length; i++) {
    const text = parseText(headerRow[i]);
    if (typeof text !== 'string') continue; // blank or error headers name no column
    const column = byKey.get(headerKey(text));
    if (column === undefined) continue; // unknown columns are kept in the sheet and ignored here
    if (found.has(column)) {
      out.push(
        diagnostic(
          'DUPLICATE_HEADER',
          'error',
          `Column ${column} appears more than once (again in position ${i + 1}, as "${display(text)}"); the first one is used.`,
          table,
          1,
          column,
          `Rename or delete the extra ${column} column.`,
        ),
      );
      continue;
    }
    found.set(column, i);
  }
  let ok = true;
  for (const c of required) {
    if (!found.has(c)) {
      ok = false;
      out.push(
        diagnostic(
          'MISSING_COLUMN',
          'error',
          `The ${table} table has no ${c} column, so its rows were not read.`,
          table,
          1,
          c,
          `Add a column headed ${c} (required columns: ${required.join(', ')}).`,
        ),
      );
    }
  }
  return { index: (column) => found.get(column) ?? -1, ok };
}

/** True when every cell of the row is blank (such rows are skipped silently). */
export function isBlankRow(cells: Row | undefined): boolean {
  if (cells === undefined) return true;
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i])) return false;
  return true;
}

export function emptyTable(table: string, severity: Severity, out: Diagnostic[]): void {
  const consequence = severity === 'error' ? 'there is nothing to value' : 'defaults are used';
  out.push(
    diagnostic(
      'EMPTY_TABLE',
      severity,
      `The ${table} table has no data rows; ${consequence}.`,
      table,
      undefined,
      undefined,
      severity === 'error'
        ? `Add rows below the header of ${table}.`
        : `Add rows to ${table}, or delete the table to use the defaults silently.`,
    ),
  );
}

/**
 * Reads the cells of one row at a time for one table. `begin` resets it for the next row; `errors`
 * counts the error diagnostics of the current row (a row with errors is left out of the inputs).
 * One instance per table, reused for every row, so the hot loop allocates only what it keeps.
 */
export class RowReader {
  row = 0;
  errors = 0;

  constructor(
    readonly table: string,
    private readonly out: Diagnostic[],
    /** How text dates are read: the workbook's locale (dateText.ts). */
    private readonly dates: DateReading = {},
  ) {}

  begin(row: number): void {
    this.row = row;
    this.errors = 0;
  }

  report(code: string, severity: Severity, message: string, column: string | undefined, hint: string): void {
    if (severity === 'error') this.errors++;
    this.out.push(diagnostic(code, severity, message, this.table, this.row, column, hint));
  }

  /** Reports a required value that is blank: MISSING_<COLUMN>. */
  missing(column: string, hint?: string): void {
    this.report(
      `MISSING_${snakeUpper(column)}`,
      'error',
      `${column} is empty.`,
      column,
      hint ?? `Fill in ${column}; it is required on every ${this.table} row.`,
    );
  }

  private cellError(column: string, text: string): void {
    this.report(
      'CELL_ERROR',
      'error',
      `${column} holds the Excel error ${text}.`,
      column,
      `Fix the formula or value in the ${column} cell so that it shows a value, not ${text}.`,
    );
  }

  /** Trimmed text, undefined when blank, BAD when the cell is an error value. */
  text(cells: Row, idx: number, column: string): string | undefined | Bad {
    if (idx < 0) return undefined;
    const v = cells[idx];
    if (typeof v === 'string') {
      // Fast path: codes rarely need trimming and never start with '#'. Only printable ASCII
      // ends qualify; anything else (Unicode spaces included) goes through trim().
      if (v.length > 0) {
        const c0 = v.charCodeAt(0);
        const cn = v.charCodeAt(v.length - 1);
        if (c0 > 32 && c0 < 127 && c0 !== 35 && cn > 32 && cn < 127) return v;
      }
    }
    const t = parseText(v);
    if (t === undefined || typeof t === 'string') return t;
    if (t.kind === 'error') this.cellError(column, t.text);
    else this.report('BAD_TEXT', 'error', `${column} "${display(v)}" is not usable as text.`, column, `Type ${column} as plain text.`);
    return BAD;
  }

  /** Like text, reporting MISSING_<COLUMN> when blank. */
  requiredText(cells: Row, idx: number, column: string, hint?: string): string | undefined {
    const t = this.text(cells, idx, column);
    if (t === undefined) this.missing(column, hint);
    return t === BAD ? undefined : t;
  }

  /** A number, undefined when blank, BAD when present but unusable (reported). */
  number(cells: Row, idx: number, column: string, options?: NumberOptions): number | undefined | Bad {
    if (idx < 0) return undefined;
    const v = cells[idx];
    if (typeof v === 'number') {
      // Fast path for numeric cells; -0, NaN, Infinity and out-of-range values go the long way.
      const a = v < 0 ? -v : v;
      if (a <= MAX_MAGNITUDE && a >= MIN_MAGNITUDE) return v;
    }
    const n = parseNumber(v, options);
    if (typeof n === 'number') return n;
    return this.numberIssue(n, column);
  }

  private numberIssue(issue: CellIssue, column: string): number | undefined | Bad {
    switch (issue.kind) {
      case 'blank':
        return undefined;
      case 'error':
        this.cellError(column, issue.text);
        return BAD;
      case 'invalid':
        this.report(
          `${column.toUpperCase()}_NOT_NUMBER`,
          'error',
          `${column} "${issue.text}" is not a number.`,
          column,
          `Enter ${column} as a number such as 12.5, 1,234.50 or (12.50) for a negative; use "." for decimals.`,
        );
        return BAD;
      case 'tooLarge':
        this.report(
          'NUMBER_TOO_LARGE',
          'error',
          `${column} ${issue.text} is too large (more than 1e15 in absolute value).`,
          column,
          `Check ${column} for a typing error; amounts and quantities above 1,000,000,000,000,000 are not accepted.`,
        );
        return BAD;
      case 'tooSmall':
        this.report(
          'NUMBER_TOO_SMALL',
          'error',
          `${column} ${issue.text} is too small (non-zero but below 1e-9 in absolute value).`,
          column,
          `Round ${column} to at most 9 decimals, or enter 0.`,
        );
        return BAD;
      case 'imprecise':
        this.report(
          'NUMBER_PRECISION',
          'warning',
          `${column} "${issue.text}" has more than 15 significant digits; it was read as ${String(issue.value)}.`,
          column,
          `Excel keeps 15 significant digits; round ${column} or check it was not pasted from a longer number.`,
        );
        return issue.value;
    }
  }

  /** An Excel serial day, undefined when blank, BAD when present but not a date (reported). */
  date(cells: Row, idx: number, column: string): number | undefined | Bad {
    if (idx < 0) return undefined;
    const v = cells[idx];
    if (typeof v === 'number' && v >= 1 && v < 2958466) return Math.floor(v);
    const d = parseDate(v, this.dates);
    if (typeof d === 'number') return d;
    switch (d.kind) {
      case 'blank':
        return undefined;
      case 'error':
        this.cellError(column, d.text);
        return BAD;
      case 'tooLarge':
        this.report(
          'BAD_DATE',
          'error',
          `${column} "${d.text}" is outside Excel's date range (1900-01-01 to 9999-12-31).`,
          column,
          `Enter ${column} as an ISO date yyyy-mm-dd, e.g. 2026-03-31, or as an Excel date.`,
        );
        return BAD;
      default: {
        const why = d.kind === 'invalid' ? d.why : undefined;
        const hint = d.kind === 'invalid' ? d.hint : undefined;
        this.report(
          'BAD_DATE',
          'error',
          `${column} "${d.text}" is not a date${why === undefined ? '' : `: ${why}`}.`,
          column,
          hint ?? `Enter ${column} as an ISO date yyyy-mm-dd, e.g. 2026-03-31, as an Excel date, or in the workbook's date order.`,
        );
        return BAD;
      }
    }
  }

  /** A boolean (blank = undefined). */
  boolean(cells: Row, idx: number, column: string): boolean | undefined | Bad {
    if (idx < 0) return undefined;
    const b = parseBoolean(cells[idx]);
    if (typeof b === 'boolean') return b;
    if (b.kind === 'blank') return undefined;
    if (b.kind === 'error') {
      this.cellError(column, b.text);
      return BAD;
    }
    this.report(
      'BAD_BOOLEAN',
      'error',
      `${column} "${b.text}" is not TRUE or FALSE.`,
      column,
      `Enter ${column} as TRUE/FALSE, yes/no, y/n or 1/0.`,
    );
    return BAD;
  }

  /** An enumeration value; unknown text reports `code` with the valid values in the hint. */
  choice<T extends string>(
    cells: Row,
    idx: number,
    column: string,
    matcher: EnumMatcher<T>,
    code: string,
  ): T | undefined | Bad {
    const t = this.text(cells, idx, column);
    if (t === undefined || t === BAD) return t;
    const v = matcher.match(t);
    if (v !== undefined) return v;
    this.report(code, 'error', `${column} "${display(t)}" is not recognised.`, column, `Use one of: ${matcher.list()}.`);
    return BAD;
  }

  /** Reports NEGATIVE_NUMBER for a number column that must be zero or more; true when it did. */
  nonNegative(value: number | undefined | Bad, column: string): boolean {
    if (typeof value !== 'number' || value >= 0) return false;
    this.report(
      'NEGATIVE_NUMBER',
      'error',
      `${column} ${String(value)} is negative.`,
      column,
      `${column} must be zero or more.`,
    );
    return true;
  }
}

/** Undefined for blank and BAD alike: for optional values whose problems are already reported. */
export function value<T>(v: T | undefined | Bad): T | undefined {
  return v === BAD ? undefined : v;
}
