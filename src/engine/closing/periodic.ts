/**
 * Periodic versus perpetual with closed periods: a closed period shows the comparison as it was at
 * the close (the closed run's), an open period the recomputation's. Between the two, the first open
 * period takes over what the close left: its periodic opening is the closed periodic closing, and its
 * purchases include what reached periodic stock in the closed periods but was entered after the
 * close (a back-dated receipt is a purchase of the period it is booked in, as a periodic business
 * would book it). So periodic COGS over all periods still sums to the recomputation's total:
 *
 *   closed COGS (as reported) + first open period (closed closing + late purchases + purchases
 *   - closing) + later periods  =  opening + every purchase - final closing.
 *
 * The first open period's per-item detail (items) stays the recomputation's; its totals are adjusted
 * and the adjustment is added to explanation.other, so the explanation still adds up exactly.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import { comparePeriods, type PeriodComparison } from '../periodic';
import type { ClosedBooksResult } from '../catchup';

export function comparePeriodsWithClose(result: ClosedBooksResult, onProgress?: (done: number, total: number) => void): PeriodComparison[] {
  const recomputed = comparePeriods(result, onProgress);
  const cu = result.catchUp;
  if (cu === undefined || cu.closed === undefined) return recomputed;
  const ct = cu.closedThrough;
  const closed = comparePeriods(cu.closed);
  const closedByLabel = new Map(closed.map((c) => [c.period, c] as const));
  const q = N.pow10Fixed(result.prepared.scales.q - cu.closed.prepared.scales.q);
  const v = N.pow10Fixed(result.prepared.scales.v - cu.closed.prepared.scales.v);

  // What reached periodic stock in the closed periods: known at the close, and recomputed.
  const reached = (rows: readonly PeriodComparison[]): Fixed => {
    let s: Fixed = 0;
    let first = true;
    for (const c of rows) {
      if (c.end > ct) break;
      if (first) s = N.add(s, c.periodic.openingValue);
      first = false;
      s = N.add(s, c.periodic.purchases);
    }
    return s;
  };
  const late = N.sub(reached(recomputed), reached(closed));
  let lastClosed: PeriodComparison | undefined;
  const out: PeriodComparison[] = [];
  for (const c of recomputed) {
    if (c.end <= ct) {
      const was = closedByLabel.get(c.period);
      const row = was === undefined ? emptyLike(c) : rescale(was, q, v);
      out.push(row);
      lastClosed = row;
      continue;
    }
    if (lastClosed !== undefined) {
      out.push(takeOver(c, lastClosed.periodic.closingValue, late));
      lastClosed = undefined;
    } else out.push(c);
  }
  return out;
}

/** The first open period, opening at the closed closing and buying what was entered late. */
function takeOver(c: PeriodComparison, openingValue: Fixed, late: Fixed): PeriodComparison {
  const purchases = N.add(c.periodic.purchases, late);
  const cogs = N.sub(N.add(openingValue, purchases), c.periodic.closingValue);
  const difference = N.sub(cogs, c.perpetual.cogs);
  const other = N.add(c.explanation.other, N.sub(difference, c.difference));
  return {
    ...c,
    periodic: { ...c.periodic, openingValue, purchases, cogs, grossMargin: N.sub(c.revenue, cogs) },
    difference,
    explanation: { ...c.explanation, other },
  };
}

/** A closed period in which nothing was known at the close. */
function emptyLike(c: PeriodComparison): PeriodComparison {
  return {
    ...c,
    revenue: 0,
    perpetual: { cogs: 0, closingValue: 0, grossMargin: 0 },
    periodic: { openingValue: 0, purchases: 0, closingValue: 0, cogs: 0, grossMargin: 0 },
    difference: 0,
    explanation: { shrinkage: 0, methodEffect: 0, timing: 0, other: 0 },
    timingDetail: { invoicedNotShipped: 0, shippedNotInvoiced: 0 },
    perpetualStockAdjustment: 0,
    counts: [],
    items: [],
    invoices: [],
  };
}

/** Quantities (scale q) and exact item values (scale v) of the closed run at the full run's scales. */
function rescale(c: PeriodComparison, q: Fixed, v: Fixed): PeriodComparison {
  if (q === 1 && v === 1) return c;
  const Q = (x: Fixed): Fixed => N.mul(x, q);
  const V = (x: Fixed): Fixed => N.mul(x, v);
  return {
    ...c,
    counts: c.counts.map((k) => ({ ...k, counted: Q(k.counted), bookBefore: Q(k.bookBefore) })),
    items: c.items.map((i) => ({
      ...i,
      openingQty: Q(i.openingQty),
      purchasesQty: Q(i.purchasesQty),
      closingQty: Q(i.closingQty),
      shrinkageQty: Q(i.shrinkageQty),
      openingValue: V(i.openingValue),
      purchases: V(i.purchases),
      closingValue: V(i.closingValue),
      cogs: V(i.cogs),
      shrinkage: V(i.shrinkage),
    })),
    invoices: c.invoices.map((i) => ({ ...i, qty: Q(i.qty) })),
  };
}
