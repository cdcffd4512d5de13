/**
 * Periodic versus perpetual (SPEC section 6): what the same movements would have shown under a
 * periodic system, period by period, beside what the perpetual books show, and why they differ.
 *
 * Worked example (SPEC section 10). March: receive 10 coats @ 100, sell 2 @ 250.
 *   Perpetual: revenue 500, COGS 200 (the two shipped coats), stock 800.
 *   Periodic:  opening 0 + purchases 1,000 - closing 800 (8 coats x 100) = COGS 200. Same answer.
 *   Add a Count of 7 at month end: periodic closing 700, COGS 300. Perpetual COGS stays 200; the
 *   missing coat (100) goes to Stock Adjustment. Difference 100, explained as shrinkage 100.
 *
 * Perpetual side (from the posted journal, scale p):
 *   revenue      = credits less debits to the Sales accounts dated in the period;
 *   cogs         = net of the COGS accounts dated in the period;
 *   closingValue = balance of the stock accounts over lines dated on or before the period end.
 *
 * Periodic side (simulated per item, company-wide; purchases go to Purchases, no entry at shipment):
 *   openingValue = previous period's periodic closing; first period: the value of the Opening rows
 *                  dated in it (periods start at the first movement, so nothing lies before);
 *   purchases    = Receipt rows of stock items at cost in base currency, drop shipments, landed
 *                  costs (the whole charge) and bill price differences dated in the period, minus
 *                  supplier returns at the returned receipt's cost; Opening rows dated after the
 *                  first period count as purchases of their period. Landed costs and bill price
 *                  differences raise the layer of their receipt while it is still in periodic
 *                  stock (split over a bill's receipts by quantity), else they are used up (COGS);
 *   closingValue = closing quantity x periodic cost. Closing quantity per item and location: the last
 *                  Count dated in the period's last 7 days, plus the movements after it up to the
 *                  period end; with no such count, the book quantity. (The engine books every Count
 *                  into the stock ledger, so both equal the ledger's quantity at the period end; the
 *                  counts used are listed in `counts`.) Periodic cost by the item's method:
 *                  FIFO (and SPECIFIC) - the most recent layers that make up the closing quantity;
 *                  LIFO - the oldest layers first, carried from period to period;
 *                  AVERAGE - (opening value + purchases) / (opening qty + purchases qty) of the period;
 *                  STANDARD - the standard cost in force at the period end;
 *                  LAST - the latest purchase cost up to the period end.
 *   cogs         = openingValue + purchases - closingValue.
 *
 * The difference (periodic COGS - perpetual COGS) is split so the parts always add up exactly:
 *   timing       = net movement of Goods Delivered Not Invoiced in the period (CogsTiming=Invoice:
 *                  goods shipped but not invoiced leave stock, so periodic counts them as used,
 *                  while perpetual holds them in GDNI until the invoice);
 *   shrinkage    = units the counts and Adjust rows found missing (negative: surplus) x the item's
 *                  periodic unit cost of the period (cost of goods used / units used);
 *   methodEffect = change in the gap between the perpetual stock value and the periodic closing
 *                  value over the period, plus the gap between what perpetual wrote off to Stock
 *                  Adjustment for those units and their periodic cost, minus perpetual LAST's
 *                  revaluations of stock on hand (posted to Stock Adjustment, not COGS);
 *   other        = the rest (internal use, revaluations, drop shipments, rounding...).
 *
 * No diagnostics: the comparison reads the results of a run that already reported its own.
 */
import * as N from './num';
import type { Fixed } from './num';
import { periodsBetween, type Period } from './dates';
import type { EngineResult } from './pipeline';
import { periodIndexClamped } from './periods';
import type { Method } from './types';
import type { InvoiceLine, ReceiptRecord } from './valuation/types';
import { timingByPeriod } from './periodicTiming';
import { perpetualSide } from './periodicJournal';
import { NO_EVENTS, periodicEvents, type CountUsed, type ItemPeriodEvents, type Layer } from './periodicEvents';
import { PeriodicLines, type PeriodicItem } from './periodicLines';

export type { CountUsed } from './periodicEvents';
export type { PeriodicItem } from './periodicLines';

export interface PeriodInvoiceMargin {
  readonly seq: number;
  readonly date: number;
  readonly doc: string | undefined;
  readonly party: string | undefined;
  readonly channel: string | undefined;
  readonly item: string;
  /** Scale q. */
  readonly qty: Fixed;
  /** Scale p. */
  readonly revenue: Fixed;
  readonly cogs: Fixed;
  readonly margin: Fixed;
}

export interface PeriodComparison {
  readonly period: string;
  /** First and last serial day (infinite for Period All). */
  readonly start: number;
  readonly end: number;
  /** All money at posting scale p. */
  readonly revenue: Fixed;
  readonly perpetual: { readonly cogs: Fixed; readonly closingValue: Fixed; readonly grossMargin: Fixed };
  readonly periodic: {
    readonly openingValue: Fixed;
    readonly purchases: Fixed;
    readonly closingValue: Fixed;
    readonly cogs: Fixed;
    readonly grossMargin: Fixed;
  };
  /** periodic.cogs - perpetual.cogs = shrinkage + methodEffect + timing + other, exactly. */
  readonly difference: Fixed;
  readonly explanation: { readonly shrinkage: Fixed; readonly methodEffect: Fixed; readonly timing: Fixed; readonly other: Fixed };
  readonly timingDetail: {
    /** Revenue of this period's invoice lines whose goods had not shipped by the period end. */
    readonly invoicedNotShipped: Fixed;
    /** Cost of goods shipped by the period end and not yet invoiced (in GDNI under CogsTiming=Invoice, in COGS otherwise). */
    readonly shippedNotInvoiced: Fixed;
  };
  /** What the perpetual book posted to Stock Adjustment for Count and Adjust rows in the period (loss positive). */
  readonly perpetualStockAdjustment: Fixed;
  readonly counts: readonly CountUsed[];
  readonly items: readonly PeriodicItem[];
  /** The period's invoice lines (perpetual only), best margin first, worst last (made when first read). */
  readonly invoices: readonly PeriodInvoiceMargin[];
  /** How many invoice lines the period has (invoices.length, without making them). */
  readonly invoiceCount: number;
}

/** The last entry dated on or before a date, for dates asked in ascending order (entries by date). */
function cursorOf<T extends { readonly date: number }>(list: readonly T[]): { at(date: number): T | undefined } {
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) if ((list[i] as T).date < (list[i - 1] as T).date) sorted = false;
  let i = 0;
  let lastAsked = -Infinity;
  return {
    at(date: number): T | undefined {
      if (!sorted || date < lastAsked) {
        // Not in date order: the last entry in list order dated on or before (rare; a plain scan).
        let found: T | undefined;
        for (const x of list) if (x.date <= date) found = x;
        return found;
      }
      lastAsked = date;
      while (i < list.length && (list[i] as T).date <= date) i++;
      return i > 0 ? list[i - 1] : undefined;
    },
  };
}

/** The periods the comparison covers: those of options.period ?? Settings.Period over the movement dates. */
export function comparisonPeriods(result: EngineResult): Period[] {
  const prep = result.prepared;
  const kind = prep.options.period ?? prep.inputs.settings.period;
  let first = Infinity;
  let last = -Infinity;
  for (const m of prep.movements) {
    if (m.date < first) first = m.date;
    if (m.date > last) last = m.date;
  }
  for (const l of prep.landedCosts) {
    if (l.date < first) first = l.date;
    if (l.date > last) last = l.date;
  }
  if (first > last) return [];
  // A catch-up entry (closed periods, SPEC 4a) can be dated after the last movement: it is the last line.
  const tail = result.journal.lines.last();
  if (tail !== undefined && tail.date > last) last = tail.date;
  return periodsBetween(first, last, kind, prep.inputs.settings.fiscalYearStart);
}

export function comparePeriods(result: EngineResult, onProgress?: (done: number, total: number) => void): PeriodComparison[] {
  const progressTotal = result.journal.lines.length + result.valuation.ledger.length;
  let progressDone = 0;
  const tick = (): void => {
    progressDone++;
    if (onProgress !== undefined && (progressDone & 0xffff) === 0) onProgress(progressDone, progressTotal);
  };
  const prep = result.prepared;
  const S = prep.scales;
  const settings = prep.inputs.settings;
  const periods = comparisonPeriods(result);
  const n = periods.length;
  if (n === 0) return [];
  let lastDate = -Infinity;
  for (const m of prep.movements) if (m.date > lastDate) lastDate = m.date;
  for (const l of prep.landedCosts) if (l.date > lastDate) lastDate = l.date;

  const periodIndex = (date: number): number => periodIndexClamped(periods, date);
  const p2v = N.pow10Fixed(S.v - S.p);
  const qc2v = N.pow10Fixed(S.v - S.q - S.c);
  const toP = (x: Fixed): Fixed => N.rescale(x, S.v, S.p);
  const lineValue = (qty: Fixed, cost: Fixed): Fixed => N.mul(N.mul(qty, cost), qc2v);
  const zeros = (): Fixed[] => new Array<Fixed>(n).fill(0);

  const { revenue, cogs, stockDelta, gdni, adjStock, openingStock, lastCostRevalue, billVar } = perpetualSide(result, n, periodIndex, tick);
  const { items: simulated, countsByPeriod, stdChanges, originalItems, receiptsByItem } = periodicEvents(result, periods, periodIndex, billVar, lastDate, tick);

  // ---- simulate each item through the periods where something happens to it --------------------
  // In a period with nothing for an item its closing equals its opening (the periodic valuation of
  // unchanged layers is the same layers), so only the periods with events are simulated, plus
  // every period while the book quantity is negative (valued at a rate that may move). Totals
  // carry an item's closing value forward by a running difference.
  const itemLines = new PeriodicLines();
  const closingDelta = zeros();
  const purchasesExact = zeros();
  const openingExact0 = { v: 0 as Fixed };
  const shrinkExact = zeros();
  const toMoney = (x: Fixed): Fixed => N.mul(toP(x), p2v);
  for (const { item, byPeriod } of simulated) {
    const method = prep.methodOf(item);
    itemLines.beginItem(item, method);
    let std: { at(date: number): { cost: Fixed } | undefined } | undefined;
    let std0: Fixed | undefined;
    let last: { at(date: number): ReceiptRecord | undefined } | undefined;
    let periodEnd = 0;
    const h: ClosingHelpers = {
      standard: () => {
        if (std === undefined) {
          std = cursorOf(stdChanges.get(item) ?? []);
          const s0 = originalItems.get(item)?.standardCost;
          std0 = s0 !== undefined ? N.fromNumber(s0, S.c) : undefined;
        }
        return std.at(periodEnd)?.cost ?? std0;
      },
      lastCost: () => (last ??= cursorOf(receiptsByItem().get(item) ?? [])).at(Math.min(periodEnd, lastDate))?.cost,
      lineValue,
      toMoney,
    };
    let carried: Layer[] = [];
    let bookQty: Fixed = 0;
    let prevClosing: Fixed = 0;
    let prevClosingQty: Fixed = 0;
    let ai = 0;
    let k = byPeriod.length > 0 ? (byPeriod[0] as ItemPeriodEvents).k : n;
    while (k < n) {
      const here = byPeriod[ai];
      const e = here !== undefined && here.k === k ? here : NO_EVENTS;
      bookQty = N.add(bookQty, e.qtyDelta);
      periodEnd = (periods[k] as Period).end;
      const openingValue = k === 0 ? e.openingValue : prevClosing;
      const openingQty = k === 0 ? e.openingQty : prevClosingQty;
      if (k === 0) openingExact0.v = N.add(openingExact0.v, e.openingValue);
      // Layers available: carried, then the period's inflows in order. Both are this item's own
      // objects (the carried ones were made by the last closing), so they are changed in place.
      const layers: Layer[] = e.layers.length === 0 ? carried : carried.concat(e.layers);
      let extraValue: Fixed = 0; // value not on any layer (AVERAGE: spread over all units)
      if (e.landed.length > 0) {
        const bySeq = new Map<number, Layer>();
        if (method !== 'AVERAGE') for (let i = layers.length - 1; i >= 0; i--) if (N.sign((layers[i] as Layer).qty) > 0) bySeq.set((layers[i] as Layer).seq, layers[i] as Layer);
        for (const a of e.landed) {
          const target = method === 'AVERAGE' ? undefined : bySeq.get(a.seq);
          if (target !== undefined) target.value = N.add(target.value, a.value);
          else if (method === 'AVERAGE') extraValue = N.add(extraValue, a.value);
        }
      }
      if (method === 'AVERAGE') extraValue = N.add(extraValue, e.billVariance);
      for (const r of e.returns) removeFromLayers(layers, r.seq, r.qty);
      const closingQty = bookQty;
      const closing = valueClosing(method, layers, extraValue, closingQty, h);
      const purchases = e.purchases;
      const itemCogs = N.sub(N.add(openingValue, purchases), closing.value);
      // Periodic unit cost of the units used in the period (built units count as goods available
      // at their build cost), for the shrinkage part.
      const usedQty = N.sub(N.add(N.add(openingQty, e.purchasesQty), e.builtQty), closingQty);
      const usedValue = N.add(itemCogs, e.builtValue);
      let shrink: Fixed = 0;
      if (!N.isZero(e.shrinkQty)) {
        if (N.sign(usedQty) > 0) shrink = N.mulDivRound(usedValue, e.shrinkQty, usedQty);
        else if (N.sign(closingQty) > 0) shrink = N.mulDivRound(closing.value, e.shrinkQty, closingQty);
      }
      itemLines.add(k, {
        openingQty,
        purchasesQty: e.purchasesQty,
        closingQty,
        shrinkageQty: e.shrinkQty,
        openingValue,
        purchases,
        closingValue: closing.value,
        cogs: itemCogs,
        shrinkage: shrink,
      });
      closingDelta[k] = N.add(closingDelta[k] as Fixed, N.sub(closing.value, prevClosing));
      purchasesExact[k] = N.add(purchasesExact[k] as Fixed, purchases);
      shrinkExact[k] = N.add(shrinkExact[k] as Fixed, shrink);
      carried = closing.layers;
      prevClosing = closing.value;
      prevClosingQty = closingQty;
      while (ai < byPeriod.length && (byPeriod[ai] as ItemPeriodEvents).k <= k) ai++;
      const next = ai < byPeriod.length ? (byPeriod[ai] as ItemPeriodEvents).k : n;
      k = N.sign(bookQty) < 0 ? k + 1 : next;
    }
  }
  const closingExact = zeros();
  let runningClose: Fixed = 0;
  for (let k = 0; k < n; k++) {
    runningClose = N.add(runningClose, closingDelta[k] as Fixed);
    closingExact[k] = runningClose;
  }

  // ---- timing detail: invoices not shipped / shipments not invoiced at each period end ---------
  const timing = timingByPeriod(result, periods, periodIndex);

  // ---- assemble ------------------------------------------------------------------------------
  const invoicesByPeriod: InvoiceLine[][] = Array.from({ length: n }, () => []);
  for (const l of result.valuation.invoices) invoicesByPeriod[periodIndex(l.date)]?.push(l);
  const out: PeriodComparison[] = [];
  let perpClose: Fixed = 0;
  let periodicOpen: Fixed = toP(openingExact0.v);
  for (let k = 0; k < n; k++) {
    const period = periods[k] as Period;
    const perpOpen = perpClose;
    perpClose = N.add(perpClose, stockDelta[k] as Fixed);
    const purchases = toP(purchasesExact[k] as Fixed);
    const closingValue = toP(closingExact[k] as Fixed);
    const periodicCogs = N.sub(N.add(periodicOpen, purchases), closingValue);
    const rev = revenue[k] as Fixed;
    const perpCogs = cogs[k] as Fixed;
    const difference = N.sub(periodicCogs, perpCogs);
    const shrinkage = toP(shrinkExact[k] as Fixed);
    const perpAdj = adjStock[k] as Fixed;
    // Stock the perpetual book started the period with, on the same footing as the periodic
    // opening: the first period's Opening rows are opening stock on both sides.
    const openBasis = k === 0 ? N.add(perpOpen, openingStock[0] as Fixed) : perpOpen;
    const gap = N.sub(N.sub(perpClose, closingValue), N.sub(openBasis, periodicOpen));
    // Perpetual LAST revalues stock on hand to each new cost through Stock Adjustment; periodic
    // LAST has that in COGS. Both are the method's doing.
    const methodEffect = N.sub(N.add(gap, N.sub(perpAdj, shrinkage)), lastCostRevalue[k] as Fixed);
    const timingPart = gdni[k] as Fixed;
    const other = N.sub(N.sub(N.sub(difference, shrinkage), methodEffect), timingPart);
    const periodLines = invoicesByPeriod[k] ?? [];
    let invoices: readonly PeriodInvoiceMargin[] | undefined;
    const t = timing[k] as { invoicedNotShipped: Fixed; shippedNotInvoiced: Fixed };
    let items: readonly PeriodicItem[] | undefined;
    out.push({
      period: period.label,
      start: period.start,
      end: period.end,
      revenue: rev,
      perpetual: { cogs: perpCogs, closingValue: perpClose, grossMargin: N.sub(rev, perpCogs) },
      periodic: { openingValue: periodicOpen, purchases, closingValue, cogs: periodicCogs, grossMargin: N.sub(rev, periodicCogs) },
      difference,
      explanation: { shrinkage, methodEffect, timing: timingPart, other },
      timingDetail: { invoicedNotShipped: toP(t.invoicedNotShipped), shippedNotInvoiced: toP(t.shippedNotInvoiced) },
      perpetualStockAdjustment: perpAdj,
      counts: [...(countsByPeriod[k]?.values() ?? [])],
      // One line per invoice line (a million at a million movements): made when first read.
      get invoices(): readonly PeriodInvoiceMargin[] {
        invoices ??= invoiceMargins(periodLines, toP);
        return invoices;
      },
      invoiceCount: periodLines.length,
      // Every item in every period is items x periods lines: made when first read, not before.
      get items(): readonly PeriodicItem[] {
        items ??= itemLines.linesAt(k);
        return items;
      },
    });
    periodicOpen = closingValue;
  }
  return out;
}

/** A period's invoice lines with their margins at posting precision, best first (then by row order). */
function invoiceMargins(lines: readonly InvoiceLine[], toP: (x: Fixed) => Fixed): PeriodInvoiceMargin[] {
  return lines
    .map((l): PeriodInvoiceMargin => {
      const r = toP(l.revenue);
      const c = toP(l.cogs);
      return { seq: l.seq, date: l.date, doc: l.doc, party: l.party, channel: l.channel, item: l.item, qty: l.qty, revenue: r, cogs: c, margin: N.sub(r, c) };
    })
    .sort((a, b) => N.cmp(b.margin, a.margin) || a.seq - b.seq);
}

/** Take a supplier return out of its receipt's layer, else out of the newest layers. */
function removeFromLayers(layers: Layer[], seq: number | undefined, qty: Fixed): void {
  let left = qty;
  const takeFrom = (l: Layer): void => {
    const t = N.min(left, l.qty);
    if (N.sign(t) <= 0) return;
    const v = N.cmp(t, l.qty) === 0 ? l.value : N.mulDivRound(l.value, t, l.qty);
    l.qty = N.sub(l.qty, t);
    l.value = N.sub(l.value, v);
    left = N.sub(left, t);
  };
  if (seq !== undefined) for (const l of layers) if (l.seq === seq && N.sign(left) > 0) takeFrom(l);
  for (let i = layers.length - 1; i >= 0 && N.sign(left) > 0; i--) takeFrom(layers[i] as Layer);
  for (let i = layers.length - 1; i >= 0; i--) if (N.sign((layers[i] as Layer).qty) <= 0 && N.isZero((layers[i] as Layer).value)) layers.splice(i, 1);
}

interface ClosingHelpers {
  standard(): Fixed | undefined;
  lastCost(): Fixed | undefined;
  lineValue(qty: Fixed, cost: Fixed): Fixed;
  /** A value rounded to posting precision (still at value scale): a closing figure is money. */
  toMoney(x: Fixed): Fixed;
}

/** Closing value of `qty` units under the periodic form of `method`, and the layers carried on. */
function valueClosing(method: Method, layersIn: readonly Layer[], extraValue: Fixed, qty: Fixed, h: ClosingHelpers): { value: Fixed; layers: Layer[] } {
  const layers = layersIn.filter((l) => N.sign(l.qty) > 0);
  let totalQty: Fixed = 0;
  let totalValue: Fixed = extraValue;
  for (const l of layers) {
    totalQty = N.add(totalQty, l.qty);
    totalValue = N.add(totalValue, l.value);
  }
  const single = (value: Fixed): { value: Fixed; layers: Layer[] } => ({ value, layers: N.isZero(qty) ? [] : [{ qty, value, seq: -1 }] });
  /** Unit rate for units beyond the known layers (returns, surpluses): newest layer, else latest purchase cost. */
  const rateValue = (q: Fixed): Fixed => {
    const newest = layers[layers.length - 1];
    if (newest !== undefined) return N.mulDivRound(newest.value, q, newest.qty);
    const lc = h.lastCost();
    return lc !== undefined ? h.lineValue(q, lc) : 0;
  };
  if (N.sign(qty) <= 0) return N.isZero(qty) ? { value: 0, layers: [] } : single(rateValue(qty));
  switch (method) {
    case 'AVERAGE': {
      if (N.sign(totalQty) <= 0) return single(rateValue(qty));
      return single(N.cmp(qty, totalQty) === 0 ? totalValue : h.toMoney(N.mulDivRound(totalValue, qty, totalQty)));
    }
    case 'STANDARD': {
      const std = h.standard();
      if (std !== undefined) return single(h.lineValue(qty, std));
      return valueClosing('AVERAGE', layersIn, extraValue, qty, h);
    }
    case 'LAST': {
      const lc = h.lastCost();
      if (lc !== undefined) return single(h.lineValue(qty, lc));
      return valueClosing('AVERAGE', layersIn, extraValue, qty, h);
    }
    case 'FIFO':
    case 'SPECIFIC':
    case 'LIFO': {
      // FIFO: what is left is the most recent purchases; LIFO: the oldest layers.
      const order = method === 'LIFO' ? layers : [...layers].reverse();
      const kept: Layer[] = [];
      let left = qty;
      let value: Fixed = 0;
      for (const l of order) {
        if (N.sign(left) <= 0) break;
        const t = N.min(left, l.qty);
        const v = N.cmp(t, l.qty) === 0 ? l.value : N.mulDivRound(l.value, t, l.qty);
        kept.push({ qty: t, value: v, seq: l.seq });
        value = N.add(value, v);
        left = N.sub(left, t);
      }
      if (method !== 'LIFO') kept.reverse();
      if (N.sign(left) > 0) {
        const v = rateValue(left);
        kept.push({ qty: left, value: v, seq: -1 });
        value = N.add(value, v);
      }
      return { value, layers: kept };
    }
    default: {
      const never: never = method;
      return never;
    }
  }
}
