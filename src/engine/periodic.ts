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
import { cogsAccounts, salesAccounts, stockAccounts, type EngineResult } from './pipeline';
import type { Scales } from './prepare';
import type { Method, Movement } from './types';
import type { BillRecord, InvoiceLine, ReceiptRecord } from './value';

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

/** A Count row the periodic closing quantity rests on. */
export interface CountUsed {
  readonly item: string;
  readonly location: string;
  readonly date: number;
  /** Scale q. */
  readonly counted: Fixed;
  readonly bookBefore: Fixed;
}

export interface PeriodicItem {
  readonly item: string;
  readonly method: Method;
  /** Scale q. */
  readonly openingQty: Fixed;
  readonly purchasesQty: Fixed;
  readonly closingQty: Fixed;
  /** Units the counts and Adjust rows found missing (negative: surplus), scale q. */
  readonly shrinkageQty: Fixed;
  /** Exact values at value scale v (totals are rounded once, so items may differ by a cent). */
  readonly openingValue: Fixed;
  readonly purchases: Fixed;
  readonly closingValue: Fixed;
  readonly cogs: Fixed;
  readonly shrinkage: Fixed;
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
  /** The period's invoice lines (perpetual only), best margin first, worst last. */
  readonly invoices: readonly PeriodInvoiceMargin[];
}

interface Layer {
  qty: Fixed;
  value: Fixed;
  readonly seq: number;
}

interface ItemPeriodEvents {
  openingQty: Fixed;
  openingValue: Fixed;
  layers: Layer[];
  purchasesQty: Fixed;
  purchases: Fixed;
  /** Landed costs and bill price differences: placed on the receipt's layer (AVERAGE: on the whole item). */
  landed: { seq: number; value: Fixed }[];
  /** Bill price differences with no receipt to place them on. */
  billVariance: Fixed;
  returns: { seq: number | undefined; qty: Fixed; value: Fixed }[];
  shrinkQty: Fixed;
  builtQty: Fixed;
  builtValue: Fixed;
}

const emptyEvents = (): ItemPeriodEvents => ({
  openingQty: 0,
  openingValue: 0,
  layers: [],
  purchasesQty: 0,
  purchases: 0,
  landed: [],
  billVariance: 0,
  returns: [],
  shrinkQty: 0,
  builtQty: 0,
  builtValue: 0,
});

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

  const starts = periods.map((p) => p.start);
  const periodIndex = (date: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= date) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const p2v = N.pow10Fixed(S.v - S.p);
  const qc2v = N.pow10Fixed(S.v - S.q - S.c);
  const toP = (x: Fixed): Fixed => N.rescale(x, S.v, S.p);
  const lineValue = (qty: Fixed, cost: Fixed): Fixed => N.mul(N.mul(qty, cost), qc2v);
  const zeros = (): Fixed[] => new Array<Fixed>(n).fill(0);

  // ---- perpetual side, from the journal ------------------------------------------------------
  const cogsSet = cogsAccounts(prep);
  const salesSet = salesAccounts(prep);
  const stockSet = stockAccounts(prep);
  const GDNI = prep.chart.role('GoodsDeliveredNotInvoiced');
  const PPV = prep.chart.role('PurchasePriceVariance');
  const revenue = zeros();
  const cogs = zeros();
  const stockDelta = zeros();
  const gdni = zeros();
  const adjStock = zeros();
  const openingStock = zeros();
  const lastCostRevalue = zeros();
  // Bill price differences by bill (or matched receipt) row and item: periodic books them to Purchases.
  const billVar = new Map<string, { kind: string; row: number; item: string; k: number; value: Fixed }>();
  for (const l of result.journal.lines) {
    tick();
    const k = periodIndex(l.date);
    if (salesSet.has(l.account)) revenue[k] = N.sub(revenue[k] as Fixed, l.amount);
    if (cogsSet.has(l.account)) cogs[k] = N.add(cogs[k] as Fixed, l.amount);
    if (l.account === GDNI) gdni[k] = N.add(gdni[k] as Fixed, l.amount);
    if (stockSet.has(l.account)) {
      stockDelta[k] = N.add(stockDelta[k] as Fixed, l.amount);
      if (l.kind === 'Count' || l.kind === 'Adjust') adjStock[k] = N.sub(adjStock[k] as Fixed, l.amount);
      if (l.kind === 'Opening') openingStock[k] = N.add(openingStock[k] as Fixed, l.amount);
      if (l.kind === 'LastCostRevalue') lastCostRevalue[k] = N.add(lastCostRevalue[k] as Fixed, l.amount);
    }
    // Bill price differences (to stock, COGS or PPV): periodic books them to Purchases.
    if ((l.kind === 'Bill' || l.kind === 'BillMatched') && l.item !== undefined && (stockSet.has(l.account) || cogsSet.has(l.account) || l.account === PPV)) {
      const key = `${l.kind}\u0001${l.source.row}\u0001${l.item}`;
      const prev = billVar.get(key);
      billVar.set(key, { kind: l.kind, row: l.source.row, item: l.item, k, value: N.add(prev?.value ?? 0, l.amount) });
    }
  }

  // ---- periodic side: per item events by period ------------------------------------------------
  const isStock = (item: string): boolean => (prep.items.get(item)?.kind ?? 'Stock') === 'Stock';
  const events = new Map<string, ItemPeriodEvents[]>();
  const ev = (item: string, k: number): ItemPeriodEvents => {
    let arr = events.get(item);
    if (arr === undefined) {
      arr = Array.from({ length: n }, emptyEvents);
      events.set(item, arr);
    }
    return arr[k] as ItemPeriodEvents;
  };
  // Book quantity change per item and period, and per item+location (for counts).
  const qtyDelta = new Map<string, Fixed[]>();
  const bumpQty = (item: string, k: number, d: Fixed): void => {
    let arr = qtyDelta.get(item);
    if (arr === undefined) {
      arr = zeros();
      qtyDelta.set(item, arr);
    }
    arr[k] = N.add(arr[k] as Fixed, d);
  };
  const movementBySeq = new Map<number, Movement>();
  for (const m of prep.movements) movementBySeq.set(m.seq, m);
  const receiptBySeq = new Map(result.valuation.receipts.map((r) => [r.seq, r] as const));
  // Receipts by Order and by Doc (+ item), first registered first: how the engine finds the
  // receipt a supplier return goes back against.
  const receiptsByLink = new Map<string, ReceiptRecord[]>();
  for (const r of result.valuation.receipts) {
    for (const link of new Set([r.order, r.doc])) {
      if (link === undefined) continue;
      const key = link + '\u0001' + r.item;
      const list = receiptsByLink.get(key) ?? [];
      list.push(r);
      receiptsByLink.set(key, list);
    }
  }
  const countsByPeriod: Map<string, CountUsed>[] = Array.from({ length: n }, () => new Map<string, CountUsed>());

  for (const row of result.valuation.ledger) {
    tick();
    const k = periodIndex(row.date);
    const dq = N.sub(row.qtyIn, row.qtyOut);
    if (!N.isZero(dq)) bumpQty(row.item, k, dq);
    switch (row.type) {
      case 'Opening': {
        const e = ev(row.item, k);
        if (k === 0) {
          e.openingQty = N.add(e.openingQty, row.qtyIn);
          e.openingValue = N.add(e.openingValue, row.valueIn);
        } else {
          e.purchasesQty = N.add(e.purchasesQty, row.qtyIn);
          e.purchases = N.add(e.purchases, row.valueIn);
        }
        e.layers.push({ qty: row.qtyIn, value: row.valueIn, seq: row.seq });
        break;
      }
      case 'Receipt': {
        const rec = receiptBySeq.get(row.seq);
        const e = ev(row.item, k);
        // Purchases at the price paid (a STANDARD item's stock is at standard, its purchase is not).
        const value = rec !== undefined ? rec.value : row.valueIn;
        e.purchasesQty = N.add(e.purchasesQty, row.qtyIn);
        e.purchases = N.add(e.purchases, value);
        e.layers.push({ qty: row.qtyIn, value, seq: row.seq });
        break;
      }
      case 'Build':
        if (N.sign(row.qtyIn) > 0) {
          const e = ev(row.item, k);
          e.layers.push({ qty: row.qtyIn, value: row.valueIn, seq: row.seq });
          e.builtQty = N.add(e.builtQty, row.qtyIn);
          e.builtValue = N.add(e.builtValue, row.valueIn);
        }
        break;
      case 'SupplierReturn': {
        const m = movementBySeq.get(row.seq);
        const link = m?.order ?? m?.doc;
        const rec = link === undefined ? undefined : receiptsByLink.get(link + '\u0001' + row.item)?.find((r) => r.date <= row.date);
        const value = rec !== undefined ? lineValue(row.qtyOut, rec.cost) : row.valueOut;
        const e = ev(row.item, k);
        e.purchasesQty = N.sub(e.purchasesQty, row.qtyOut);
        e.purchases = N.sub(e.purchases, value);
        e.returns.push({ seq: rec?.seq, qty: row.qtyOut, value });
        break;
      }
      case 'Count':
      case 'Adjust': {
        const e = ev(row.item, k);
        e.shrinkQty = N.sub(e.shrinkQty, dq);
        if (row.type === 'Count') {
          const m = movementBySeq.get(row.seq);
          const p = periods[k] as Period;
          const windowEnd = Math.min(p.end, lastDate);
          if (m !== undefined && row.date >= Math.max(p.start, windowEnd - 6) && row.date <= windowEnd) {
            const counted = N.fromNumber(m.qty, S.q);
            countsByPeriod[k]?.set(row.item + '\u0001' + row.location, {
              item: row.item,
              location: row.location,
              date: row.date,
              counted,
              bookBefore: N.sub(counted, dq),
            });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  for (const r of result.valuation.receipts) {
    if (!r.dropShip || !isStock(r.item)) continue;
    const e = ev(r.item, periodIndex(r.date));
    e.purchases = N.add(e.purchases, r.value);
  }
  for (const a of result.valuation.landed) {
    if (!isStock(a.item)) continue;
    const e = ev(a.item, periodIndex(a.date));
    const value = N.mul(a.share, p2v);
    e.purchases = N.add(e.purchases, value);
    e.landed.push({ seq: a.receiptSeq, value });
  }
  // A bill's price difference raises the layers of the receipts it matched (split by their
  // quantities), like a landed cost; with no receipt to raise it stays in the period's COGS.
  const billsByRow = new Map<string, BillRecord>();
  for (const b of result.valuation.bills) billsByRow.set(`${b.source.row}\u0001${b.item}`, b);
  const receiptsByRow = new Map<string, ReceiptRecord>();
  for (const r of result.valuation.receipts) receiptsByRow.set(`${r.source.row}\u0001${r.item}`, r);
  for (const bv of billVar.values()) {
    if (!isStock(bv.item) || N.isZero(bv.value)) continue;
    const e = ev(bv.item, bv.k);
    const value = N.mul(bv.value, p2v);
    e.purchases = N.add(e.purchases, value);
    const targets: ReceiptRecord[] = [];
    if (bv.kind === 'BillMatched') {
      const r = receiptsByRow.get(`${bv.row}\u0001${bv.item}`);
      if (r !== undefined) targets.push(r);
    } else {
      for (const seq of billsByRow.get(`${bv.row}\u0001${bv.item}`)?.matchedReceipts ?? []) {
        const r = receiptBySeq.get(seq);
        if (r !== undefined) targets.push(r);
      }
    }
    if (targets.length === 0) e.billVariance = N.add(e.billVariance, value);
    else N.allocate(value, targets.map((r) => r.qty)).forEach((part, i) => e.landed.push({ seq: (targets[i] as ReceiptRecord).seq, value: part }));
  }
  for (const item of qtyDelta.keys()) if (isStock(item)) ev(item, 0);

  // Standard cost in force at a date: Items.StandardCost, replaced by Revalue rows with a UnitCost.
  const stdChanges = new Map<string, { date: number; cost: Fixed }[]>();
  for (const m of prep.movements) {
    if (m.type !== 'Revalue' || m.unitCost === undefined || prep.methodOf(m.item) !== 'STANDARD') continue;
    const list = stdChanges.get(m.item) ?? [];
    list.push({ date: m.date, cost: costOf(m.unitCost, m.fxRate, S) });
    stdChanges.set(m.item, list);
  }
  const originalItems = new Map(prep.inputs.items.map((it) => [it.code, it] as const));
  const standardAt = (item: string, date: number): Fixed | undefined => {
    let std: Fixed | undefined;
    const s = originalItems.get(item)?.standardCost;
    if (s !== undefined) std = N.fromNumber(s, S.c);
    for (const ch of stdChanges.get(item) ?? []) if (ch.date <= date) std = ch.cost;
    return std;
  };
  const receiptsByItem = new Map<string, { date: number; cost: Fixed }[]>();
  for (const r of result.valuation.receipts) {
    if (r.dropShip) continue;
    const list = receiptsByItem.get(r.item) ?? [];
    list.push({ date: r.date, cost: r.cost });
    receiptsByItem.set(r.item, list);
  }
  const lastCostAt = (item: string, date: number): Fixed | undefined => {
    let c: Fixed | undefined;
    for (const r of receiptsByItem.get(item) ?? []) if (r.date <= date) c = r.cost;
    return c;
  };

  // ---- simulate each item through the periods -------------------------------------------------
  const itemLines: PeriodicItem[][] = Array.from({ length: n }, () => []);
  const closingExact = zeros();
  const purchasesExact = zeros();
  const openingExact0 = { v: 0 as Fixed };
  const shrinkExact = zeros();
  for (const item of [...events.keys()].sort()) {
    const method = prep.methodOf(item);
    const arr = events.get(item) as ItemPeriodEvents[];
    const deltas = qtyDelta.get(item) ?? zeros();
    let carried: Layer[] = [];
    let bookQty: Fixed = 0;
    let prevClosing: Fixed = 0;
    let prevClosingQty: Fixed = 0;
    for (let k = 0; k < n; k++) {
      const e = arr[k] as ItemPeriodEvents;
      bookQty = N.add(bookQty, deltas[k] as Fixed);
      const period = periods[k] as Period;
      const openingValue = k === 0 ? e.openingValue : prevClosing;
      const openingQty = k === 0 ? e.openingQty : prevClosingQty;
      if (k === 0) openingExact0.v = N.add(openingExact0.v, e.openingValue);
      // Layers available: carried, then the period's inflows in order.
      const layers: Layer[] = [...carried.map((l) => ({ ...l })), ...e.layers.map((l) => ({ ...l }))];
      let extraValue: Fixed = 0; // value not on any layer (AVERAGE: spread over all units)
      for (const a of e.landed) {
        const target = method === 'AVERAGE' ? undefined : layers.find((l) => l.seq === a.seq && N.sign(l.qty) > 0);
        if (target !== undefined) target.value = N.add(target.value, a.value);
        else if (method === 'AVERAGE') extraValue = N.add(extraValue, a.value);
      }
      if (method === 'AVERAGE') extraValue = N.add(extraValue, e.billVariance);
      for (const r of e.returns) removeFromLayers(layers, r.seq, r.qty);
      const closingQty = bookQty;
      const closing = valueClosing(method, layers, extraValue, closingQty, {
        standard: () => standardAt(item, period.end),
        lastCost: () => lastCostAt(item, Math.min(period.end, lastDate)),
        lineValue,
      });
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
      itemLines[k]?.push({
        item,
        method,
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
      closingExact[k] = N.add(closingExact[k] as Fixed, closing.value);
      purchasesExact[k] = N.add(purchasesExact[k] as Fixed, purchases);
      shrinkExact[k] = N.add(shrinkExact[k] as Fixed, shrink);
      carried = closing.layers;
      prevClosing = closing.value;
      prevClosingQty = closingQty;
    }
  }

  // ---- timing detail: invoices not shipped / shipments not invoiced at each period end ---------
  const timing = timingByPeriod(result, periods);

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
    const invoices = (invoicesByPeriod[k] ?? [])
      .map((l): PeriodInvoiceMargin => {
        const r = toP(l.revenue);
        const c = toP(l.cogs);
        return { seq: l.seq, date: l.date, doc: l.doc, party: l.party, channel: l.channel, item: l.item, qty: l.qty, revenue: r, cogs: c, margin: N.sub(r, c) };
      })
      .sort((a, b) => N.cmp(b.margin, a.margin) || a.seq - b.seq);
    const t = timing[k] as { invoicedNotShipped: Fixed; shippedNotInvoiced: Fixed };
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
      items: itemLines[k] ?? [],
      invoices,
    });
    periodicOpen = closingValue;
  }
  return out;
}

/** A unit cost x fx at cost scale (the same rounding as the valuation). */
function costOf(unitCost: number, fx: number | undefined, S: Scales): Fixed {
  if (fx === undefined || fx === 1) return N.fromNumber(unitCost, S.c);
  return N.rescale(N.mul(N.fromNumber(unitCost, S.c), N.fromNumber(fx, S.c)), 2 * S.c, S.c);
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
      return single(N.cmp(qty, totalQty) === 0 ? totalValue : N.mulDivRound(totalValue, qty, totalQty));
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

/** Per period end: revenue invoiced in the period not shipped by its end; cost shipped and not invoiced by its end. */
function timingByPeriod(result: EngineResult, periods: readonly Period[]): { invoicedNotShipped: Fixed; shippedNotInvoiced: Fixed }[] {
  const prep = result.prepared;
  const S = prep.scales;
  // Link key (order or doc, item) -> invoice lines and shipments in processing order.
  interface Ship {
    readonly date: number;
    readonly qty: Fixed;
    readonly cost: Fixed;
  }
  const invoicesByKey = new Map<string, { date: number; qty: Fixed; revenue: Fixed }[]>();
  const shipsByKey = new Map<string, Ship[]>();
  const unkeyed: Ship[] = [];
  const invoiceLines = new Map(result.valuation.invoices.map((l) => [l.seq, l] as const));
  for (const m of prep.movements) {
    if (m.type !== 'Invoice' && m.type !== 'Shipment' && m.type !== 'DropShip') continue;
    const kind = prep.items.get(m.item)?.kind ?? 'Stock';
    if (kind === 'Service' || kind === 'Expense') continue; // nothing ever ships

    const link = m.order ?? m.doc;
    const key = link === undefined ? undefined : link + '\u0001' + m.item;
    if (m.type === 'Invoice') {
      const line = invoiceLines.get(m.seq);
      if (line === undefined || key === undefined) continue;
      const list = invoicesByKey.get(key) ?? [];
      list.push({ date: m.date, qty: line.qty, revenue: line.revenue });
      invoicesByKey.set(key, list);
    } else {
      const cost = result.valuation.issueCost.get(m.seq);
      if (cost === undefined) continue; // not valued (blocked)
      const ship = { date: m.date, qty: N.fromNumber(m.qty, S.q), cost };
      if (key === undefined) unkeyed.push(ship);
      else {
        const list = shipsByKey.get(key) ?? [];
        list.push(ship);
        shipsByKey.set(key, list);
      }
    }
  }
  return periods.map((p) => {
    let invoicedNotShipped: Fixed = 0;
    let shippedNotInvoiced: Fixed = 0;
    const keys = new Set([...invoicesByKey.keys(), ...shipsByKey.keys()]);
    for (const key of keys) {
      const invs = (invoicesByKey.get(key) ?? []).filter((x) => x.date <= p.end);
      const ships = (shipsByKey.get(key) ?? []).filter((x) => x.date <= p.end);
      let shipped: Fixed = 0;
      for (const s of ships) shipped = N.add(shipped, s.qty);
      let invoiced: Fixed = 0;
      // Shipped quantity covers invoice lines oldest first.
      let cover = shipped;
      for (const inv of invs) {
        invoiced = N.add(invoiced, inv.qty);
        const covered = N.sign(cover) > 0 ? N.min(cover, inv.qty) : 0;
        cover = N.sub(cover, covered);
        const open = N.sub(inv.qty, covered);
        if (inv.date >= p.start && N.sign(open) > 0 && N.sign(inv.qty) > 0) {
          invoicedNotShipped = N.add(invoicedNotShipped, N.cmp(open, inv.qty) === 0 ? inv.revenue : N.mulDivRound(inv.revenue, open, inv.qty));
        }
      }
      // Invoiced quantity covers shipments oldest first; the rest is shipped, not invoiced.
      let inv = invoiced;
      for (const s of ships) {
        const covered = N.sign(inv) > 0 ? N.min(inv, s.qty) : 0;
        inv = N.sub(inv, covered);
        const open = N.sub(s.qty, covered);
        if (N.sign(open) > 0) shippedNotInvoiced = N.add(shippedNotInvoiced, N.cmp(open, s.qty) === 0 ? s.cost : N.mulDivRound(s.cost, open, s.qty));
      }
    }
    for (const s of unkeyed) if (s.date <= p.end) shippedNotInvoiced = N.add(shippedNotInvoiced, s.cost);
    return { invoicedNotShipped, shippedNotInvoiced };
  });
}
