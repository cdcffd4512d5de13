/**
 * Purchasing: supplier bills against receipts (matched by Order, else Doc, and item, oldest first),
 * bills that come before their goods, and purchase orders (kept for the three-way match).
 *
 *   Receipt 10 @ 5.00, Bill 52.00: Dr SRNB 50.00, Dr Inventory 2.00 (units on hand) / Cr AP 52.00
 *
 * A Bill credits Payables with exactly its amount, however many receipt lines it covers: every AP leg
 * of one bill shares one cumulative-rounding key, so the posted credits add up to the rounded amount
 * (a 0.01 bill over three lines posts 0.01, not three times 0.00).
 * Diagnostics: BILL_NOT_MATCHED (info), MISSING_ORDER (warning), UNKNOWN_ACCOUNT.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { Walk } from './context';
import { METHODS } from './methods';
import { queueOf } from './queue';
import { raiseReceiptStock } from './raise';
import { spreadToShipments } from './shipped';
import { leg, type Leg, type ReceiptRecord, type RoundingKey } from './types';

/** Legs that carry a bill's price difference: PPV for STANDARD/LAST, else stock on hand + COGS. */
function varianceLegs(w: Walk, rec: ReceiptRecord, diff: Fixed, m: Movement): Leg[] {
  if (N.isZero(diff)) return [];
  if (METHODS[rec.method].varianceToPpv) return [leg(w.PPV, diff, rec.item, rec.location, undefined, true)];
  const raised = raiseReceiptStock(w, rec, diff, m, 'BillVariance', `Bill ${m.doc ?? ''} price difference`);
  spreadToShipments(w, rec, raised.toCogs);
  const legs = raised.legs;
  return legs.map((l) => (l.account === w.cogsAccount(rec.item) && l.pool === undefined ? leg(l.account, l.amount, l.item, l.location, undefined, true) : l));
}

/**
 * A bill's part for a receipt, at the bill's rate, split into the exchange difference (the same
 * foreign amount at the bill's rate against the receipt's: IAS 21, stock keeps the receipt-date rate)
 * and what is left for the price difference.
 *   receipt 100 EUR @ 1.10 = 110.00; bill 100 EUR @ 1.12 = 112.00 -> ExchangeDifference 2.00.
 */
function exchangeLegs(w: Walk, rec: ReceiptRecord, part: Fixed, billFx: number | undefined, item: string): { legs: Leg[]; atReceiptRate: Fixed } {
  if (billFx === undefined || rec.fxRate === undefined || billFx === rec.fxRate) return { legs: [], atReceiptRate: part };
  const atReceiptRate = w.share(part, w.toC(rec.fxRate), w.toC(billFx));
  const diff = N.sub(part, atReceiptRate);
  // The exchange leg takes the entry's rounding: it is what is left between two rounded figures.
  return { legs: N.isZero(diff) ? [] : [leg(w.FX, diff, item, undefined, undefined, true)], atReceiptRate };
}

function open(rec: ReceiptRecord): Fixed {
  return N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
}

function billAmount(w: Walk, m: Movement, qty: Fixed): Fixed {
  if (m.amount !== undefined) return w.amountOf(m.amount, m.fxRate);
  return m.unitCost !== undefined ? w.lineValue(qty, w.costOf(m.unitCost, m.fxRate)) : 0;
}

/** A bill for an expense or service item, or to an explicit expense account. */
function expenseBill(w: Walk, m: Movement, qty: Fixed, amount: Fixed, ap: RoundingKey): void {
  const item = w.itemOf(m.item);
  const rec = w.links.receiptsFor(w.linkKey(m.order, m.item))?.find((r) => N.cmp(r.billedQty, r.qty) < 0);
  const base = { seq: m.seq, source: m.source, date: m.date, doc: m.doc, order: m.order, item: m.item, qty, amount };
  if (rec !== undefined && (item.kind === 'Expense' || item.kind === 'Service')) {
    // Clears the expense receipt's SRNB; any price difference to the expense account.
    const recValue = N.sub(rec.value, rec.clearedValue);
    rec.billedQty = rec.qty;
    rec.clearedValue = rec.value;
    rec.billedAmount = N.add(rec.billedAmount, amount);
    const expense = w.accountOr(item.expenseAccount ?? m.account, w.COSTCENTER, m, 'Account');
    w.pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item}`.trim(), [
      leg(w.SRNB, recValue, m.item, undefined, rec.seq, false),
      leg(expense, N.sub(amount, recValue), m.item, undefined, undefined, true),
      leg(w.AP, N.neg(amount), m.item, undefined, ap, false),
    ]);
    w.bills.push({ ...base, matchedReceipts: [rec.seq] });
    return;
  }
  const expense = w.accountOr(m.account ?? item.expenseAccount, w.COSTCENTER, m, 'Account');
  w.pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item} to ${expense}`.trim(), [
    leg(expense, amount, m.item, undefined, undefined, true),
    leg(w.AP, N.neg(amount), m.item, undefined, ap, false),
  ]);
  w.bills.push({ ...base, matchedReceipts: [] });
}

export function bill(w: Walk, m: Movement): void {
  const item = w.itemOf(m.item);
  const qty = m.qty !== 0 ? w.toQ(m.qty) : 0;
  const amount = billAmount(w, m, qty);
  const ap = w.accumulator();
  const k = w.linkKey(m.order ?? m.doc, m.item);
  if (item.kind === 'Expense' || item.kind === 'Service' || (m.account !== undefined && w.links.receiptsFor(k) === undefined)) {
    expenseBill(w, m, qty, amount, ap);
    return;
  }
  // Match unbilled receipts of the same order (else doc) and item, oldest first.
  const candidates = w.links.receiptsFor(k) ?? [];
  let left = N.isZero(qty) ? candidates.reduce<Fixed>((s, r) => N.add(s, open(r)), 0) : qty;
  const totalQty = left;
  let leftAmount = amount;
  const matched: number[] = [];
  for (const rec of candidates) {
    if (N.sign(left) <= 0) break;
    const o = open(rec);
    if (N.sign(o) <= 0) continue;
    const t = N.min(o, left);
    const part = N.cmp(t, left) === 0 ? leftAmount : w.share(leftAmount, t, left);
    const fullyBilled = N.cmp(t, o) === 0;
    const recValue = fullyBilled && N.isZero(rec.returnedQty) ? N.sub(rec.value, rec.clearedValue) : w.lineValue(t, rec.cost);
    rec.billedQty = N.add(rec.billedQty, t);
    rec.clearedValue = N.add(rec.clearedValue, recValue);
    rec.billedAmount = N.add(rec.billedAmount, part);
    matched.push(rec.seq);
    const fx = exchangeLegs(w, rec, part, m.fxRate, m.item);
    w.pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} for receipt ${rec.doc ?? rec.seq} ${m.item}`.trim(), [
      leg(w.SRNB, recValue, m.item, undefined, rec.seq, false),
      ...fx.legs,
      ...varianceLegs(w, rec, N.sub(fx.atReceiptRate, recValue), m),
      leg(w.AP, N.neg(part), m.item, undefined, ap, false),
    ]);
    left = N.sub(left, t);
    leftAmount = N.sub(leftAmount, part);
  }
  if (N.sign(left) > 0 || (candidates.length === 0 && !N.isZero(amount))) {
    // Billed before received: SRNB carries the debit until the goods arrive.
    w.pushEntry(m, 'Bill', `Bill ${m.doc ?? ''} ${m.item} before receipt`.trim(), [
      leg(w.SRNB, leftAmount, m.item, undefined, k !== undefined ? w.accumulator('PB#' + m.seq) : undefined, false),
      leg(w.AP, N.neg(leftAmount), m.item, undefined, ap, false),
    ]);
    if (k !== undefined) queueOf(w.pendingBills, k).push({ bill: m.seq, qty: N.isZero(totalQty) ? 0 : left, amount: leftAmount });
    w.diag(m, 'BILL_NOT_MATCHED', 'info', `Bill for ${m.item} has no (or not enough) receipt with this Order/Doc yet; it waits in Stock Received Not Billed.`, m.order !== undefined ? 'Order' : 'Doc', 'Record the receipt with the same Order, or check the Order number.');
  }
  w.bills.push({ seq: m.seq, source: m.source, date: m.date, doc: m.doc, order: m.order, item: m.item, qty, amount, matchedReceipts: matched });
}

/** A receipt for which a bill came first: clear the waiting bill now. */
export function applyPendingBills(w: Walk, m: Movement, rec: ReceiptRecord): void {
  if (w.pendingBills.size === 0) return;
  for (const link of new Set([m.order, m.doc])) {
    const key = w.linkKey(link, m.item);
    if (key === undefined) continue;
    const queue = w.pendingBills.get(key);
    while (queue !== undefined && !queue.isEmpty()) {
      const o = open(rec);
      if (N.sign(o) <= 0) return;
      const pb = queue.peek() as { bill: number; qty: Fixed; amount: Fixed };
      const whole = N.isZero(pb.qty);
      const t = whole ? o : N.min(o, pb.qty);
      const part = whole || N.cmp(t, pb.qty) === 0 ? pb.amount : w.share(pb.amount, t, pb.qty);
      const recValue = N.cmp(t, rec.qty) === 0 ? rec.value : w.lineValue(t, rec.cost);
      rec.billedQty = N.add(rec.billedQty, t);
      rec.clearedValue = N.add(rec.clearedValue, recValue);
      rec.billedAmount = N.add(rec.billedAmount, part);
      if (whole || N.cmp(t, pb.qty) === 0) queue.drop();
      else {
        pb.qty = N.sub(pb.qty, t);
        pb.amount = N.sub(pb.amount, part);
      }
      // Move the waiting bill out of its holding key into the receipt's key.
      w.pushEntry(m, 'BillMatched', `Receipt ${m.doc ?? ''} matches earlier bill (seq ${pb.bill})`.trim(), [
        leg(w.SRNB, recValue, m.item, undefined, rec.seq, false),
        ...varianceLegs(w, rec, N.sub(part, recValue), m),
        leg(w.SRNB, N.neg(part), m.item, undefined, w.accumulator('PB#' + pb.bill), false),
      ]);
    }
  }
}

export function purchaseOrder(w: Walk, m: Movement): void {
  if (m.order === undefined && m.doc === undefined) {
    w.diag(m, 'MISSING_ORDER', 'warning', 'A PurchaseOrder row needs an Order (or Doc) to be matched.', 'Order', 'Give the purchase order number.');
    return;
  }
  w.purchaseOrders.push({
    seq: m.seq,
    source: m.source,
    date: m.date,
    order: (m.order ?? m.doc) as string,
    item: m.item,
    qty: w.toQ(m.qty),
    cost: m.unitCost !== undefined ? w.costOf(m.unitCost, m.fxRate) : undefined,
    party: m.party,
  });
}
