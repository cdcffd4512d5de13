/**
 * Inventory movements: transfers between locations, adjustments, counts, revaluations and internal
 * consumption.
 *
 *   Count 8 when the book says 10 (FIFO, 1.00 each): Dr Stock Adjustment 2.00 / Cr Inventory 2.00
 *
 * Transfers keep layers and cost; with CostPool=Company the pool is the item's and only the stock
 * accounts of the two locations can differ (a reclass entry).
 * Diagnostics: NEGATIVE_STOCK, NOT_STOCKED, ZERO_COST_ISSUE, REVALUE_EMPTY, UNKNOWN_ACCOUNT.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { Walk } from './context';
import { METHODS } from './methods';
import { atCurrentRate, currentRate, postTrueUps, putIn, takeOut, type TrueUp } from './pool';
import { leg, type ConsumedLayer, type Layer, type PoolState } from './types';

const PROVISIONAL_NOTE = 'part issued at a provisional rate (negative stock); trued up when stock arrives';

/** Take a movement's quantity out of its pool and write the ledger row; returns the cost. */
export function issueOut(w: Walk, m: Movement, qty: Fixed): { cost: Fixed; pool: PoolState; location: string; layers: readonly ConsumedLayer[] | undefined } {
  const location = w.locationOf(m);
  const pool = w.getPool(m.item, location);
  const batch = m.batch ?? m.serial;
  const issue = takeOut(w, pool, qty, m, batch);
  w.bumpLoc(m.item, location, N.neg(qty));
  w.ledgerRowOf(m, m.type, pool, location, 0, qty, 0, issue.value, issue.layers, issue.provisional ? PROVISIONAL_NOTE : undefined, issue.provisional, batch);
  return { cost: issue.value, pool, location, layers: issue.layers };
}

function notStocked(w: Walk, m: Movement): boolean {
  const item = w.itemOf(m.item);
  if (item.kind === 'Stock') return false;
  w.diag(m, 'NOT_STOCKED', 'error', `${m.item} is a ${item.kind} item and is not kept in stock.`, 'Item');
  return true;
}

/** CostPool=Company: the quantity moves, the pool's value does not; stock accounts may differ. */
function companyTransfer(w: Walk, m: Movement, from: string, to: string, qty: Fixed): void {
  const pool = w.getPool(m.item, from);
  const value = atCurrentRate(w, pool, qty);
  w.bumpLoc(m.item, from, N.neg(qty));
  w.bumpLoc(m.item, to, qty);
  w.ledgerRow(m, 'Transfer', pool, from, 0, qty, 0, 0, { note: `to ${to} (company-wide cost pool: value unchanged)` });
  w.ledgerRow(m, 'Transfer', pool, to, qty, 0, 0, 0, { note: `from ${from}` });
  if (w.stockAccountOf(from) !== w.stockAccountOf(to)) {
    w.pushEntry(m, 'Transfer', `Transfer ${m.item} ${from} -> ${to}`, [w.stockLeg(pool, value, to), w.stockLeg(pool, N.neg(value), from)]);
  }
}

const NONE: readonly TrueUp[] = Object.freeze([]);

/** a then b, without a new list when either is empty (the usual case: nothing to settle). */
function joined(a: readonly TrueUp[], b: readonly TrueUp[]): readonly TrueUp[] {
  return b.length === 0 ? a : a.length === 0 ? b : a.concat(b);
}

export function transfer(w: Walk, m: Movement): void {
  const from = w.locationOf(m);
  const to = m.toLocation as string;
  const qty = w.toQ(m.qty);
  if (notStocked(w, m) || w.blocked(m, m.item, from, qty)) return;
  if (w.company) return companyTransfer(w, m, from, to, qty);
  const src = w.getPool(m.item, from);
  const dst = w.getPool(m.item, to);
  const issue = takeOut(w, src, qty, m, m.batch ?? m.serial);
  w.bumpLoc(m.item, from, N.neg(qty));
  w.ledgerRowOf(m, 'Transfer', src, from, 0, qty, 0, issue.value, issue.layers, w.phrase('to ', to), issue.provisional, undefined);
  let trueUps: readonly TrueUp[] = NONE;
  if (issue.layers !== undefined && METHODS[dst.method].layered) {
    let layeredQty: Fixed = 0;
    let layeredValue: Fixed = 0;
    for (let i = 0; i < issue.layers.length; i++) {
      const l = issue.layers[i] as ConsumedLayer;
      layeredQty = N.add(layeredQty, l.qty);
      layeredValue = N.add(layeredValue, l.value);
      trueUps = joined(trueUps, putIn(w, dst, l.qty, l.value, { date: l.date, doc: l.doc, receipt: l.receipt, cost: undefined, batch: l.batch }));
    }
    // Units the source did not have (negative stock allowed) arrive at their provisional value.
    const missing = N.sub(qty, layeredQty);
    if (N.sign(missing) > 0) trueUps = joined(trueUps, putIn(w, dst, missing, N.sub(issue.value, layeredValue), { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined }));
    // putIn counts inflows as the pool's last rate one layer at a time; the transfer is one inflow.
    dst.rateValue = issue.value;
    dst.rateQty = qty;
  } else {
    trueUps = putIn(w, dst, qty, issue.value, { date: m.date, doc: m.doc, receipt: m.seq, cost: undefined });
  }
  w.bumpLoc(m.item, to, qty);
  w.ledgerRowOf(m, 'Transfer', dst, to, qty, 0, issue.value, 0, undefined, w.phrase('from ', from), false, undefined);
  const at = w.legs.mark();
  w.addStockLeg(dst, issue.value, to);
  w.addStockLeg(src, N.neg(issue.value), from);
  w.postLegs(at, m, 'Transfer', 'Transfer between locations');
  postTrueUps(w, m, dst, to, trueUps);
}

function adjustOut(w: Walk, m: Movement, pool: PoolState, location: string, qty: Fixed, kind: string): void {
  if (w.blocked(m, m.item, location, qty)) return;
  const res = issueOut(w, m, qty);
  w.issueCost.set(m.seq, res.cost);
  const at = w.legs.mark();
  w.addStockLeg(pool, N.neg(res.cost), location);
  w.addLeg(w.accountOr(m.account, w.ADJ, m, 'Account'), res.cost, m.item, location, undefined, true);
  w.postLegs(at, m, kind, `${kind} ${m.item} -${N.toDecimalString(qty, w.S.q)}`);
  const last = w.ledger.length - 1;
  if (last >= 0 && kind === 'Count') {
    w.ledger.retag(last, 'Count', `counted ${N.toDecimalString(w.availableAt(m.item, location), w.S.q)}; shrinkage ${N.toDecimalString(qty, w.S.q)}`);
  }
}

function adjustIn(w: Walk, m: Movement, pool: PoolState, location: string, delta: Fixed, kind: string): void {
  let value: Fixed;
  let cost: Fixed | undefined;
  if (m.unitCost !== undefined) {
    cost = w.costOf(m.unitCost, m.fxRate);
    value = w.lineValue(delta, cost);
  } else {
    const rate = currentRate(w, pool);
    if (rate === undefined) w.diag(m, 'ZERO_COST_ISSUE', 'warning', `${kind} adds ${m.item} with no known cost; valued at zero.`, 'UnitCost', 'Give a UnitCost for stock found.');
    value = rate === undefined ? 0 : w.share(rate.value, delta, rate.qty);
  }
  value = w.landOnGrid(pool, value);
  const trueUps = putIn(w, pool, delta, value, { date: m.date, doc: m.doc, receipt: m.seq, cost });
  w.bumpLoc(m.item, location, delta);
  const q = w.S.q;
  w.ledgerRow(m, kind, pool, location, delta, 0, value, 0, kind === 'Count' ? { note: `counted ${N.toDecimalString(w.availableAt(m.item, location), q)}; surplus ${N.toDecimalString(delta, q)}` } : undefined);
  w.pushEntry(m, kind, `${kind} ${m.item} +${N.toDecimalString(delta, q)}`, [w.stockLeg(pool, value, location), leg(w.accountOr(m.account, w.ADJ, m, 'Account'), N.neg(value), m.item, location, undefined, true)]);
  postTrueUps(w, m, pool, location, trueUps);
}

/** Adjust (signed Qty) or Count (delta = counted - on hand). */
export function adjustBy(w: Walk, m: Movement, delta: Fixed, kind: 'Adjust' | 'Count'): void {
  const location = w.locationOf(m);
  if (notStocked(w, m)) return;
  const pool = w.getPool(m.item, location);
  if (N.isZero(delta)) w.ledgerRow(m, kind, pool, location, 0, 0, 0, 0, { note: kind === 'Count' ? 'count agrees with the book' : 'no change' });
  else if (N.sign(delta) < 0) adjustOut(w, m, pool, location, N.neg(delta), kind);
  else adjustIn(w, m, pool, location, delta, kind);
}

export function count(w: Walk, m: Movement): void {
  adjustBy(w, m, N.sub(w.toQ(m.qty), w.availableAt(m.item, w.locationOf(m))), 'Count');
}

/** Revalue one pool to a new unit cost or by a signed amount; returns the change in value. */
function revaluePool(w: Walk, m: Movement, pool: PoolState): Fixed {
  const method = METHODS[pool.method];
  if (m.unitCost !== undefined) {
    const cost = w.costOf(m.unitCost, m.fxRate);
    const diff = N.sub(w.lineValue(pool.qty, cost), pool.value);
    if (method.layered) for (let i = pool.head; i < pool.layers.length; i++) {
      const l = pool.layers[i] as Layer;
      l.value = w.lineValue(l.qty, cost);
    }
    method.revaluedTo(pool, cost);
    return diff;
  }
  const diff = w.amountOf(m.amount ?? 0, m.fxRate);
  if (method.layered) {
    const live = pool.layers.slice(pool.head);
    const parts = w.allocate(diff, live.map((l) => l.qty));
    live.forEach((l, i) => {
      l.value = N.add(l.value, parts[i] as Fixed);
      l.cost = undefined;
    });
  }
  return diff;
}

export function revalue(w: Walk, m: Movement): void {
  const location = w.locationOf(m);
  const everywhere = METHODS[w.methodOf(m.item)].revaluesEverywhere && m.unitCost !== undefined;
  // A new standard revalues the item everywhere (its own pools only, through the item index).
  const targets = everywhere ? [...w.poolsOf(m.item)] : [w.getPool(m.item, location)];
  if (everywhere) w.newStandard.set(m.item, m.unitCost as number);
  let any = false;
  for (const pool of targets) {
    if (N.sign(pool.qty) <= 0) continue;
    any = true;
    const diff = w.landOnGrid(pool, revaluePool(w, m, pool));
    pool.value = N.add(pool.value, diff);
    const where = pool.location === '*' ? location : pool.location;
    w.ledgerValueRow(m, 'Revalue', pool, where, diff);
    w.pushEntry(m, 'Revalue', `Revalue ${m.item}`, [w.stockLeg(pool, diff, where), leg(w.accountOr(m.account, w.ADJ, m, 'Account'), N.neg(diff), m.item, undefined, undefined, true)]);
  }
  if (!any && !everywhere) w.diag(m, 'REVALUE_EMPTY', 'warning', `Nothing of ${m.item} is in stock at ${location} to revalue.`, 'Item', 'Revalue after the stock arrives.');
}

export function consume(w: Walk, m: Movement): void {
  const location = w.locationOf(m);
  const qty = w.toQ(m.qty);
  if (w.itemOf(m.item).kind !== 'Stock') {
    w.diag(m, 'NOT_STOCKED', 'error', `${m.item} is not a stock item.`, 'Item');
    return;
  }
  if (w.blocked(m, m.item, location, qty)) return;
  const res = issueOut(w, m, qty);
  w.issueCost.set(m.seq, res.cost);
  const account = w.accountOr(m.account ?? w.itemOf(m.item).expenseAccount, w.COSTCENTER, m, 'Account');
  w.pushEntry(m, 'Consume', `Internal use of ${N.toDecimalString(qty, w.S.q)} ${m.item}`, [w.stockLeg(res.pool, N.neg(res.cost), location), leg(account, res.cost, m.item, location, undefined, true)]);
}
