/**
 * The one period lookup: which of a run's periods (sorted, contiguous, inclusive start..end serial
 * days) holds a date, by binary search. Used by the reports, the renderers and the periodic
 * comparison instead of scanning every period for every line.
 *
 *   periods Jan, Feb, Mar 2026: periodIndex(periods, 15 Feb) = 1; before Jan = -1; after Mar = 3.
 */

export interface PeriodSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Index of the period containing `date`; -1 when it is before the first, `periods.length` when after
 * the last (or, for a gap between periods, the index of the next period).
 */
export function periodIndex(periods: readonly PeriodSpan[], date: number): number {
  let lo = 0;
  let hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((periods[mid] as PeriodSpan).end < date) lo = mid + 1;
    else hi = mid;
  }
  if (lo < periods.length && date < (periods[lo] as PeriodSpan).start && lo === 0) return -1;
  return lo;
}

/** periodIndex clamped into the run's periods (a date outside them counts in the first or last). */
export function periodIndexClamped(periods: readonly PeriodSpan[], date: number): number {
  const i = periodIndex(periods, date);
  return i < 0 ? 0 : i >= periods.length ? periods.length - 1 : i;
}
