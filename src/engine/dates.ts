/**
 * Calendar arithmetic on Excel serial days (days since 1899-12-30), with no Date objects and no time
 * zones: 46082 is 2026-03-01. Periods are labelled the way the summary JSON shows them.
 */
import type { PeriodKind } from './types';

const EPOCH_OFFSET = 25569; // serial of 1970-01-01

/** Serial day -> { y, m (1-12), d }. */
export function civil(serial: number): { y: number; m: number; d: number } {
  // Howard Hinnant's days-from-civil inverse, on days since 1970-01-01.
  const z = Math.floor(serial) - EPOCH_OFFSET + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { y, m, d };
}

/** { y, m, d } -> serial day. */
export function serialOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + EPOCH_OFFSET;
}

export function isoDate(serial: number): string {
  const { y, m, d } = civil(serial);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface Period {
  readonly label: string;
  /** First and last serial day of the period (inclusive). */
  readonly start: number;
  readonly end: number;
}

/** The period containing `serial`. Fiscal years are named by the calendar year they end in. */
export function periodOf(serial: number, kind: PeriodKind, fiscalYearStart: number): Period {
  const { y, m } = civil(serial);
  switch (kind) {
    case 'All':
      return { label: 'All', start: -Infinity, end: Infinity };
    case 'Month': {
      const start = serialOf(y, m, 1);
      const end = (m === 12 ? serialOf(y + 1, 1, 1) : serialOf(y, m + 1, 1)) - 1;
      return { label: `${y}-${String(m).padStart(2, '0')}`, start, end };
    }
    case 'Quarter':
    case 'Year': {
      const fs = fiscalYearStart;
      const fyStartYear = m >= fs ? y : y - 1;
      const monthsIn = (m - fs + 12) % 12;
      const fyName = fs === 1 ? String(fyStartYear) : `FY${fyStartYear + 1}`;
      if (kind === 'Year') {
        const start = serialOf(fyStartYear, fs, 1);
        const end = serialOf(fyStartYear + 1, fs, 1) - 1;
        return { label: fyName, start, end };
      }
      const q = Math.floor(monthsIn / 3);
      const sm0 = fs - 1 + q * 3;
      const sy = fyStartYear + Math.floor(sm0 / 12);
      const sm = (sm0 % 12) + 1;
      const em0 = sm0 + 3;
      const ey = fyStartYear + Math.floor(em0 / 12);
      const em = (em0 % 12) + 1;
      return { label: `${fyName}-Q${q + 1}`, start: serialOf(sy, sm, 1), end: serialOf(ey, em, 1) - 1 };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The distinct periods spanned by the dates, in order (inclusive of gaps between them). */
export function periodsBetween(first: number, last: number, kind: PeriodKind, fiscalYearStart: number): Period[] {
  if (kind === 'All') return [periodOf(first, 'All', fiscalYearStart)];
  const out: Period[] = [];
  let d = first;
  while (d <= last) {
    const p = periodOf(d, kind, fiscalYearStart);
    out.push(p);
    d = p.end + 1;
  }
  return out;
}
