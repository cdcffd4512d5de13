/**
 * Sale/shipment timing for the periodic comparison: at each period end, the revenue invoiced in the
 * period whose goods had not shipped by then, and the cost shipped by then and not yet invoiced.
 *
 * Invoice lines and shipments pair by link (Order, else Doc, and item), oldest first: shipped
 * quantity covers invoice lines in order, invoiced quantity covers shipments in order. Example: ship
 * 10 (cost 400) in March, invoice 6 in March and 4 in April -> shipped not invoiced at March end is
 * 4/10 x 400 = 160, at April end 0.
 *
 * Linear in the work: each link is visited only in the periods where it has an invoice or a
 * shipment; its shipped-not-invoiced figure is carried to later periods by a running difference,
 * and the shipments it has covered are skipped by a pointer that only moves forward.
 */
import * as N from './num';
import type { Fixed } from './num';
import type { Period } from './dates';
import type { EngineResult } from './pipeline';

export interface TimingAtPeriodEnd {
  /** Value scale v. */
  invoicedNotShipped: Fixed;
  shippedNotInvoiced: Fixed;
}

interface Inv {
  readonly k: number;
  readonly qty: Fixed;
  readonly revenue: Fixed;
}
interface Ship {
  readonly k: number;
  readonly qty: Fixed;
  readonly cost: Fixed;
}

const atLeastZero = (x: Fixed): Fixed => (N.sign(x) > 0 ? x : 0);
const part = (whole: Fixed, open: Fixed, qty: Fixed): Fixed => (N.cmp(open, qty) === 0 ? whole : N.mulDivRound(whole, open, qty));

export function timingByPeriod(result: EngineResult, periods: readonly Period[], periodIndex: (date: number) => number): TimingAtPeriodEnd[] {
  const prep = result.prepared;
  const S = prep.scales;
  const n = periods.length;
  const invoicesByKey = new Map<string, Inv[]>();
  const shipsByKey = new Map<string, Ship[]>();
  const invoicedNotShipped: Fixed[] = new Array<Fixed>(n).fill(0);
  /** Running difference of shipped-not-invoiced; its prefix sum is the figure at each period end. */
  const sniDelta: Fixed[] = new Array<Fixed>(n).fill(0);
  const invoiceLines = new Map(result.valuation.invoices.map((l) => [l.seq, l] as const));
  for (const m of prep.movements) {
    if (m.type !== 'Invoice' && m.type !== 'Shipment' && m.type !== 'DropShip') continue;
    const kind = prep.items.get(m.item)?.kind ?? 'Stock';
    if (kind === 'Service' || kind === 'Expense') continue; // nothing ever ships
    const link = m.order ?? m.doc;
    const key = link === undefined ? undefined : link + '\u0001' + m.item;
    const k = periodIndex(m.date);
    if (m.type === 'Invoice') {
      const line = invoiceLines.get(m.seq);
      if (line === undefined || key === undefined) continue;
      const list = invoicesByKey.get(key);
      const inv = { k, qty: line.qty, revenue: line.revenue };
      if (list === undefined) invoicesByKey.set(key, [inv]);
      else list.push(inv);
    } else {
      const cost = result.valuation.issueCost.get(m.seq);
      if (cost === undefined) continue; // not valued (blocked)
      const ship = { k, qty: N.fromNumber(m.qty, S.q), cost };
      if (key === undefined) sniDelta[k] = N.add(sniDelta[k] as Fixed, cost); // never invoiced
      else {
        const list = shipsByKey.get(key);
        if (list === undefined) shipsByKey.set(key, [ship]);
        else list.push(ship);
      }
    }
  }
  const keys = new Set([...invoicesByKey.keys(), ...shipsByKey.keys()]);
  for (const key of keys) {
    pairLink(invoicesByKey.get(key) ?? [], shipsByKey.get(key) ?? [], invoicedNotShipped, sniDelta);
  }
  const out: TimingAtPeriodEnd[] = [];
  let sni: Fixed = 0;
  for (let k = 0; k < n; k++) {
    sni = N.add(sni, sniDelta[k] as Fixed);
    out.push({ invoicedNotShipped: invoicedNotShipped[k] as Fixed, shippedNotInvoiced: sni });
  }
  return out;
}

/** One link's invoice lines and shipments (each in processing order, so by period). */
function pairLink(invs: readonly Inv[], ships: readonly Ship[], invoicedNotShipped: Fixed[], sniDelta: Fixed[]): void {
  let ii = 0; // invoice lines dated up to the current period
  let si = 0; // shipments dated up to the current period
  let invoiced: Fixed = 0;
  let shipped: Fixed = 0;
  /** Cost of the shipments with a quantity, up to the current period. */
  let shippedCost: Fixed = 0;
  // Shipments fully covered by invoiced quantity: the first sc of them.
  let sc = 0;
  let coveredQty: Fixed = 0;
  let coveredCost: Fixed = 0;
  let prevSni: Fixed = 0;
  while (ii < invs.length || si < ships.length) {
    const k = Math.min(ii < invs.length ? (invs[ii] as Inv).k : Infinity, si < ships.length ? (ships[si] as Ship).k : Infinity);
    const firstInv = ii;
    const invoicedBefore = invoiced;
    for (; ii < invs.length && (invs[ii] as Inv).k === k; ii++) invoiced = N.add(invoiced, (invs[ii] as Inv).qty);
    for (; si < ships.length && (ships[si] as Ship).k === k; si++) {
      const s = ships[si] as Ship;
      shipped = N.add(shipped, s.qty);
      if (N.sign(s.qty) > 0) shippedCost = N.add(shippedCost, s.cost);
    }
    // Shipped quantity covers invoice lines oldest first: what is left for this period's lines.
    // (Quantities are never negative on these types, so what earlier lines took is their sum.)
    let cover = atLeastZero(N.sub(shipped, invoicedBefore));
    let ins: Fixed = 0;
    for (let i = firstInv; i < ii; i++) {
      const inv = invs[i] as Inv;
      const covered = N.sign(cover) > 0 ? N.min(cover, inv.qty) : 0;
      cover = N.sub(cover, covered);
      const open = N.sub(inv.qty, covered);
      if (N.sign(open) > 0 && N.sign(inv.qty) > 0) ins = N.add(ins, part(inv.revenue, open, inv.qty));
    }
    invoicedNotShipped[k] = N.add(invoicedNotShipped[k] as Fixed, ins);
    // Invoiced quantity covers shipments oldest first; the rest is shipped, not invoiced.
    const budget = atLeastZero(invoiced);
    while (sc < si && N.cmp(N.sub(budget, coveredQty), (ships[sc] as Ship).qty) >= 0) {
      const s = ships[sc] as Ship;
      coveredQty = N.add(coveredQty, s.qty);
      if (N.sign(s.qty) > 0) coveredCost = N.add(coveredCost, s.cost);
      sc++;
    }
    let sni = N.sub(shippedCost, coveredCost);
    if (sc < si) {
      // The first shipment not fully covered: only its open part counts.
      const s = ships[sc] as Ship;
      const open = N.sub(s.qty, N.sub(budget, coveredQty));
      sni = N.add(N.sub(sni, s.cost), part(s.cost, open, s.qty));
    }
    sniDelta[k] = N.add(sniDelta[k] as Fixed, N.sub(sni, prevSni));
    prevSni = sni;
  }
}
