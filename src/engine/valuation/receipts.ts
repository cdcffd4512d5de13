/**
 * Receipts and what later reaches a receipt's units: Opening and Receipt movements, supplier
 * returns, drop shipments, and raising a receipt's stock by a later cost (bill differences, landed
 * costs).
 *
 *   Receipt 10 @ 5.00: Dr Inventory 50.00 / Cr Stock Received Not Billed 50.00
 *   (STANDARD at 4.50: Dr Inventory 45.00, Dr PPV 5.00 / Cr SRNB 50.00)
 *
 * Expense and service items never enter stock: their receipts post to the item's ExpenseAccount.
 * Diagnostics: MISSING_UNIT_COST, NOT_STOCKED, RETURN_NOT_MATCHED, UNKNOWN_ACCOUNT.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { EventRef, Walk } from './context';
import { METHODS } from './methods';
import { postTrueUps, putIn, takeOut, type Issue } from './pool';
import { applyPendingBills } from './purchasing';
import { leg, type Leg, type PoolState, type ReceiptRecord } from './types';

export function newReceipt(w: Walk, m: Movement, qty: Fixed, value: Fixed, cost: Fixed, location: string, dropShip: boolean): ReceiptRecord {
  const rec: ReceiptRecord = {
    seq: m.seq,
    source: m.source,
    date: m.date,
    doc: m.doc,
    order: m.order,
    party: m.party,
    item: m.item,
    location,
    qty,
    value,
    cost,
    fxRate: m.fxRate,
    method: w.methodOf(m.item),
    billedQty: 0,
    clearedValue: 0,
    billedAmount: 0,
    returnedQty: 0,
    dropShip,
  };
  w.links.recordReceipt(rec);
  return rec;
}

/** Opening (opening = true) or Receipt. */
export function receiptIn(w: Walk, m: Movement, opening: boolean): void {
  const item = w.itemOf(m.item);
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  const std = w.standardOf(m.item);
  let cost: Fixed;
  if (m.unitCost !== undefined) cost = w.costOf(m.unitCost, m.fxRate);
  else if (std !== undefined) cost = std;
  else {
    w.diag(m, 'MISSING_UNIT_COST', 'error', `${m.type} of ${m.item} has no UnitCost and the item has no StandardCost; not valued.`, 'UnitCost', 'Give the UnitCost.');
    return;
  }
  const purchaseValue = w.lineValue(qty, cost);
  if (item.kind === 'Expense' || item.kind === 'Service') {
    // Never in stock: the goods are an expense the moment they arrive.
    const expense = w.accountOr(item.expenseAccount ?? m.account, w.COSTCENTER, m, 'Account');
    w.pushEntry(m, m.type, `${m.type} of expense item ${m.item}`, [
      leg(expense, purchaseValue, m.item, location, undefined, false),
      opening ? leg(w.OBE, N.neg(purchaseValue), m.item, location, undefined, true) : leg(w.SRNB, N.neg(purchaseValue), m.item, location, m.seq, false),
    ]);
    if (!opening) newReceipt(w, m, qty, purchaseValue, cost, location, false);
    return;
  }
  if (item.kind === 'Kit') {
    w.diag(m, 'NOT_STOCKED', 'error', `${m.item} is a Kit: kits are not received; receive or Build the components instead.`, 'Item', 'Receive the components, or use Type Build.');
    return;
  }
  const pool = w.getPool(m.item, location);
  const method = METHODS[pool.method];
  const stockCost = method.stockCost(w, pool, cost, m);
  const stockValue = stockCost === cost ? purchaseValue : w.lineValue(qty, stockCost);
  method.beforeReceipt(w, pool, cost, m, location);
  const batch = m.batch ?? m.serial;
  const inValue = w.landOnGrid(pool, stockValue);
  const trueUps = putIn(w, pool, qty, inValue, {
    date: m.date,
    doc: m.doc,
    receipt: m.seq,
    cost: stockCost,
    batch,
    expiry: m.expiry,
  });
  w.bumpLoc(m.item, location, qty);
  w.ledgerRowOf(m, m.type, pool, location, qty, 0, inValue, 0, undefined, undefined, false, batch);
  const at = w.legs.mark();
  w.addStockLeg(pool, inValue, location);
  if (opening) {
    w.addLeg(w.OBE, N.neg(inValue), m.item, location, undefined, true);
  } else {
    w.addLeg(w.SRNB, N.neg(purchaseValue), m.item, location, m.seq, false);
    const ppv = N.sub(purchaseValue, stockValue);
    if (ppv !== 0) w.addLeg(w.PPV, ppv, m.item, location, undefined, true);
  }
  w.postLegs(at, m, m.type, opening ? 'Opening stock' : 'Goods received');
  postTrueUps(w, m, pool, location, trueUps);
  if (!opening) {
    w.lastPurchaseCost.set(m.item, cost);
    const rec = newReceipt(w, m, qty, purchaseValue, cost, location, false);
    applyPendingBills(w, m, rec);
  }
}

/**
 * Goods go back at the receipt's cost: out of that receipt's own layer when it is still here, or
 * (AVERAGE) out of the pool at the receipt's cost, the rate recomputed; a pool emptied by the return
 * gives up its whole value (the rest is the difference to the receipt cost).
 */
function takeAtReceiptCost(w: Walk, pool: PoolState, rec: ReceiptRecord, qty: Fixed): Issue | undefined {
  const method = METHODS[pool.method];
  if (method.returnsAtReceiptCost) {
    if (N.cmp(qty, pool.qty) > 0) return undefined;
    const v = N.cmp(qty, pool.qty) === 0 ? pool.value : N.neg(w.landOnGrid(pool, N.neg(w.lineValue(qty, rec.cost))));
    pool.qty = N.sub(pool.qty, qty);
    pool.value = N.isZero(pool.qty) ? 0 : N.sub(pool.value, v);
    return { value: v, layers: undefined, provisional: false };
  }
  if (!method.layered) return undefined;
  const held = w.links.layersOfReceipt(rec.seq).find((h) => h.pool === pool && N.cmp(h.layer.qty, qty) >= 0);
  if (held === undefined) return undefined;
  const layer = held.layer;
  const v = N.cmp(layer.qty, qty) === 0 ? layer.value : layer.cost !== undefined ? w.lineValue(qty, layer.cost) : w.share(layer.value, qty, layer.qty);
  layer.qty = N.sub(layer.qty, qty);
  layer.value = N.sub(layer.value, v);
  if (N.isZero(layer.qty)) {
    layer.value = 0;
    pool.layers = pool.layers.filter((l, i) => i < pool.head || N.sign(l.qty) > 0);
  }
  pool.qty = N.sub(pool.qty, qty);
  pool.value = N.sub(pool.value, v);
  return { value: v, layers: [{ receipt: rec.seq, doc: rec.doc, date: rec.date, qty, value: v, batch: undefined }], provisional: false };
}

export function supplierReturn(w: Walk, m: Movement): void {
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  const item = w.itemOf(m.item);
  const rec = w.links.receiptsFor(w.linkKey(m.order ?? m.doc, m.item))?.[0];
  if (item.kind === 'Expense' || item.kind === 'Service') {
    const cost = rec?.cost ?? (m.unitCost !== undefined ? w.costOf(m.unitCost, m.fxRate) : 0);
    const value = w.lineValue(qty, cost);
    const expense = w.accountOr(item.expenseAccount ?? m.account, w.COSTCENTER, m, 'Account');
    w.pushEntry(m, m.type, `Supplier return of expense item ${m.item}`, [
      rec !== undefined && N.isZero(rec.billedQty) ? leg(w.SRNB, value, m.item, undefined, rec.seq, false) : leg(rec !== undefined ? w.AP : w.SRNB, value, m.item, undefined, undefined, false),
      leg(expense, N.neg(value), m.item, undefined, undefined, true),
    ]);
    return;
  }
  if (w.blocked(m, m.item, location, qty)) return;
  const pool = w.getPool(m.item, location);
  // Otherwise by the method, and any difference to the receipt cost is a variance.
  const issue = (rec !== undefined ? takeAtReceiptCost(w, pool, rec, qty) : undefined) ?? takeOut(w, pool, qty, m, m.batch);
  w.bumpLoc(m.item, location, N.neg(qty));
  w.ledgerRow(m, m.type, pool, location, 0, qty, 0, issue.value, { layers: issue.layers, provisional: issue.provisional });
  const legs: Leg[] = [w.stockLeg(pool, N.neg(issue.value), location)];
  if (rec !== undefined) {
    const recValue = w.lineValue(qty, rec.cost);
    const unbilled = N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
    rec.returnedQty = N.add(rec.returnedQty, qty);
    if (N.cmp(qty, unbilled) <= 0) {
      rec.clearedValue = N.add(rec.clearedValue, recValue);
      legs.push(leg(w.SRNB, recValue, m.item, location, rec.seq, false));
    } else {
      legs.push(leg(w.AP, recValue, m.item, location, undefined, false));
    }
    legs.push(leg(METHODS[pool.method].returnVarianceToPpv ? w.PPV : w.cogsAccount(m.item), N.sub(issue.value, recValue), m.item, location, undefined, true));
  } else {
    legs.push(leg(w.SRNB, issue.value, m.item, location, undefined, true));
    w.diag(m, 'RETURN_NOT_MATCHED', 'info', `No receipt of ${m.item} with this Order/Doc; returned at the current stock value against Stock Received Not Billed.`, m.order !== undefined ? 'Order' : 'Doc', 'Give the Order (or Doc) of the original receipt.');
  }
  w.pushEntry(m, m.type, `Supplier return ${N.toDecimalString(qty, w.S.q)} ${m.item}`, legs);
}

/** Supplier ships straight to the customer: Dr COGS / Cr SRNB; pairs with the invoice for margins. */
export function dropShipCost(w: Walk, m: Movement): { qty: Fixed; value: Fixed } {
  const qty = w.toQ(m.qty);
  const cost = m.unitCost !== undefined ? w.costOf(m.unitCost, m.fxRate) : (w.standardOf(m.item) ?? 0);
  const value = w.lineValue(qty, cost);
  newReceipt(w, m, qty, value, cost, w.locationOf(m), true);
  w.pushEntry(m, 'DropShip', `Drop shipment ${N.toDecimalString(qty, w.S.q)} ${m.item} (supplier to customer)`, [
    leg(w.cogsAccount(m.item), value, m.item, undefined, undefined, true),
    leg(w.SRNB, N.neg(value), m.item, undefined, m.seq, false),
  ]);
  w.issueCost.set(m.seq, value);
  return { qty, value };
}
