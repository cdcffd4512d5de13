/**
 * Which shipments took a receipt's units, so that a later cost for units already gone (a bill's
 * price difference, a landed cost) reaches the cost those shipments carry, and a customer return
 * comes back at it (SPEC 4). Each shipment notes, per receipt layer it took, its Order/Doc and
 * qty: work proportional to the layers issued, no scan of the shipments.
 *
 *   receipt 10 @ 5.00, ship 4 (order SO1), bill 52.00: 0.80 of the 2.00 difference to COGS for SO1's
 *   4 units; a return of 2 under SO1 comes back at (20.00 + 0.80) x 2/4 = 10.40.
 *
 * Layered methods only: a pool without layers cannot tell whose units left (see raise.ts).
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Walk } from './context';
import type { ConsumedLayer, ReceiptRecord } from './types';

interface Taken {
  readonly order: string | undefined;
  readonly doc: string | undefined;
  readonly item: string;
  qty: Fixed;
}

const takenByWalk = new WeakMap<Walk, Map<number, Map<string, Taken>>>();

/** A shipment under order/doc of `item` took these layers. */
export function noteShipmentLayers(w: Walk, order: string | undefined, doc: string | undefined, item: string, layers: readonly ConsumedLayer[] | undefined): void {
  if (layers === undefined || (order === undefined && doc === undefined)) return;
  let byReceipt = takenByWalk.get(w);
  if (byReceipt === undefined) takenByWalk.set(w, (byReceipt = new Map()));
  const key = `${order ?? ''}\u0001${doc ?? ''}\u0001${item}`;
  for (const l of layers) {
    if (l.receipt < 0 || N.sign(l.qty) <= 0) continue;
    let links = byReceipt.get(l.receipt);
    if (links === undefined) byReceipt.set(l.receipt, (links = new Map()));
    const t = links.get(key);
    if (t === undefined) links.set(key, { order, doc, item, qty: l.qty });
    else t.qty = N.add(t.qty, l.qty);
  }
}

/**
 * Spread `toCogs` (the part of a later cost for the receipt's units already gone) over the
 * shipments that took them, by qty, largest remainder first; units gone otherwise (consumption,
 * scrap) keep their part in COGS only.
 */
export function spreadToShipments(w: Walk, rec: ReceiptRecord, toCogs: Fixed): void {
  if (N.isZero(toCogs) || rec.dropShip) return;
  const links = takenByWalk.get(w)?.get(rec.seq);
  if (links === undefined) return;
  const remaining = N.sign(rec.remaining) > 0 ? rec.remaining : 0;
  const gone = N.sub(rec.qty, remaining);
  const takens = [...links.values()];
  let shipped: Fixed = 0;
  for (const t of takens) shipped = N.add(shipped, t.qty);
  if (N.sign(gone) <= 0 || N.sign(shipped) <= 0) return;
  const rest = N.sub(gone, shipped);
  const weights = takens.map((t) => t.qty);
  if (N.sign(rest) > 0) weights.push(rest);
  const parts = w.allocate(toCogs, weights);
  takens.forEach((t, i) => {
    const part = parts[i] as Fixed;
    if (N.isZero(part)) return;
    if (t.order !== undefined) w.addShippedCost(t.order, t.item, part);
    if (t.doc !== undefined && t.doc !== t.order) w.addShippedCost(t.doc, t.item, part);
  });
}
