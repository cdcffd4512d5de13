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
 * Open periods are the recomputation's, except the first: its perpetual side is the journal as
 * posted (the catch-up's revenue, COGS and GDNI added, computed from both runs' journals before the
 * period starts, which also covers a period that begins before ClosedThrough), and its periodic side
 * takes over as above. Its explanation keeps the recomputation's shrinkage and method effect; `other`
 * takes the rest, so the parts still add up exactly. Per-item detail of open periods is the
 * recomputation's.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import { periodsBetween } from '../dates';
import { comparePeriods, type PeriodComparison } from '../periodic';
import { cogsAccounts, salesAccounts, type EngineResult } from '../pipeline';
import type { JournalTable } from '../journal';
import type { ClosedBooksResult } from '../catchup';

type Periodic = PeriodComparison['periodic'];

export function comparePeriodsWithClose(result: ClosedBooksResult, onProgress?: (done: number, total: number) => void): PeriodComparison[] {
  const cu = result.catchUp;
  if (cu === undefined || cu.closed === undefined || cu.recomputed === undefined) return comparePeriods(result, onProgress);
  const ct = cu.closedThrough;
  const full = withCatchUpPeriod(comparePeriods(cu.recomputed, onProgress), result, cu.date);
  const closed = comparePeriods(cu.closed);
  const closedByLabel = new Map(closed.map((c) => [c.period, c] as const));
  const q = N.pow10Fixed(result.prepared.scales.q - cu.closed.prepared.scales.q);
  const v = N.pow10Fixed(result.prepared.scales.v - cu.closed.prepared.scales.v);
  const late = N.sub(reached(full, ct), reached(closed, ct));

  let lastClosed: PeriodComparison | undefined;
  let firstOpen = true;
  const out: PeriodComparison[] = [];
  for (const f of full) {
    if (f.end <= ct) {
      const was = closedByLabel.get(f.period);
      const row = was === undefined ? nothingKnown(f, lastClosed) : rescale(was, q, v);
      out.push(row);
      lastClosed = row;
      continue;
    }
    if (!firstOpen) {
      out.push(f);
      continue;
    }
    firstOpen = false;
    // The journal as posted differs from the recomputation's only before this period's start: the
    // closed run's lines there, and the catch-up (dated in this period) that brings them level.
    const effect = perpetualEffect(result, cu.recomputed.journal.lines, cu.closed.journal.lines, f.start);
    const revenue = N.add(f.revenue, effect.revenue);
    const cogs = N.add(f.perpetual.cogs, effect.cogs);
    const timing = N.add(f.explanation.timing, effect.gdni);
    let periodic: Periodic = { ...f.periodic, grossMargin: N.sub(revenue, f.periodic.cogs) };
    if (lastClosed !== undefined) periodic = takeOver(periodic, revenue, lastClosed.periodic.closingValue, late);
    const difference = N.sub(periodic.cogs, cogs);
    const { shrinkage, methodEffect } = f.explanation;
    const other = N.sub(N.sub(N.sub(difference, shrinkage), methodEffect), timing);
    out.push({ ...f, revenue, perpetual: { ...f.perpetual, cogs, grossMargin: N.sub(revenue, cogs) }, periodic, difference, explanation: { shrinkage, methodEffect, timing, other } });
  }
  return out;
}

/** Revenue, COGS and GDNI of the lines dated before `before`: as recomputed minus as closed. */
function perpetualEffect(result: EngineResult, recomputed: JournalTable, closed: JournalTable, before: number): { revenue: Fixed; cogs: Fixed; gdni: Fixed } {
  const cogsSet = cogsAccounts(result.prepared);
  const salesSet = salesAccounts(result.prepared);
  const gdniAccount = result.prepared.chart.role('GoodsDeliveredNotInvoiced');
  const sums = (lines: JournalTable): { revenue: Fixed; cogs: Fixed; gdni: Fixed } => {
    let revenue: Fixed = 0;
    let cogs: Fixed = 0;
    let gdni: Fixed = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines.dateAt(i) >= before) continue;
      const account = lines.accountAt(i);
      if (salesSet.has(account)) revenue = N.sub(revenue, lines.amountAt(i));
      if (cogsSet.has(account)) cogs = N.add(cogs, lines.amountAt(i));
      if (account === gdniAccount) gdni = N.add(gdni, lines.amountAt(i));
    }
    return { revenue, cogs, gdni };
  };
  const a = sums(recomputed);
  const b = sums(closed);
  return { revenue: N.sub(a.revenue, b.revenue), cogs: N.sub(a.cogs, b.cogs), gdni: N.sub(a.gdni, b.gdni) };
}

/**
 * The recomputation's periods, plus the catch-up's own period when it lies after every movement (the
 * catch-up is then all that happens in it; stock is carried through).
 */
function withCatchUpPeriod(rows: PeriodComparison[], result: EngineResult, date: number): PeriodComparison[] {
  const last = rows[rows.length - 1];
  if (last === undefined || last.end >= date) return rows;
  const settings = result.prepared.inputs.settings;
  const out = [...rows];
  let before = last;
  for (const p of periodsBetween(last.end + 1, date, result.prepared.options.period ?? settings.period, settings.fiscalYearStart)) {
    before = nothingKnown({ ...before, period: p.label, start: p.start, end: p.end }, before);
    out.push(before);
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
    invoiceCount: 0,
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
