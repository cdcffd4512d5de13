/**
 * Pool mechanics shared by every handler: take stock out by the pool's method, put stock in,
 * and negative stock (shortfalls) with their true-ups.
 *
 * Negative stock: with NegativeStock=Allow an issue takes what is on hand by the method and the rest
 * at the pool's last known rate (else the standard cost, else zero with ZERO_COST_ISSUE). The missing
 * units wait as shortfalls, oldest first; the stock that arrives settles them at its own unit value,
 * and the difference to the provisional value is a separate TrueUp entry linked to the issue:
 *
 *   on hand 0, last rate 10: issue 5 -> 50 provisional; receipt 5 @ 12 -> true-up Dr COGS 10 / Cr Inv 10.
 *
 * Diagnostics: ZERO_COST_ISSUE (warning).
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Movement } from '../types';
import type { EventRef, Walk } from './context';
import { insertLayer } from './layers';
import { METHODS, type Rate } from './methods';
import { leg, NO_SHORTFALLS, type ConsumedLayer, type Layer, type PoolState, type Shortfall } from './types';

export interface Issue {
  readonly value: Fixed;
  readonly layers: ConsumedLayer[] | undefined;
  readonly provisional: boolean;
}

export interface TrueUp {
  readonly seq: number;
  readonly doc: string | undefined;
  readonly qty: Fixed;
  readonly amount: Fixed;
}

/** What a layer put into a pool remembers of where it came from. */
export interface LayerOrigin {
  readonly date: number;
  readonly doc: string | undefined;
  readonly receipt: number;
  readonly cost: Fixed | undefined;
  readonly batch?: string | undefined;
  readonly expiry?: number | undefined;
}

/** The rate a pool issues at when it has nothing: value of `qty` units. */
function provisionalValue(w: Walk, pool: PoolState, qty: Fixed, m: Movement): Fixed {
  if (N.sign(pool.qty) > 0) return w.share(pool.value, qty, pool.qty);
  if (!N.isZero(pool.rateQty)) return w.share(pool.rateValue, qty, pool.rateQty);
  const std = w.standardOf(pool.item);
  if (std !== undefined) return w.lineValue(qty, std);
  w.diag(m, 'ZERO_COST_ISSUE', 'warning', `Item ${pool.item} was issued with no stock and no known cost; valued at zero until stock arrives.`, 'Qty', 'Record the receipt before the issue, or give the item a StandardCost.');
  return 0;
}

/** Current unit value of a pool, for returns and stock found (undefined: nothing known). */
export function currentRate(w: Walk, pool: PoolState): Rate | undefined {
  const own = METHODS[pool.method].rate(w, pool);
  if (own !== undefined) return own;
  if (N.sign(pool.qty) > 0 && !N.isZero(pool.value)) return { value: pool.value, qty: pool.qty };
  if (!N.isZero(pool.rateQty)) return { value: pool.rateValue, qty: pool.rateQty };
  const std = w.standardOf(pool.item);
  const one = N.pow10Fixed(w.S.q);
  return std === undefined ? undefined : { value: w.lineValue(one, std), qty: one };
}

/** Value of `qty` units at the pool's current rate (zero when nothing is known). */
export function atCurrentRate(w: Walk, pool: PoolState, qty: Fixed): Fixed {
  const rate = currentRate(w, pool);
  return rate !== undefined && !N.isZero(rate.qty) ? w.share(rate.value, qty, rate.qty) : 0;
}

/** The layers list handed to a method without layers (it never pushes onto it). */
const NOT_LAYERED: ConsumedLayer[] = Object.freeze([]) as unknown as ConsumedLayer[];

/** Take qty out of a pool by its method. Assumes availability was checked (or negatives allowed). */
export function takeOut(w: Walk, pool: PoolState, qty: Fixed, m: Movement, batch?: string): Issue {
  const method = METHODS[pool.method];
  let value: Fixed = 0;
  let layersOut: ConsumedLayer[] | undefined;
  let remaining = qty;
  const onHand = N.sign(pool.qty) > 0 ? pool.qty : 0;
  const fromStock = N.min(remaining, onHand);
  if (!N.isZero(fromStock)) {
    const out: ConsumedLayer[] = method.layered ? [] : NOT_LAYERED;
    value = method.issue(w, pool, fromStock, m, batch, out);
    if (method.layered) layersOut = out;
    pool.qty = N.sub(pool.qty, fromStock);
    pool.value = N.sub(pool.value, value);
    remaining = N.sub(remaining, fromStock);
  }
  let provisional = false;
  if (N.sign(remaining) > 0) {
    provisional = true;
    const pv = N.neg(w.landOnGrid(pool, N.neg(provisionalValue(w, pool, remaining, m))));
    if (pool.shortfalls === NO_SHORTFALLS) pool.shortfalls = [];
    pool.shortfalls.push({ qty: remaining, value: pv, seq: m.seq, doc: m.doc });
    pool.qty = N.sub(pool.qty, remaining);
    pool.value = N.sub(pool.value, pv);
    value = N.add(value, pv);
  }
  if (N.isZero(pool.qty)) pool.value = 0; // already exact; keeps -0 and bigint zero out
  return { value, layers: layersOut, provisional };
}

/**
 * Put qty worth value into a pool. Shortfalls (negative stock) are settled first at the incoming
 * unit value; each settlement returns a true-up the caller posts (postTrueUps).
 */
/** What putIn returns when no shortfall was settled (the usual case): shared, never pushed onto. */
const NO_TRUE_UPS: TrueUp[] = Object.freeze([]) as unknown as TrueUp[];

export function putIn(w: Walk, pool: PoolState, qty: Fixed, value: Fixed, origin: LayerOrigin): TrueUp[] {
  let trueUps = NO_TRUE_UPS;
  let q = qty;
  let v = value;
  while (pool.shortfallHead < pool.shortfalls.length && N.sign(q) > 0) {
    const s = pool.shortfalls[pool.shortfallHead] as Shortfall;
    const c = N.min(q, s.qty);
    const trueValue = N.cmp(c, q) === 0 ? v : origin.cost !== undefined ? w.lineValue(c, origin.cost) : w.share(v, c, q);
    const provisionalPart = N.cmp(c, s.qty) === 0 ? s.value : w.share(s.value, c, s.qty);
    s.qty = N.sub(s.qty, c);
    s.value = N.sub(s.value, provisionalPart);
    if (N.isZero(s.qty)) dropShortfall(pool);
    // The settled units come in at their true value; the true-up the caller posts then takes the
    // difference to the provisional value back out, so the stock ledger reads in order.
    pool.qty = N.add(pool.qty, c);
    pool.value = N.add(pool.value, trueValue);
    q = N.sub(q, c);
    v = N.sub(v, trueValue);
    if (trueUps === NO_TRUE_UPS) trueUps = [];
    trueUps.push({ seq: s.seq, doc: s.doc, qty: c, amount: N.sub(trueValue, provisionalPart) });
  }
  if (N.sign(q) > 0) {
    pool.qty = N.add(pool.qty, q);
    pool.value = N.add(pool.value, v);
    if (METHODS[pool.method].layered) {
      const nl: Layer = {
        qty: q,
        value: v,
        cost: origin.cost,
        date: origin.date,
        doc: origin.doc,
        receipt: origin.receipt,
        batch: origin.batch,
        expiry: origin.expiry,
      };
      insertLayer(w, pool, nl);
    }
  }
  if (N.sign(qty) > 0) {
    pool.rateValue = value;
    pool.rateQty = qty;
  }
  return trueUps;
}

function dropShortfall(pool: PoolState): void {
  pool.shortfallHead++;
  if (pool.shortfallHead > 32 && pool.shortfallHead * 2 > pool.shortfalls.length) {
    pool.shortfalls = pool.shortfalls.slice(pool.shortfallHead);
    pool.shortfallHead = 0;
  }
}

/** Post the true-ups a putIn returned: each its own entry, linked to the issue it settles. */
export function postTrueUps(w: Walk, m: EventRef, pool: PoolState, location: string, trueUps: readonly TrueUp[]): void {
  // Most receipts settle nothing: no loop (an iterator each) over the shared empty list.
  if (trueUps.length === 0) return;
  for (const t of trueUps) {
    if (N.isZero(t.amount)) continue;
    // AVERAGE: the true-up takes out what lands the pool on the posting grid.
    const amount = N.neg(w.landOnGrid(pool, N.neg(t.amount)));
    const note = `settles shortfall of row ${t.doc ?? ''} (seq ${t.seq}) by ${m.doc ?? 'row ' + m.source.row}`;
    // The settled units' true cost differs from the provisional one: move the difference out of
    // (or into) stock and into COGS, as its own entry linked to the issue.
    pool.value = N.sub(pool.value, amount);
    w.ledgerValueRow(m, 'TrueUp', pool, location, N.neg(amount), note);
    w.pushEntry(m, 'TrueUp', `True-up of provisional cost for ${pool.item} issued at seq ${t.seq}`, [
      leg(w.cogsAccount(pool.item), amount, pool.item, location, undefined, true),
      w.stockLeg(pool, N.neg(amount), location),
    ], t.seq);
  }
  for (const t of trueUps) {
    if (!N.isZero(t.amount)) continue;
    const ledger = w.ledger;
    const last = ledger.length - 1;
    if (last >= 0 && ledger.seqAt(last) === m.seq && ledger.noteAt(last) === undefined) {
      ledger.setNote(last, `settles shortfall of seq ${t.seq} at the same cost`);
    }
  }
}
