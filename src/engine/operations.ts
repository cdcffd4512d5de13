/**
 * Operational reports: the business rules behind the Three-Way Match, Reorder and Absorption
 * Variance sheets, computed here so the renderers only lay them out (and any host gets the same
 * figures). Exact throughout: quantities and values as Fixed, percentages as Fixed at 6 decimals.
 *
 * - Three-way match per Order and Item: PO qty/value vs received (net of supplier returns) vs billed;
 *   a difference beyond Settings MatchTolerancePct is a finding.
 *     PO 10 @ 5.00, received 10, billed 52.50 for 10: price +5% -> "billed price differs from PO"
 *     when the tolerance is 2%.
 * - Reorder: items whose available quantity (outside Quarantine, Returns, Rework) is at or below
 *   ReorderLevel as of the run's last day (or --as-of); suggested qty = the larger of ReorderQty and
 *   what brings it back to the level; demand over lead time = shipments of the last 90 days x lead
 *   time / 90.
 * - Absorption: per period, labor and overhead absorbed by builds (credited to the
 *   AbsorbedLaborOverhead account) against the actual costs booked to that account.
 */
import * as N from './num';
import type { Fixed } from './num';
import { periodIndex, type PeriodSpan } from './periods';
import type { EngineResult } from './pipeline';

/** Percentages: Fixed at this many decimals (0.05 = 5%). */
export const PCT_SCALE = 6;
const PCT_ONE = 1_000_000;

export interface MatchLine {
  readonly order: string;
  readonly item: string;
  readonly poQty: Fixed;
  readonly poValue: Fixed;
  readonly recQty: Fixed;
  readonly recValue: Fixed;
  readonly billQty: Fixed;
  readonly billAmount: Fixed;
  /** (received - PO) / PO qty; undefined without a PO qty. */
  readonly qtyRecPct: Fixed | undefined;
  /** (billed - received) / received qty. */
  readonly qtyBillPct: Fixed | undefined;
  /** billed unit price / PO unit price - 1. */
  readonly pricePct: Fixed | undefined;
  /** Empty when matched within the tolerance. */
  readonly findings: readonly string[];
}

interface MatchAcc {
  order: string;
  item: string;
  poQty: Fixed;
  poValue: Fixed;
  recQty: Fixed;
  recValue: Fixed;
  billQty: Fixed;
  billAmount: Fixed;
}

function pctDiff(x: Fixed, base: Fixed): Fixed | undefined {
  return N.isZero(base) ? undefined : N.mulDivRound(N.sub(x, base), PCT_ONE, base);
}

export function threeWayMatch(r: EngineResult): MatchLine[] {
  const s = r.prepared.scales;
  const tolerance = r.prepared.inputs.settings.matchTolerancePct;
  const map = new Map<string, MatchAcc>();
  const get = (order: string, item: string): MatchAcc => {
    const k = order + '\u0001' + item;
    let a = map.get(k);
    if (a === undefined) {
      a = { order, item, poQty: 0, poValue: 0, recQty: 0, recValue: 0, billQty: 0, billAmount: 0 };
      map.set(k, a);
    }
    return a;
  };
  const qc2v = N.pow10Fixed(s.v - s.q - s.c);
  for (const po of r.valuation.purchaseOrders) {
    const a = get(po.order, po.item);
    a.poQty = N.add(a.poQty, po.qty);
    if (po.cost !== undefined) a.poValue = N.add(a.poValue, N.mul(N.mul(po.qty, po.cost), qc2v));
  }
  const ordersWithPo = new Set(r.valuation.purchaseOrders.map((p) => p.order));
  for (const rec of r.valuation.receipts) {
    if (rec.order === undefined || !ordersWithPo.has(rec.order)) continue;
    const a = get(rec.order, rec.item);
    a.recQty = N.add(a.recQty, N.sub(rec.qty, rec.returnedQty));
    a.recValue = N.add(a.recValue, rec.value);
  }
  for (const b of r.valuation.bills) {
    if (b.order === undefined || !ordersWithPo.has(b.order)) continue;
    const a = get(b.order, b.item);
    a.billQty = N.add(a.billQty, b.qty);
    a.billAmount = N.add(a.billAmount, b.amount);
  }
  // Beyond the tolerance: |pct| x 100 > tolerance, i.e. |pct| > tolerance / 100 (pct at 6 decimals).
  const limit = N.fromNumber(tolerance, PCT_SCALE - 2);
  const beyond = (p: Fixed | undefined): boolean => p !== undefined && N.cmp(N.abs(p), limit) > 0;
  const out: MatchLine[] = [];
  for (const a of map.values()) {
    const qtyRecPct = pctDiff(a.recQty, a.poQty);
    const qtyBillPct = pctDiff(a.billQty, a.recQty);
    let pricePct: Fixed | undefined;
    if (!N.isZero(a.poQty) && !N.isZero(a.billQty) && !N.isZero(a.poValue)) {
      // (bill / billQty) / (po / poQty) - 1
      pricePct = N.sub(N.mulDivRound(N.mul(a.billAmount, a.poQty), PCT_ONE, N.mul(a.poValue, a.billQty)), PCT_ONE);
    }
    const findings: string[] = [];
    if (N.isZero(a.poQty)) findings.push('no purchase order line');
    if (beyond(qtyRecPct)) findings.push('received qty differs from PO');
    if (N.isZero(a.billQty) && N.sign(a.recQty) > 0) findings.push('not billed yet');
    else if (beyond(qtyBillPct)) findings.push('billed qty differs from received');
    if (beyond(pricePct)) findings.push('billed price differs from PO');
    out.push({ ...a, qtyRecPct, qtyBillPct, pricePct, findings });
  }
  return out;
}

export interface ReorderLine {
  readonly item: string;
  readonly available: Fixed;
  readonly level: Fixed;
  readonly reorderQty: Fixed;
  readonly suggested: Fixed;
  /** Shipped (Shipment and Sale rows) in the 90 days up to asOf. */
  readonly shippedLast90: Fixed;
  readonly leadTimeDays: number | undefined;
  /** shippedLast90 x lead time / 90, at the quantity scale; undefined without a lead time. */
  readonly leadDemand: Fixed | undefined;
}

export interface ReorderReport {
  readonly asOf: number;
  /** Items with a ReorderLevel (none: the report does not apply). */
  readonly watched: number;
  readonly lines: readonly ReorderLine[];
}

/** The run's last day: --as-of, else the last movement's date. */
export function lastDay(r: EngineResult): number {
  if (r.prepared.options.asOf !== undefined) return r.prepared.options.asOf;
  const ms = r.prepared.movements;
  const last = ms[ms.length - 1];
  return last !== undefined ? last.date : 0;
}

const HELD_KINDS = new Set(['Quarantine', 'Returns', 'Rework']);

export function reorder(r: EngineResult): ReorderReport {
  const items = [...r.prepared.items.values()].filter((i) => i.reorderLevel !== undefined);
  const asOf = lastDay(r);
  if (items.length === 0) return { asOf, watched: 0, lines: [] };
  const s = r.prepared.scales;
  const held = new Set([...r.prepared.locations.values()].filter((l) => HELD_KINDS.has(l.location.kind)).map((l) => l.code));
  const available = new Map<string, Fixed>();
  for (const [k, q] of r.valuation.locationQty) {
    const [item, loc] = k.split('\u0001') as [string, string];
    if (held.has(loc)) continue;
    available.set(item, N.add(available.get(item) ?? 0, q));
  }
  const shipped = new Map<string, Fixed>();
  const ledger = r.valuation.ledger;
  for (let i = 0; i < ledger.length; i++) {
    const type = ledger.typeAt(i);
    if (type !== 'Shipment' && type !== 'Sale') continue;
    const date = ledger.dateAt(i);
    if (date <= asOf - 90 || date > asOf) continue;
    const item = ledger.itemAt(i);
    shipped.set(item, N.add(shipped.get(item) ?? 0, ledger.qtyOutAt(i)));
  }
  const lines: ReorderLine[] = [];
  for (const it of items) {
    const avail = available.get(it.code) ?? 0;
    const level = N.fromNumber(it.reorderLevel ?? 0, s.q);
    if (N.cmp(avail, level) > 0) continue;
    const reorderQty = N.fromNumber(it.reorderQty ?? 0, s.q);
    const toLevel = N.sub(level, avail);
    const demand = shipped.get(it.code) ?? 0;
    const lead = it.leadTimeDays;
    lines.push({
      item: it.code,
      available: avail,
      level,
      reorderQty,
      suggested: N.cmp(reorderQty, toLevel) >= 0 ? reorderQty : toLevel,
      shippedLast90: demand,
      leadTimeDays: lead,
      leadDemand: lead === undefined ? undefined : N.mulDivRound(demand, N.fromNumber(lead, 0), 90),
    });
  }
  return { asOf, watched: items.length, lines };
}

export interface AbsorptionLine {
  /** Scale p. */
  readonly absorbed: Fixed;
  readonly actual: Fixed;
  /** actual - absorbed: positive = under-absorbed. */
  readonly variance: Fixed;
}

/** Absorbed vs actual labor and overhead per period (undefined when the run has no Build). */
export function absorption(r: EngineResult, periods: readonly PeriodSpan[]): AbsorptionLine[] | undefined {
  if (!r.prepared.movements.some((m) => m.type === 'Build')) return undefined;
  const account = r.prepared.chart.role('AbsorbedLaborOverhead');
  const absorbed = periods.map((): Fixed => 0);
  const actual = periods.map((): Fixed => 0);
  const lines = r.journal.lines;
  for (let i = 0; i < lines.length; i++) {
    if (lines.accountAt(i) !== account) continue;
    const date = lines.dateAt(i);
    const k = periodIndex(periods, date);
    if (k < 0 || k >= periods.length || date < (periods[k] as PeriodSpan).start) continue;
    if (lines.kindAt(i) === 'Build') absorbed[k] = N.sub(absorbed[k] as Fixed, lines.amountAt(i));
    else actual[k] = N.add(actual[k] as Fixed, lines.amountAt(i));
  }
  return periods.map((_, k) => ({ absorbed: absorbed[k] as Fixed, actual: actual[k] as Fixed, variance: N.sub(actual[k] as Fixed, absorbed[k] as Fixed) }));
}
