/**
 * What one engine run over a book's tables boils down to for the INV functions: plain data only
 * (numbers, bigints, strings, arrays and Maps), so it crosses from the engine worker to the
 * functions by structured clone, and nothing here depends on the engine's result types (the adapter,
 * engineAdapter.ts, is the one place that reads those).
 *
 *   view.items.get('COAT').cogs = { dates: [46090, 46097], cum: [20000, 45000] }   (scale p = 2)
 *   upTo(series, 46092) -> 20000 (= 200.00)   between(series, 46091, undefined) -> 25000
 *
 * A view is one run: the book's tables, plus an optional method override, as-of date and period
 * kind (INV.FIFO asks for method FIFO, INV.PERIODIC for period All up to a date).
 */
import * as N from '../engine/num';
import type { Fixed } from '../engine/num';
import type { Method, PeriodKind } from '../engine/types';
import type { ErrorValue } from './values';

/** A cumulative series: cum[i] is the total of everything dated on or before dates[i]. */
export interface Series {
  readonly dates: readonly number[];
  readonly cum: readonly Fixed[];
}

export interface ItemIndex {
  /** Scale p (posted money): COGS lines, revenue (credit to sales as positive), stock account lines. */
  readonly cogs: Series;
  readonly revenue: Series;
  readonly value: Series;
  /** Scale q: quantity in minus out, from the stock ledger. */
  readonly qty: Series;
}

/** One remaining layer of an item's stock (INV.FIFO "layers"). */
export interface LayerRow {
  readonly date: number;
  readonly doc: string;
  readonly qty: number;
  readonly unitCost: number;
  readonly value: number;
}

export interface ViewRequest {
  readonly method?: Method;
  readonly asOf?: number;
  /** Period kind for the periodic comparison (INV.PERIODIC uses All). */
  readonly period?: PeriodKind;
}

export interface Scales {
  /** Posted money decimals (Precision). */
  readonly p: number;
  /** Quantity decimals. */
  readonly q: number;
  /** Unit-cost decimals. */
  readonly c: number;
}

export interface View {
  /** Set when the tables or the run have an error diagnostic: every function then returns it. */
  readonly error: ErrorValue | undefined;
  readonly scales: Scales;
  readonly all: ItemIndex;
  readonly items: ReadonlyMap<string, ItemIndex>;
  /** Lower-case code -> code, for items typed in another case. */
  readonly lowerCodes: ReadonlyMap<string, string>;
  /** Remaining layers per item, oldest first (only when asked: method FIFO). */
  readonly layers: ReadonlyMap<string, readonly LayerRow[]> | undefined;
  /** Periodic COGS at scale p, all items and per item (only when asked: period All). */
  readonly periodic: { readonly total: Fixed; readonly byItem: ReadonlyMap<string, Fixed> } | undefined;
  /** Movement rows read (for the handle's text). */
  readonly movements: number;
}

export function viewKey(r: ViewRequest): string {
  return `${r.method ?? ''}|${r.asOf ?? ''}|${r.period ?? ''}`;
}

/** Cumulative total on or before `date` (undefined: everything). */
export function upTo(s: Series, date: number | undefined): Fixed {
  const n = s.dates.length;
  if (n === 0) return 0;
  if (date === undefined) return s.cum[n - 1] as Fixed;
  let lo = 0;
  let hi = n; // first index with dates[i] > date
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.dates[mid] as number) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (s.cum[lo - 1] as Fixed);
}

/** Total dated within [from, to] (either end open when undefined). */
export function between(s: Series, from: number | undefined, to: number | undefined): Fixed {
  const end = upTo(s, to);
  return from === undefined ? end : N.sub(end, upTo(s, from - 1));
}

/**
 * Builds a Series from dated deltas arriving in any order. Deltas mostly come in date order (the
 * journal and the stock ledger are posted in date order), so the running totals are kept as they
 * come, one slot per distinct date; the first delta dated before the last one switches to keeping
 * (date, delta) pairs, sorted once in build(). Sums are exact, so the order within a date is moot.
 */
export class SeriesBuilder {
  private readonly dates: number[] = [];
  private readonly cum: Fixed[] = [];
  private run: Fixed = 0;
  /** Set once a delta arrived out of date order: every (date, delta) so far, in arrival order. */
  private pairs: { dates: number[]; deltas: Fixed[] } | undefined;

  add(date: number, delta: Fixed): void {
    if (N.isZero(delta)) return;
    if (this.pairs !== undefined) {
      this.pairs.dates.push(date);
      this.pairs.deltas.push(delta);
      return;
    }
    const n = this.dates.length;
    const last = n === 0 ? -Infinity : (this.dates[n - 1] as number);
    this.run = N.add(this.run, delta);
    if (date === last) this.cum[n - 1] = this.run;
    else if (date > last) {
      this.dates.push(date);
      this.cum.push(this.run);
    } else {
      // Out of order: the totals so far back to deltas, then this one.
      const dates: number[] = [];
      const deltas: Fixed[] = [];
      let prev: Fixed = 0;
      for (let i = 0; i < n; i++) {
        dates.push(this.dates[i] as number);
        deltas.push(N.sub(this.cum[i] as Fixed, prev));
        prev = this.cum[i] as Fixed;
      }
      dates.push(date);
      deltas.push(delta);
      this.pairs = { dates, deltas };
    }
  }

  build(): Series {
    const p = this.pairs;
    if (p === undefined) return { dates: this.dates, cum: this.cum };
    const order = p.dates.map((_, i) => i).sort((a, b) => (p.dates[a] as number) - (p.dates[b] as number) || a - b);
    const dates: number[] = [];
    const cum: Fixed[] = [];
    let run: Fixed = 0;
    for (const i of order) {
      const d = p.dates[i] as number;
      run = N.add(run, p.deltas[i] as Fixed);
      if (dates.length > 0 && dates[dates.length - 1] === d) cum[cum.length - 1] = run;
      else {
        dates.push(d);
        cum.push(run);
      }
    }
    return { dates, cum };
  }
}

/** Decimals of a unit cost shown by AVGCOST, FIFO unitcost and layers: the cost scale, at least 6. */
export function unitScale(costScale: number): number {
  return Math.max(6, costScale);
}

/** val (at valScale) / qty (at qtyScale) as a number rounded half up to `u` decimals; undefined when qty is 0. */
export function unitCostOf(val: Fixed, valScale: number, qty: Fixed, qtyScale: number, u: number): number | undefined {
  if (N.isZero(qty)) return undefined;
  // val / 10^vs / (qty / 10^qs) * 10^u = val * 10^(u + qs - vs) / qty
  const shift = u + qtyScale - valScale;
  const r = shift >= 0 ? N.mulDivRound(val, N.pow10Fixed(shift), qty) : N.mulDivRound(val, 1, N.mul(qty, N.pow10Fixed(-shift)));
  return N.toNumber(r, u);
}
