/**
 * Which shipments took a receipt's units, so that a later cost for units already gone (a bill's
 * price difference, a landed cost) reaches the cost those shipments carry, and a customer return
 * comes back at it (SPEC 4). Each shipment notes, per receipt layer it took, itself and the qty:
 * work proportional to the layers issued, no scan of the shipments.
 *
 *   receipt 10 @ 5.00, ship 4 (order SO1), bill 52.00: 0.80 of the 2.00 difference to COGS for SO1's
 *   4 units; a return of 2 under SO1 comes back at (20.00 + 0.80) x 2/4 = 10.40.
 *
 * Layered methods only: a pool without layers cannot tell whose units left (see raise.ts).
 *
 * Storage: one list of takes per receipt, in columns (the shipment, the qty, the next take of the same
 * receipt), so a million shipments cost a few bytes each and nothing for the collector to scan; the
 * takes are grouped by Order/Doc and item only when a later cost has to be spread.
 */
import { FixedColumn, IntColumn, RefColumn } from '../columns';
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { Walk } from './context';
import type { ConsumedLayer, ReceiptRecord } from './types';

class Takes {
  /** By receipt seq: its first and last take, -1 for none. */
  readonly first = new IntColumn();
  readonly last = new IntColumn();
  readonly shipment = new RefColumn<Movement>();
  readonly qty = new FixedColumn();
  readonly next = new IntColumn();

  add(receipt: number, shipment: Movement, qty: Fixed): void {
    const t = this.next.length;
    this.shipment.push(shipment);
    this.qty.push(qty);
    this.next.push(-1);
    this.first.extend(receipt + 1, -1);
    this.last.extend(receipt + 1, -1);
    const tail = this.last.get(receipt);
    if (tail < 0) this.first.set(receipt, t);
    else this.next.set(tail, t);
    this.last.set(receipt, t);
  }

  /** A receipt's takes summed per shipment Order/Doc and item, in order of first take. */
  grouped(receipt: number): { order: string | undefined; doc: string | undefined; item: string; qty: Fixed }[] {
    const out = new Map<string, { order: string | undefined; doc: string | undefined; item: string; qty: Fixed }>();
    for (let t = receipt < this.first.length ? this.first.get(receipt) : -1; t >= 0; t = this.next.get(t)) {
      const m = this.shipment.get(t);
      const key = `${m.order ?? ''}\u0001${m.doc ?? ''}\u0001${m.item}`;
      const g = out.get(key);
      if (g === undefined) out.set(key, { order: m.order, doc: m.doc, item: m.item, qty: this.qty.get(t) });
      else g.qty = N.add(g.qty, this.qty.get(t));
    }
    return [...out.values()];
  }
}

const takesByWalk = new WeakMap<Walk, Takes>();

/** Shipment `m` (with an Order or Doc) took these layers. */
export function noteShipmentLayers(w: Walk, m: Movement, layers: readonly ConsumedLayer[] | undefined): void {
  if (!w.costsArriveLater || layers === undefined || (m.order === undefined && m.doc === undefined)) return;
  let takes = takesByWalk.get(w);
  if (takes === undefined) takesByWalk.set(w, (takes = new Takes()));
  for (const l of layers) {
    if (l.receipt < 0 || N.sign(l.qty) <= 0) continue;
    takes.add(l.receipt, m, l.qty);
  }
}

/**
 * Spread `toCogs` (the part of a later cost for the receipt's units already gone) over the
 * shipments that took them, by qty, largest remainder first; units gone otherwise (consumption,
 * scrap) keep their part in COGS only.
 */
export function spreadToShipments(w: Walk, rec: ReceiptRecord, toCogs: Fixed): void {
  if (N.isZero(toCogs) || rec.dropShip) return;
  const takes = takesByWalk.get(w)?.grouped(rec.seq);
  if (takes === undefined || takes.length === 0) return;
  const remaining = w.links.remainingOf(rec);
  const gone = N.sub(rec.qty, remaining);
  let shipped: Fixed = 0;
  for (const t of takes) shipped = N.add(shipped, t.qty);
  if (N.sign(gone) <= 0 || N.sign(shipped) <= 0) return;
  const rest = N.sub(gone, shipped);
  const weights = takes.map((t) => t.qty);
  if (N.sign(rest) > 0) weights.push(rest);
  const parts = w.allocate(toCogs, weights);
  takes.forEach((t, i) => {
    const part = parts[i] as Fixed;
    if (N.isZero(part)) return;
    if (t.order !== undefined) w.links.addShippedCost(t.order, t.item, part);
    if (t.doc !== undefined && t.doc !== t.order) w.links.addShippedCost(t.doc, t.item, part);
  });
}
