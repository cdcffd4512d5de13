/**
 * Periodic versus perpetual with closed periods: a closed period shows the comparison as it was at
 * the close (the closed run's). An open period shows the perpetual side as posted (the first open
 * period holds the catch-up) beside the recomputation's periodic side. The first open period takes
 * over what the close left: its periodic opening is the closed periodic closing, and its purchases
 * include what reached periodic stock in the closed periods but was entered after the close (a
 * back-dated receipt is a purchase of the period it is booked in, as a periodic business books it).
 * So periodic COGS over all periods still sums to the recomputation's:
 *
 *   closed COGS (as reported) + first open period (closed closing + late purchases + purchases
 *   - closing) + later periods  =  opening + every purchase - final closing.
 *
 * In open periods the explanation keeps the recomputation's shrinkage and method effect and the
 * posted timing (GDNI); `other` takes the rest (in the first open period: the catch-up), so the parts
 * still add up exactly. The per-item detail of open periods is the recomputation's.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import { comparePeriods, type PeriodComparison } from '../periodic';
import type { ClosedBooksResult } from '../catchup';

type Periodic = PeriodComparison['periodic'];

export function comparePeriodsWithClose(result: ClosedBooksResult, onProgress?: (done: number, total: number) => void): PeriodComparison[] {
  const cu = result.catchUp;
  if (cu === undefined || cu.closed === undefined || cu.recomputed === undefined) return comparePeriods(result, onProgress);
  const ct = cu.closedThrough;
  // Perpetual side from the journal as posted; its periodic simulation reads the recomputation's own
  // stock ledger (no catch-up rows), though only the perpetual side of this one is used.
  const posted = comparePeriods({ ...result, valuation: { ...result.valuation, ledger: cu.recomputed.valuation.ledger } }, onProgress);
  const full = comparePeriods(cu.recomputed);
  const closed = comparePeriods(cu.closed);
  const fullByLabel = new Map(full.map((c) => [c.period, c] as const));
  const closedByLabel = new Map(closed.map((c) => [c.period, c] as const));
  const q = N.pow10Fixed(result.prepared.scales.q - cu.closed.prepared.scales.q);
  const v = N.pow10Fixed(result.prepared.scales.v - cu.closed.prepared.scales.v);
  const late = N.sub(reached(full, ct), reached(closed, ct));

  let lastClosed: PeriodComparison | undefined;
  let lastFull: PeriodComparison | undefined;
  let firstOpen = true;
  const out: PeriodComparison[] = [];
  for (const c of posted) {
    const f = fullByLabel.get(c.period);
    if (c.end <= ct) {
      const was = closedByLabel.get(c.period);
      const row = was === undefined ? nothingKnown(c, lastClosed) : rescale(was, q, v);
      out.push(row);
      lastClosed = row;
      if (f !== undefined) lastFull = f;
      continue;
    }
    let periodic: Periodic = f?.periodic ?? carried(c.revenue, lastFull);
    if (firstOpen && lastClosed !== undefined) periodic = takeOver(periodic, c.revenue, lastClosed.periodic.closingValue, late);
    firstOpen = false;
    if (f !== undefined) lastFull = f;
    const difference = N.sub(periodic.cogs, c.perpetual.cogs);
    const shrinkage = f?.explanation.shrinkage ?? 0;
    const methodEffect = f?.explanation.methodEffect ?? 0;
    const other = N.sub(N.sub(N.sub(difference, shrinkage), methodEffect), c.explanation.timing);
    out.push({ ...c, periodic, difference, explanation: { shrinkage, methodEffect, timing: c.explanation.timing, other }, counts: f?.counts ?? [], items: f?.items ?? [] });
  }
  return out;
}

/** What reached periodic stock through `ct`: the first period's opening plus purchases of the closed periods. */
function reached(rows: readonly PeriodComparison[], ct: number): Fixed {
  let s: Fixed = 0;
  let first = true;
  for (const c of rows) {
    if (c.end > ct) break;
    if (first) s = N.add(s, c.periodic.openingValue);
    first = false;
    s = N.add(s, c.periodic.purchases);
  }
  return s;
}

/** The first open period, opening at the closed closing and buying what was entered late. */
function takeOver(p: Periodic, revenue: Fixed, openingValue: Fixed, late: Fixed): Periodic {
  const purchases = N.add(p.purchases, late);
  const cogs = N.sub(N.add(openingValue, purchases), p.closingValue);
  return { ...p, openingValue, purchases, cogs, grossMargin: N.sub(revenue, cogs) };
}

/** A period with no movement of its own (it holds only the catch-up): the stock before carried through. */
function carried(revenue: Fixed, before: PeriodComparison | undefined): Periodic {
  const stock = before?.periodic.closingValue ?? 0;
  return { openingValue: stock, purchases: 0, closingValue: stock, cogs: 0, grossMargin: revenue };
}

/**
 * A closed period in which nothing was known at the close: before the first known row nothing is
 * held; after the last one, the stock of the period before is carried through unchanged.
 */
function nothingKnown(c: PeriodComparison, before: PeriodComparison | undefined): PeriodComparison {
  const perpetualStock = before?.perpetual.closingValue ?? 0;
  return {
    ...c,
    revenue: 0,
    perpetual: { cogs: 0, closingValue: perpetualStock, grossMargin: 0 },
    periodic: carried(0, before),
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
