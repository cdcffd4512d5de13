/**
 * What the custom-function core hands back, independent of the Office runtime: a matrix of cells
 * (numbers, text, or tagged error values), or one error value for the whole call. functions.ts turns
 * an ErrorValue into `new CustomFunctions.Error(...)`; nothing here touches the Office global, so the
 * core runs and is tested in plain Node.
 *
 * Also the argument readers every INV function shares: dates (serial or ISO text), an item code or
 * a range of them, a method name, a number. Each returns the value or an ErrorValue saying which
 * argument is wrong and why.
 */
import { METHOD } from '../workbook/readEnums';
import { display, errorOf, isBlank, parseNumber, parseText, serialFromIso } from '../workbook/cells';
import type { InputCell } from '../workbook/sheet';
import type { Method } from '../engine/types';
import { dateFromText, dateOrderOf, type DateOrder } from '../workbook/dateText';

/** Excel error kinds we return: #VALUE!, #N/A, #DIV/0!. */
export type ErrorKind = 'invalidValue' | 'notAvailable' | 'divisionByZero';

export interface ErrorValue {
  readonly error: ErrorKind;
  readonly message: string;
}

export type Cell = number | string | ErrorValue;
export type Matrix = ReadonlyArray<ReadonlyArray<Cell>>;
/** A whole-call result: a matrix (1 x 1 for a single answer) or one error for the call. */
export type Result = Matrix | ErrorValue;

export function invalid(message: string): ErrorValue {
  return { error: 'invalidValue', message };
}

export function notAvailable(message: string): ErrorValue {
  return { error: 'notAvailable', message };
}

export function isErrorValue(v: unknown): v is ErrorValue {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e: unknown = Reflect.get(v, 'error');
  return e === 'invalidValue' || e === 'notAvailable' || e === 'divisionByZero';
}

/** A cell as a host hands it over: primitives only (Office passes numbers, text, booleans). */
function asCell(v: unknown): InputCell {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const e: unknown = Reflect.get(v, 'error');
    if (typeof e === 'string') return { error: e };
  }
  return String(v);
}

/** Excel passes an omitted optional argument as null or undefined; a blank cell may come as ''. */
export function isOmitted(v: unknown): boolean {
  if (Array.isArray(v)) {
    // A single blank cell given for a range argument counts as omitted.
    if (v.length !== 1) return false;
    const row: unknown = v[0];
    return Array.isArray(row) && row.length === 1 && isBlank(asCell(row[0]));
  }
  return isBlank(asCell(v));
}

/** A 2-D array as Excel passes a range (rows of cells), or an error naming the argument. */
export function asGrid(v: unknown, name: string): ReadonlyArray<ReadonlyArray<unknown>> | ErrorValue {
  if (!Array.isArray(v)) return invalid(`${name} must be a range (a table with its header row), not a single value.`);
  for (const row of v) if (!Array.isArray(row)) return invalid(`${name} must be a range of rows.`);
  return v as ReadonlyArray<ReadonlyArray<unknown>>;
}

/** A date argument: an Excel serial (time of day dropped) or ISO text; undefined when omitted. */
export function dateArg(v: unknown, name: string): number | undefined | ErrorValue {
  const cell = scalarOf(v);
  if (isBlank(cell)) return undefined;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return invalid(`${name}: ${display(cell)} is not a date.`);
    return Math.floor(cell);
  }
  if (typeof cell === 'string') {
    const t = cell.trim();
    const iso = serialFromIso(t);
    if (iso !== undefined) return iso;
    if (/^\d+(?:\.\d*)?$/.test(t)) return Math.floor(Number(t));
    const order = workbookDateOrder();
    const local = serialFromLocalText(t, order, workbookLocale());
    if (local !== undefined) return local;
    const e = errorOf(t);
    return invalid(
      e !== undefined
        ? `${name} is the error ${e}.`
        : `${name}: "${display(cell)}" is not a date; give an Excel date, ISO text such as 2026-03-31, or ${exampleOf(order)} (the workbook's date order, ${order}).`,
    );
  }
  if (cell instanceof Date) return Math.floor(cell.getTime() / 86_400_000) + 25_569;
  return invalid(`${name}: ${display(cell)} is not a date.`);
}

export type { DateOrder } from '../workbook/dateText';
export { dateOrderOf } from '../workbook/dateText';

let localeSource: () => string | undefined = () => undefined;

/** Where the workbook's locale comes from (functions.ts: Office's content language). */
export function setLocaleSource(source: () => string | undefined): void {
  localeSource = source;
}

/** The workbook's locale now (e.g. 'en-GB'), or undefined when the host does not say. */
export function workbookLocale(): string | undefined {
  try {
    const locale = localeSource();
    return locale === '' ? undefined : locale;
  } catch {
    return undefined;
  }
}

function workbookDateOrder(): DateOrder {
  return dateOrderOf(workbookLocale() ?? 'en-US');
}

function exampleOf(order: DateOrder): string {
  return order === 'DMY' ? '31/03/2026' : order === 'MDY' ? '3/31/2026' : '2026/03/31';
}

/**
 * A short date typed in the workbook's order, with /, . or - between the parts ('31/03/2026' or
 * '31.03.26' in DMY, '3/31/2026' in MDY), or with a month name; the tables' reader (dateText.ts).
 * Undefined when the text is not such a date or the day does not exist.
 */
export function serialFromLocalText(text: string, order: DateOrder, locale?: string): number | undefined {
  const r = dateFromText(text, order, locale);
  return typeof r === 'number' ? r : undefined;
}

/** A number argument (numbers or numeric text). */
export function numberArg(v: unknown, name: string): number | undefined | ErrorValue {
  const cell = scalarOf(v);
  if (isBlank(cell)) return undefined;
  const n = parseNumber(cell);
  if (typeof n === 'number') return n;
  return invalid(`${name}: "${display(cell)}" is not a number.`);
}

/** A method argument (FIFO, LIFO, AVERAGE, STANDARD, LAST, SPECIFIC; aliases such as "weighted average"). */
export function methodArg(v: unknown): Method | undefined | ErrorValue {
  const cell = scalarOf(v);
  if (isBlank(cell)) return undefined;
  const text = parseText(cell);
  const m = typeof text === 'string' ? METHOD.match(text) : undefined;
  if (m === undefined) return invalid(`method: "${display(cell)}" is not a valuation method; use one of ${METHOD.list()}.`);
  return m;
}

/** A text option (e.g. FIFO's output), trimmed and lower-cased. */
export function optionArg(v: unknown): string | undefined {
  const cell = scalarOf(v);
  if (isBlank(cell)) return undefined;
  const t = parseText(cell);
  return typeof t === 'string' ? t.toLowerCase().replace(/[\s_]/g, '') : display(cell).toLowerCase();
}

/** An item code from one cell, as the Movements reader reads it ('' for a blank cell). */
export function itemCode(v: unknown): string | ErrorValue {
  const t = parseText(asCell(v));
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  if (t.kind === 'error') return invalid(`item: the cell holds the error ${t.text}.`);
  return invalid(`item: "${display(asCell(v))}" is not an item code.`);
}

/** A scalar from an argument that may also arrive as a 1 x 1 matrix. */
function scalarOf(v: unknown): InputCell {
  if (Array.isArray(v)) {
    const row: unknown = v[0];
    if (v.length === 1 && Array.isArray(row) && row.length === 1) return asCell(row[0]);
    return { error: '#VALUE!' };
  }
  return asCell(v);
}

/**
 * Apply `one` to an item argument: omitted (or one blank cell) -> `one(undefined)` as a 1 x 1
 * matrix; a single code -> 1 x 1; a range -> the same shape, one answer per cell, blank cells ''.
 * An error for one code (e.g. #N/A, unknown item) stays in its cell; the others still answer.
 */
export function perItem(item: unknown, one: (code: string | undefined) => Cell, required: boolean): Result {
  if (isOmitted(item)) {
    if (required) return invalid('item is required: give an item code or a range of codes.');
    return [[one(undefined)]];
  }
  const cells: ReadonlyArray<ReadonlyArray<unknown>> = Array.isArray(item) ? (item as unknown[]).map((r) => (Array.isArray(r) ? r : [r])) : [[item]];
  return cells.map((row) =>
    row.map((c): Cell => {
      const code = itemCode(c);
      if (typeof code !== 'string') return code;
      return code === '' ? '' : one(code);
    }),
  );
}

/** Run `body`, turning any unexpected exception into #VALUE! (a custom function must never throw). */
export function guarded(body: () => Result): Result {
  try {
    return body();
  } catch (e) {
    return invalid(`Perpetua internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
