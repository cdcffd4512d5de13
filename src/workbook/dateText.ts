/**
 * Dates typed as text the way people type them, in the workbook's locale: which day, month and year
 * a short date such as "03/02/2026" means depends on the locale's order (3 February in en-GB,
 * March 2 in en-US), so the locale decides, and without one only text with a single possible reading
 * is a date. Month names are unambiguous in any locale.
 *
 *   dateFromText('15/02/2026', 'DMY')    -> 46068  (2026-02-15)
 *   dateFromText('2/15/2026', 'MDY')     -> 46068
 *   dateFromText('15.02.26', 'DMY')      -> 46068  (two-digit years: 00-29 are 20xx, 30-99 19xx, as Excel)
 *   dateFromText('15-Feb-2026')          -> 46068  ('Feb 15, 2026', '15 February 2026', and the locale's
 *                                                   own names: '15. Februar 2026', '15 de febrero de 2026')
 *   dateFromText('2026年2月15日')          -> 46068
 *   dateFromText('15/02/2026')           -> 46068  (no locale, but 15 cannot be a month)
 *   dateFromText('03/02/2026')           -> {kind: 'ambiguous', readings: [46084, 46056]}  (no locale)
 *   dateFromText('02/15/2026', 'DMY')    -> {kind: 'outOfOrder', order: 'DMY', reading: 46068}
 *   dateFromText('next Tuesday')         -> undefined  (not a date form at all)
 *
 * Pure: no diagnostics here; the reader (readCore.ts) turns the results into BAD_DATE with a hint.
 */
import { civil, isoDate, serialOf } from '../engine/dates';

/** The order of day, month and year in a short date text. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** How a host wants text dates read: the workbook's locale (a BCP 47 tag, e.g. Office's content language). */
export interface DateReading {
  readonly locale?: string;
}

export type DateTextResult =
  | number
  /** Both day/month readings are real dates and no locale says which: the two serials, day-first first. */
  | { readonly kind: 'ambiguous'; readonly readings: readonly [number, number] }
  /** Not a date in the locale's order, but a date in the other one (e.g. 02/15/2026 in en-GB). */
  | { readonly kind: 'outOfOrder'; readonly order: DateOrder; readonly reading: number }
  /** Shaped like a date, but no reading gives a real day (31/02/2026, 13/13/2026). */
  | { readonly kind: 'impossible' }
  | undefined;

const orders = new Map<string, DateOrder>();

/** The date order of a locale ('en-US' MDY, 'en-GB' and 'de-DE' DMY, 'ja-JP' YMD), from Intl; MDY when unknown. */
export function dateOrderOf(locale: string): DateOrder {
  let order = orders.get(locale);
  if (order !== undefined) return order;
  order = 'MDY';
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 10, 22)));
    const seq = parts.map((p) => p.type).filter((t) => t === 'day' || t === 'month' || t === 'year').map((t) => t[0]?.toUpperCase() ?? '').join('');
    if (seq === 'DMY' || seq === 'MDY' || seq === 'YMD') order = seq;
  } catch {
    // An unknown locale tag: keep MDY, Excel's default (en-US).
  }
  orders.set(locale, order);
  return order;
}

/** The order of a reading's locale, or undefined when none was given. */
export function orderOfReading(reading: DateReading | undefined): DateOrder | undefined {
  return reading?.locale === undefined || reading.locale === '' ? undefined : dateOrderOf(reading.locale);
}

const ENGLISH_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthTables = new Map<string, ReadonlyMap<string, number>>();

/** Month names and abbreviations (lower case, no trailing dot) -> month: English, plus the locale's own. */
function monthNames(locale: string | undefined): ReadonlyMap<string, number> {
  const key = locale ?? '';
  const have = monthTables.get(key);
  if (have !== undefined) return have;
  const names = new Map<string, number>();
  ENGLISH_MONTHS.forEach((name, i) => {
    names.set(name, i + 1);
    names.set(name.slice(0, 3), i + 1);
  });
  names.set('sept', 9);
  if (locale !== undefined && locale !== '') {
    try {
      // Standalone names and the forms used beside a day (Polish "stycznia", not "styczeń").
      for (const month of ['long', 'short'] as const) {
        const alone = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' });
        const inDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month, timeZone: 'UTC' });
        for (let m = 1; m <= 12; m++) {
          const when = new Date(Date.UTC(2026, m - 1, 15));
          const forms = [alone.format(when), inDate.formatToParts(when).find((p) => p.type === 'month')?.value ?? ''];
          for (const form of forms) {
            const name = form.toLowerCase().replace(/\.$/, '');
            if (name !== '' && !/^\d+$/.test(name) && !names.has(name)) names.set(name, m);
          }
        }
      }
    } catch {
      // An unknown locale tag: English names only.
    }
  }
  monthTables.set(key, names);
  return names;
}

/** A real calendar day's serial, or undefined (a two-digit year follows Excel: 00-29 -> 20xx, 30-99 -> 19xx). */
function dayOf(y: number, yDigits: number, m: number, d: number): number | undefined {
  if (yDigits === 3) return undefined;
  const year = yDigits <= 2 ? (y >= 30 ? 1900 + y : 2000 + y) : y;
  if (m < 1 || m > 12 || d < 1 || d > 31 || year < 1900) return undefined;
  const serial = serialOf(year, m, d);
  const back = civil(serial);
  return back.y === year && back.m === m && back.d === d ? serial : undefined;
}

// "15/02/2026", "2/15/26", "15.02.2026", "15-02-2026", "2026/02/15", optionally a time after it.
const NUMERIC = /^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;
// "15-Feb-2026", "15 February 2026", "15. Februar 2026", "15 feb. 26", "15 de febrero de 2026".
const DAY_NAME_YEAR = /^(\d{1,2})\.?[\s\-/]*(?:de\s+|of\s+)?([^\d\s\-/.,]+)\.?[\s\-/,]*(?:de\s+)?(\d{2}|\d{4})$/iu;
// "2026年2月15日" (Japanese, Chinese), "2026. 2. 15." (Korean style).
const YEAR_MONTH_DAY_MARKS = /^(\d{4})\s*[年.]\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*[日.]?$/u;
// "Feb 15, 2026", "February 15 2026", "Feb-15-2026".
const NAME_DAY_YEAR = /^([^\d\s\-/.,]+)\.?[\s\-/]*(\d{1,2})(?:st|nd|rd|th)?[\s\-/,]+(\d{2}|\d{4})$/u;

/**
 * The serial of a text date in the locale's `order` (undefined: no locale known), or why not; see
 * the module header. ISO text is the caller's (cells.ts) and is not handled here.
 */
export function dateFromText(text: string, order?: DateOrder, locale?: string): DateTextResult {
  const t = text.trim();
  const named = DAY_NAME_YEAR.exec(t) ?? undefined;
  const namedFirst = named === undefined ? (NAME_DAY_YEAR.exec(t) ?? undefined) : undefined;
  if (named !== undefined || namedFirst !== undefined) {
    const [name, day, year] = named !== undefined ? [named[2], named[1], named[3]] : [namedFirst?.[1], namedFirst?.[2], namedFirst?.[3]];
    const month = monthNames(locale).get((name ?? '').toLowerCase());
    if (month === undefined) return undefined;
    return dayOf(Number(year), (year ?? '').length, month, Number(day)) ?? { kind: 'impossible' };
  }
  const marks = YEAR_MONTH_DAY_MARKS.exec(t);
  if (marks !== null) return dayOf(Number(marks[1]), 4, Number(marks[2]), Number(marks[3])) ?? { kind: 'impossible' };
  const m = NUMERIC.exec(t);
  if (m === null) return undefined;
  const first = m[1] as string;
  const last = m[4] as string;
  const a = Number(first);
  const b = Number(m[3]);
  const c = Number(last);
  // A four-digit year in front is year-month-day whatever the locale (2026/02/15).
  if (first.length === 4 || first.length === 3) {
    if (last.length > 2) return undefined;
    return dayOf(a, first.length, b, c) ?? { kind: 'impossible' };
  }
  // A year-first locale (ja-JP) with a two-digit year: 26/02/15.
  if (order === 'YMD' && last.length <= 2) return dayOf(a, first.length, b, c) ?? { kind: 'impossible' };
  if (last.length !== 2 && last.length !== 4) return undefined;
  const dmy = dayOf(c, last.length, b, a);
  const mdy = dayOf(c, last.length, a, b);
  if (order === 'DMY' || order === 'MDY') {
    const want = order === 'DMY' ? dmy : mdy;
    const other = order === 'DMY' ? mdy : dmy;
    if (want !== undefined) return want;
    return other !== undefined ? { kind: 'outOfOrder', order, reading: other } : { kind: 'impossible' };
  }
  // No locale (or a year-first locale given day-month text): only a single reading is a date.
  if (dmy !== undefined && mdy !== undefined) return dmy === mdy ? dmy : { kind: 'ambiguous', readings: [dmy, mdy] };
  return dmy ?? mdy ?? { kind: 'impossible' };
}

const ORDER_WORDS: Readonly<Record<DateOrder, string>> = { DMY: 'day/month/year', MDY: 'month/day/year', YMD: 'year/month/day' };

/** "15 February 2026" */
function spelled(serial: number): string {
  const c = civil(serial);
  const name = ENGLISH_MONTHS[c.m - 1] ?? '';
  return `${c.d} ${name.charAt(0).toUpperCase()}${name.slice(1)} ${c.y}`;
}

/**
 * What to tell the user about a text date that is not one (the reader's BAD_DATE message ends with
 * `why`, its hint is `hint`), or undefined when there is nothing more to say than "not a date".
 */
export function dateTextProblem(result: DateTextResult, locale: string | undefined): { readonly why: string; readonly hint: string } | undefined {
  if (result === undefined || typeof result === 'number') return undefined;
  switch (result.kind) {
    case 'ambiguous': {
      const [dm, md] = result.readings;
      return {
        why: `it could be ${spelled(dm)} or ${spelled(md)}, and no workbook locale says which comes first, day or month`,
        hint: `Type it as an ISO date yyyy-mm-dd (${isoDate(dm)} or ${isoDate(md)}), or as an Excel date.`,
      };
    }
    case 'outOfOrder':
      return {
        why: `in this workbook's date order (${ORDER_WORDS[result.order]}${locale === undefined ? '' : `, ${locale}`}) that day does not exist`,
        hint: `If you meant ${spelled(result.reading)}, type it in the workbook's order or as ${isoDate(result.reading)}.`,
      };
    case 'impossible':
      return { why: 'that day does not exist', hint: 'Check the day and the month, or type the date as an ISO date yyyy-mm-dd, e.g. 2026-03-31.' };
  }
}
