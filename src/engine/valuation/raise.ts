/**
 * Later costs that reach a receipt's units: a bill's price difference or a landed cost raises the
 * units still in stock (wherever transfers took them) and goes to COGS for the units already gone.
 *
 *   receipt 10 units, 4 sold; landed cost 20.00 -> 12.00 raises the 6 on hand, 8.00 to COGS.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { EventRef, Walk } from './context';
import { METHODS } from './methods';
import { leg, type Leg, type ReceiptRecord } from './types';

/** Share of a receipt's units still in stock, as (numerator, denominator) of quantities. */
function remainingShare(w: Walk, rec: ReceiptRecord): { on: Fixed; of: Fixed } {
  if (rec.dropShip) return { on: 0, of: rec.qty };
  if (METHODS[rec.method].layered) return { on: w.links.remainingOf(rec), of: rec.qty };
  // Pools without layers cannot tell whose units left: the share still on hand is taken as the
  // smaller of the receipt and what the pool holds now.
  const pool = w.findPool(rec.item, rec.location);
  const held = pool !== undefined && N.sign(pool.qty) > 0 ? pool.qty : 0;
  return { on: N.min(held, rec.qty), of: rec.qty };
}

/**
 * Add a value change to the units of a receipt still in stock (bill price differences, landed
 * costs). Layered pools raise that receipt's layers wherever they now are (through the receipt's
 * layer index, not a scan of the pools); other pools raise the pool. The part for units already gone
 * goes to COGS.
 *
 * `cents`: the amount is a posted figure (a landed cost's share, to the cent), so it is split on
 * the posting grid: the stock part and each layer's part are whole cents, and a pool that moves by
 * whole cents posts exactly that (round(a + c) - round(a) = c). The entry then posts exactly the
 * charge, however sub-cent the pools' values are: a 0.01 charge over two layers at 0.001 raises them
 * 0.01 and 0.00, not 0.005 and 0.005 (which each post as 0.01).
 */
export function raiseReceiptStock(w: Walk, rec: ReceiptRecord, amount: Fixed, m: EventRef, kind: string, memo: string, cents = false): { legs: Leg[]; toStock: Fixed; toCogs: Fixed } {
  const share = remainingShare(w, rec);
  const exact = N.isZero(share.on) ? 0 : N.cmp(share.on, share.of) === 0 ? amount : w.share(amount, share.on, share.of);
  let toStock = cents ? w.roundToPosting(exact) : exact;
  if (!N.isZero(toStock) && !METHODS[rec.method].layered) {
    const pool = w.findPool(rec.item, rec.location);
    if (pool !== undefined) toStock = w.landOnGrid(pool, toStock);
  }
  const toCogs = N.sub(amount, toStock);
  const legs: Leg[] = [];
  const note = `${memo} (receipt ${rec.doc ?? rec.seq})`;
  if (!N.isZero(toStock)) {
    if (METHODS[rec.method].layered) {
      const held = w.links.layersOfReceipt(rec.seq);
      const weights = held.map((h) => h.layer.qty);
      const parts = cents ? N.allocate(N.mulDivRound(toStock, 1, w.p2v), weights).map((x) => N.mul(x, w.p2v)) : w.allocate(toStock, weights);
      held.forEach((h, i) => {
        const part = parts[i] as Fixed;
        const where = h.pool.location === '*' ? rec.location : h.pool.location;
        h.layer.value = N.add(h.layer.value, part);
        h.layer.cost = undefined;
        h.pool.value = N.add(h.pool.value, part);
        w.ledgerValueRow(m, kind, h.pool, where, part, note);
        legs.push(w.stockLeg(h.pool, part, where));
      });
    } else {
      const pool = w.getPool(rec.item, rec.location);
      pool.value = N.add(pool.value, toStock);
      w.ledgerValueRow(m, kind, pool, rec.location, toStock, note);
      legs.push(w.stockLeg(pool, toStock, rec.location));
    }
  }
  if (!N.isZero(toCogs)) legs.push(leg(w.cogsAccount(rec.item), toCogs, rec.item, rec.location, undefined, cents));
  return { legs, toStock, toCogs };
}
