/**
 * Cells: turning one raw cell, as a host hands it over, into a typed value or a reason why not.
 *
 * Hosts disagree about what a cell is. Office.js gives numbers, strings and booleans, and Excel
 * errors as text ('#N/A'); exceljs gives Date objects and {error: '#N/A'}; CSV gives text only.
 * Every parser here accepts all of these and returns either the value or a CellIssue, never throws
 * and never guesses: a cell that is not clearly a number is not a number.
 *
 *   parseNumber(' (1,234.50) ')  -> -1234.5
 *   parseNumber('12,5')          -> {kind: 'invalid', ...}   (comma is a thousands separator only)
 *   parseDate('2026-03-01')      -> 46082                    (Excel serial day)
 *   parseDate('01/03/2026')      -> {kind: 'invalid', why: 'it could be 1 March 2026 or 3 January 2026, ...'}
 *   parseDate('01/03/2026', {locale: 'en-GB'}) -> 46082     (the workbook's order decides: dateText.ts)
 *   parseBoolean('yes')          -> true
 *
 * This module emits no diagnostics itself: it returns CellIssue values, and the table reader
 * (read.ts) turns them into CELL_ERROR, <COLUMN>_NOT_NUMBER, NUMBER_TOO_LARGE, NUMBER_TOO_SMALL,
 * NUMBER_PRECISION, BAD_DATE and BAD_BOOLEAN diagnostics with table, row and column.
 *
 * Accepted numeric text (decided here, documented in docs/workbook-contract.md): surrounding
 * spaces; one leading + or -; accounting negatives in parentheses, "(12.50)"; one currency symbol
 * ($ € £ ¥) before or after the number ("$12.50", "-$12.50", "12.50 €"); comma thousands
 * separators in groups of three ("1,234,567.89"); "." as the decimal point; an exponent ("1e3").
 * A trailing "%" only where the caller allows it (percent columns: "5%" means 5). Rejected:
 * "12,5" (decimal comma), "1.234,50", "0x10", "Infinity", currency codes ("USD 12").
 */
import { civil, isoDate, serialOf } from '../engine/dates';
import { dateFromText, dateTextProblem, orderOfReading, type DateReading } from './dateText';
import type { InputCell } from './sheet';

export type { InputCell } from './sheet';

/** Why a cell did not give a value. `blank` is not an error by itself: the caller decides. */
export type CellIssue =
  | { readonly kind: 'blank' }
  /** An Excel error value (#N/A, #REF!, ...). */
  | { readonly kind: 'error'; readonly text: string }
  /**
   * Present but not of the wanted type; `text` is a short rendering of the cell for messages. A text
   * date may say more: `why` ends the message ("it could be 3 February or 2 March ..."), `hint` replaces the hint.
   */
  | { readonly kind: 'invalid'; readonly text: string; readonly why?: string; readonly hint?: string }
  /** A number outside the range the engine accepts (|x| > 1e15, or a date outside 1..2958465). */
  | { readonly kind: 'tooLarge'; readonly text: string }
  /** A non-zero number closer to zero than 1e-9. */
  | { readonly kind: 'tooSmall'; readonly text: string }
  /** Numeric text with more than 15 significant digits: usable, but Excel could not hold it. */
  | { readonly kind: 'imprecise'; readonly text: string; readonly value: number };

export const BLANK: CellIssue = { kind: 'blank' };

/** Largest magnitude accepted for a number (the engine scales to exact integers). */
export const MAX_MAGNITUDE = 1e15;
/** Smallest non-zero magnitude accepted. */
export const MIN_MAGNITUDE = 1e-9;
/** Excel's largest date serial: 9999-12-31. */
export const MAX_SERIAL = 2958465;

/** Error values as Office.js returns them in range.values (and as CSV exports spell them). */
export const EXCEL_ERROR_TEXTS: ReadonlySet<string> = new Set([
  '#N/A',
  '#VALUE!',
  '#REF!',
  '#DIV/0!',
  '#NUM!',
  '#NAME?',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
]);

export function isCellIssue(v: unknown): v is CellIssue {
  return typeof v === 'object' && v !== null && 'kind' in v;
}

/** The Excel error text of a cell ('#N/A'), or undefined when the cell is not an error value. */
export function errorOf(v: InputCell): string | undefined {
  if (typeof v === 'string') {
    if (v.length === 0 || v.charCodeAt(0) !== 35 /* # */) return undefined;
    const t = v.trim().toUpperCase();
    return EXCEL_ERROR_TEXTS.has(t) ? t : undefined;
  }
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const e: unknown = (v as { readonly error?: unknown }).error;
    if (typeof e === 'string') return e.trim() === '' ? '#ERROR' : e; // never an empty error text
    return undefined;
  }
  return undefined;
}

/** True for null, undefined, '' and whitespace-only text. Error values and false are not blank. */
export function isBlank(v: InputCell): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0 || v.trim().length === 0;
  return false;
}

/** A short, safe rendering of a cell for messages (long text is cut: cells may hold 32,767 chars). */
export function display(v: InputCell): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (v instanceof Date) s = Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  else s = errorOf(v) ?? '[object]';
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Text of a cell: trimmed; '' becomes undefined (blank). Numbers print as Excel shows them in
 * General format would for codes (1001 -> "1001"); booleans as TRUE/FALSE; Date cells as ISO dates.
 */
export function parseText(v: InputCell): string | undefined | CellIssue {
  if (typeof v === 'string') {
    if (v.length > 0 && v.charCodeAt(0) === 35 /* # */) {
      const e = errorOf(v);
      if (e !== undefined) return { kind: 'error', text: e };
    }
    const t = v.trim();
    return t.length === 0 ? undefined : t;
  }
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'invalid', text: String(v) };
    return String(v === 0 ? 0 : v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const serial = serialFromDate(v);
    return typeof serial === 'number' ? isoFromSerial(serial) : { kind: 'invalid', text: display(v) };
  }
  const e = errorOf(v);
  return { kind: e === undefined ? 'invalid' : 'error', text: e ?? display(v) };
}

export interface NumberOptions {
  /** Accept a trailing "%" on text (percent columns: "5%" means 5). */
  readonly percent?: boolean;
}

/**
 * A number from a cell. Returns the number (with -0 normalised to 0) or a CellIssue. Numbers from
 * numeric cells take the fast path; only text goes through the text parser.
 */
export function parseNumber(v: InputCell, options?: NumberOptions): number | CellIssue {
  if (typeof v === 'number') return checkMagnitude(v, v);
  if (typeof v === 'string') return parseNumericText(v, options?.percent === true);
  if (v === null || v === undefined) return BLANK;
  const e = errorOf(v);
  if (e !== undefined) return { kind: 'error', text: e };
  return { kind: 'invalid', text: display(v) };
}

function checkMagnitude(n: number, shown: InputCell): number | CellIssue {
  if (n === 0) return 0; // also turns -0 into 0
  const a = n < 0 ? -n : n;
  if (a <= MAX_MAGNITUDE && a >= MIN_MAGNITUDE) return n;
  if (Number.isNaN(n)) return { kind: 'invalid', text: display(shown) };
  if (a > MAX_MAGNITUDE) return { kind: 'tooLarge', text: display(shown) };
  return { kind: 'tooSmall', text: display(shown) };
}

const CURRENCY_SYMBOLS = '$€£¥';

// The number body once signs, parentheses and currency symbols are gone: integer part (plain
// digits, or comma groups of three), optional fraction, optional exponent.
const NUMBER_BODY = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Plain decimal text as CSV files hold it ("12", "-3.75"): at most 15 digits, so exact and in
 * range by construction. Returns undefined for anything else, which goes to the full parser.
 */
function plainDecimal(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i === n) return undefined;
  let dot = false;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 /* . */ && !dot) dot = true;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const v = Number(s);
  if (v === 0) return 0; // "-0", "0.000"
  const a = v < 0 ? -v : v;
  return a >= MIN_MAGNITUDE ? v : undefined; // tiny values get the full parser's diagnosis
}

function parseNumericText(raw: string, allowPercent: boolean): number | CellIssue {
  const plain = plainDecimal(raw);
  if (plain !== undefined) return plain;
  let s = raw.trim();
  if (s.length === 0) return BLANK;
  if (s.charCodeAt(0) === 35 /* # */) {
    const e = errorOf(s);
    if (e !== undefined) return { kind: 'error', text: e };
  }
  const invalid: CellIssue = { kind: 'invalid', text: display(raw) };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (allowPercent && s.endsWith('%')) s = s.slice(0, -1).trim();
  let signs = 0;
  let currencies = 0;
  // Leading sign and currency symbol in either order: "-$12", "$-12", "+12".
  for (let guard = 0; guard < 2 && s.length > 0; guard++) {
    const c = s.charAt(0);
    if (c === '-' || c === '+') {
      signs++;
      if (c === '-') negative = !negative;
      s = s.slice(1).trim();
    } else if (CURRENCY_SYMBOLS.includes(c)) {
      currencies++;
      s = s.slice(1).trim();
    }
  }
  const last = s.charAt(s.length - 1);
  if (s.length > 0 && CURRENCY_SYMBOLS.includes(last)) {
    currencies++;
    s = s.slice(0, -1).trim();
  }
  // "(-12)" and "--12" are not accounting forms; two currency symbols are not a number.
  if (signs > 1 || currencies > 1 || (signs === 1 && raw.trim().startsWith('('))) return invalid;
  const m = NUMBER_BODY.exec(s);
  if (m === null) return invalid;
  const intPart = (m[1] ?? '').replace(/,/g, '');
  const fracPart = m[2] ?? '';
  if (intPart.length === 0 && fracPart.length === 0) return invalid;
  const exp = m[3] === undefined ? '' : `e${m[3]}`;
  const n = Number(`${negative ? '-' : ''}${intPart || '0'}.${fracPart || '0'}${exp}`);
  const digits = significantDigits(intPart + fracPart);
  if (n === 0) return digits === 0 ? 0 : { kind: 'tooSmall', text: display(raw) };
  const checked = checkMagnitude(n, raw);
  if (typeof checked === 'number' && digits > 15) {
    return { kind: 'imprecise', text: display(raw), value: checked };
  }
  return checked;
}

/** Digits from the first non-zero digit to the last non-zero digit ("000120300" -> 4). */
function significantDigits(digits: string): number {
  let first = -1;
  let last = -1;
  for (let i = 0; i < digits.length; i++) {
    if (digits.charCodeAt(i) !== 48 /* 0 */) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

// ---------------------------------------------------------------------------------------------
// Dates: Excel serial days. serial = days since 1899-12-30, so 1 March 2026 is 46082. (Excel
// itself counts a fictitious 1900-02-29, so for dates before 1900-03-01 Excel shows one day later
// than this arithmetic; no inventory record is that old.)

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Excel serial of a calendar date (no range check); the calendar arithmetic is the engine's. */
export function serialFromParts(y: number, m: number, d: number): number {
  return serialOf(y, m, d);
}

/** Calendar date of an Excel serial (its integer part), as {year, month, day}. Pure arithmetic. */
export function partsFromSerial(serial: number): { readonly year: number; readonly month: number; readonly day: number } {
  const c = civil(Math.floor(serial));
  return { year: c.y, month: c.m, day: c.d };
}

/** ISO yyyy-mm-dd of an Excel serial day (integer part); 46082 -> "2026-03-01". */
export function isoFromSerial(n: number): string {
  return isoDate(Math.floor(n));
}

// After the date: nothing, or a time "T10:00", " 10:00:00.5Z", "T10:00:00+02:00".
const TIME_SUFFIX = /^[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Excel serial of ISO text "2026-03-31" (also "2026-3-31" and with a time, "2026-03-31T10:00:00",
 * whose date part is taken as written), or undefined when the text is not such a date or lies
 * outside Excel's range (serial 1 .. 2958465).
 */
export function serialFromIso(s: string): number | undefined {
  const serial = isoSerialUnchecked(s.trim());
  return serial !== undefined && serial >= 1 && serial <= MAX_SERIAL ? serial : undefined;
}

/** Serial of ISO-shaped text without the range check (so "1850-01-01" can be called out of range). */
function isoSerialUnchecked(t: string): number | undefined {
  if (t.length < 8 || t.charCodeAt(4) !== 45 /* - */) return undefined;
  const y = digitsValue(t, 0, 4);
  if (y < 0) return undefined;
  const dash2 = t.indexOf('-', 5);
  if (dash2 !== 6 && dash2 !== 7) return undefined;
  const m = digitsValue(t, 5, dash2);
  let end = dash2 + 1;
  while (end < t.length && end < dash2 + 3 && isDigit(t.charCodeAt(end))) end++;
  if (end === dash2 + 1) return undefined;
  const d = digitsValue(t, dash2 + 1, end);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (end < t.length && !TIME_SUFFIX.test(t.slice(end))) return undefined;
  return serialFromParts(y, m, d);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Value of the decimal digits in s[from, to), or -1 if any is not a digit or the span is empty. */
function digitsValue(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Serial day of a JS Date, read with its UTC fields (exceljs stores dates as UTC midnight). */
export function serialFromDate(d: Date): number | CellIssue {
  const t = d.getTime();
  if (Number.isNaN(t)) return { kind: 'invalid', text: 'Invalid Date' };
  return serialInRange(Math.floor(t / 86_400_000) + 25_569, display(d));
}

function serialInRange(serial: number, shown: string): number | CellIssue {
  if (serial < 1 || serial > MAX_SERIAL) return { kind: 'tooLarge', text: shown };
  return serial;
}

/**
 * An Excel serial day from a cell: a serial number (its integer part), ISO text, a Date cell, numeric
 * text of a serial, or a date typed as text in the workbook's locale (`reading`; dateText.ts: day and
 * month in the locale's order, month names in any order; without a locale only text with one
 * possible reading). Out-of-range dates (before serial 1 or after 9999-12-31) come back as
 * `tooLarge`; anything else as `invalid`, with a `why` and `hint` for ambiguous or impossible text.
 */
export function parseDate(v: InputCell, reading?: DateReading): number | CellIssue {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'invalid', text: display(v) };
    return serialInRange(Math.floor(v), display(v));
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.length === 0) return BLANK;
    const iso = isoSerialUnchecked(t);
    if (iso !== undefined) return serialInRange(iso, display(v));
    const e = errorOf(t);
    if (e !== undefined) return { kind: 'error', text: e };
    // A serial typed as text ("46082", "46082.5"); not "1,234" or "$5": those are not dates.
    if (/^\d+(?:\.\d*)?$/.test(t)) return serialInRange(Math.floor(Number(t)), display(v));
    const locale = reading?.locale === '' ? undefined : reading?.locale;
    const local = dateFromText(t, orderOfReading(reading), locale);
    if (typeof local === 'number') return serialInRange(local, display(v));
    // ISO-shaped but impossible ("2026-02-30"), ambiguous day/month text, or not a date at all.
    const problem = dateTextProblem(local, locale);
    return problem === undefined ? { kind: 'invalid', text: display(v) } : { kind: 'invalid', text: display(v), why: problem.why, hint: problem.hint };
  }
  if (v === null || v === undefined) return BLANK;
  if (v instanceof Date) return serialFromDate(v);
  if (typeof v === 'boolean') return { kind: 'invalid', text: display(v) };
  const e = errorOf(v);
  return e === undefined ? { kind: 'invalid', text: display(v) } : { kind: 'error', text: e };
}

const TRUE_TEXTS: ReadonlySet<string> = new Set(['true', 'yes', 'y', '1']);
const FALSE_TEXTS: ReadonlySet<string> = new Set(['false', 'no', 'n', '0']);

/** A boolean from TRUE/FALSE cells or text TRUE/FALSE, yes/no, y/n, 1/0 (any case). */
export function parseBoolean(v: InputCell): boolean | CellIssue {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (v === 1) return true;
    if (v === 0) return false;
    return { kind: 'invalid', text: display(v) };
  }
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t.length === 0) return BLANK;
    if (TRUE_TEXTS.has(t)) return true;
    if (FALSE_TEXTS.has(t)) return false;
    const e = errorOf(v);
    if (e !== undefined) return { kind: 'error', text: e };
    return { kind: 'invalid', text: display(v) };
  }
  if (v === null || v === undefined) return BLANK;
  const e = errorOf(v);
  return e === undefined ? { kind: 'invalid', text: display(v) } : { kind: 'error', text: e };
}

/** Key used to compare headers, table names and enumeration text: lower case, no spaces or _. */
export function headerKey(s: string): string {
  return s.replace(/[\s_]+/g, '').toLowerCase();
}

/** Key for enumerations: like headerKey, also ignoring hyphens ("customer-return"). */
export function enumKey(s: string): string {
  return s.replace(/[\s_-]+/g, '').toLowerCase();
}

/**
 * Matches enumeration text to a canonical value, case- and space-insensitively, with aliases.
 * Lookups are cached by the raw text, so a million "Receipt" cells cost one normalisation.
 */
export class EnumMatcher<T extends string> {
  private readonly byKey = new Map<string, T>();
  private readonly cache = new Map<string, T | null>();

  constructor(
    readonly values: readonly T[],
    aliases: Readonly<Record<string, T>> = {},
  ) {
    for (const v of values) this.byKey.set(enumKey(v), v);
    for (const [alias, v] of Object.entries(aliases)) this.byKey.set(enumKey(alias), v);
  }

  /** The canonical value, or undefined when the text names none. */
  match(raw: string): T | undefined {
    const hit = this.cache.get(raw);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.byKey.get(enumKey(raw));
    if (this.cache.size < 10_000) this.cache.set(raw, found ?? null);
    return found;
  }

  /** "Opening, Receipt, ..." for hints. */
  list(): string {
    return this.values.join(', ');
  }
}
