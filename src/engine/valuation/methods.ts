/**
 * The costing methods, one record each, dispatched through an exhaustive table: every place where
 * the methods differ is a field here, so adding a method is a compile error until each is answered.
 *
 * - FIFO / LIFO / SPECIFIC keep layers (layers.ts).
 * - AVERAGE keeps one quantity and value; after every movement the pool's value is qty x moving
 *   rate rounded to posting precision, and an issue is valued at the change (SPEC section 4). What
 *   comes in (receipts, returns, stock found, builds, bill differences, revaluations, true-ups) is
 *   taken at the value that lands the pool on that grid (Walk.landOnGrid).
 * - STANDARD values stock at the item's standard cost; price differences go to PPV.
 * - LAST issues at the latest receipt cost; a receipt revalues stock on hand to it.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { Method, Movement } from '../types';
import type { Walk } from './context';
import { consumeFifo, consumeLifo, consumeSpecific } from './layers';
import { leg as mkLeg, type ConsumedLayer, type PoolState } from './types';

/** A unit value as a fraction: value (value scale) per qty (quantity scale). */
export interface Rate {
  readonly value: Fixed;
  readonly qty: Fixed;
}

export interface CostingMethod {
  /** Keeps receipt layers (issues name the layers they took). */
  readonly layered: boolean;
  /** Bill price differences and a supplier return's difference go to PurchasePriceVariance. */
  readonly varianceToPpv: boolean;
  /** A supplier return's difference to the receipt cost goes to PPV (else to COGS). */
  readonly returnVarianceToPpv: boolean;
  /**
   * A supplier return leaves at the returned receipt's cost and the pool's rate is recomputed (no
   * gain or loss without a sale: AVERAGE). Layered methods take the receipt's own layer instead.
   */
  readonly returnsAtReceiptCost: boolean;
  /** A Revalue with a UnitCost revalues the item in every pool (a new standard). */
  readonly revaluesEverywhere: boolean;
  /** The pool's value is kept on the posting grid after every movement (AVERAGE, SPEC 4). */
  readonly onPostingGrid: boolean;
  /**
   * Value of taking `qty` (0 < qty <= on hand) out of the pool; layered methods push what they took
   * to `out`. The caller updates the pool's qty and value.
   */
  issue(w: Walk, pool: PoolState, qty: Fixed, m: Movement, batch: string | undefined, out: ConsumedLayer[]): Fixed;
  /** The method's own unit rate for returns and stock found (undefined: use the pool's rate). */
  rate(w: Walk, pool: PoolState): Rate | undefined;
  /** Unit cost stock is carried at for a receipt at `cost` (STANDARD: the standard). */
  stockCost(w: Walk, pool: PoolState, cost: Fixed, m: Movement): Fixed;
  /** Before a receipt at `cost` enters the pool (LAST revalues stock on hand). */
  beforeReceipt(w: Walk, pool: PoolState, cost: Fixed, m: Movement, location: string): void;
  /** After a Revalue to a new unit cost. */
  revaluedTo(pool: PoolState, cost: Fixed): void;
}

const unit = (w: Walk): Fixed => N.pow10Fixed(w.S.q);

/** STANDARD and LAST: one unit cost for the pool; the last unit takes what is left. */
function issueAtUnitCost(pool: PoolState, qty: Fixed, unitCost: Fixed | undefined, w: Walk): Fixed {
  if (N.cmp(qty, pool.qty) === 0) return pool.value;
  return unitCost !== undefined ? w.lineValue(qty, unitCost) : w.share(pool.value, qty, pool.qty);
}

const none = (): Rate | undefined => undefined;
const asIs = (_w: Walk, _pool: PoolState, cost: Fixed): Fixed => cost;
const nothing = (): void => undefined;

const layered = (consume: CostingMethod['issue']): CostingMethod => ({
  layered: true,
  varianceToPpv: false,
  returnVarianceToPpv: false,
  returnsAtReceiptCost: false,
  revaluesEverywhere: false,
  onPostingGrid: false,
  issue: consume,
  rate: none,
  stockCost: asIs,
  beforeReceipt: nothing,
  revaluedTo: (pool, cost) => {
    for (let i = pool.head; i < pool.layers.length; i++) {
      const l = pool.layers[i];
      if (l === undefined) continue;
      l.cost = cost;
    }
  },
});

export const METHODS: Readonly<Record<Method, CostingMethod>> = {
  FIFO: layered((w, pool, qty, _m, _b, out) => consumeFifo(w, pool, qty, out)),
  LIFO: layered((w, pool, qty, _m, _b, out) => consumeLifo(w, pool, qty, out)),
  SPECIFIC: layered((w, pool, qty, m, batch, out) => consumeSpecific(w, pool, qty, out, m, batch)),
  AVERAGE: {
    layered: false,
    varianceToPpv: false,
    returnVarianceToPpv: false,
    returnsAtReceiptCost: true,
    revaluesEverywhere: false,
    onPostingGrid: true,
    // The value left is qty x moving rate rounded to posting precision; the issue is the change.
    issue: (w, pool, qty) =>
      N.cmp(qty, pool.qty) === 0 ? pool.value : N.sub(pool.value, w.roundToPosting(w.share(pool.value, N.sub(pool.qty, qty), pool.qty))),
    rate: none,
    stockCost: asIs,
    beforeReceipt: nothing,
    revaluedTo: nothing,
  },
  STANDARD: {
    layered: false,
    varianceToPpv: true,
    returnVarianceToPpv: true,
    returnsAtReceiptCost: false,
    revaluesEverywhere: true,
    onPostingGrid: false,
    issue: (w, pool, qty) => issueAtUnitCost(pool, qty, w.standardOf(pool.item), w),
    rate: (w, pool) => {
      const std = w.standardOf(pool.item);
      return std === undefined ? undefined : { value: w.lineValue(unit(w), std), qty: unit(w) };
    },
    stockCost: (w, pool, cost, m) => {
      const std = w.standardOf(pool.item);
      if (std !== undefined) return std;
      w.diag(m, 'MISSING_STANDARD_COST', 'warning', `Item ${pool.item} is STANDARD but has no StandardCost; this receipt's cost is used as the standard.`, 'Item', 'Set StandardCost in the Items table.');
      return cost;
    },
    beforeReceipt: nothing,
    revaluedTo: nothing,
    },
  LAST: {
    layered: false,
    varianceToPpv: true,
    returnVarianceToPpv: false,
    returnsAtReceiptCost: false,
    revaluesEverywhere: false,
    onPostingGrid: false,
    issue: (w, pool, qty) => issueAtUnitCost(pool, qty, pool.lastCost, w),
    rate: (w, pool) => (pool.lastCost === undefined ? undefined : { value: w.lineValue(unit(w), pool.lastCost), qty: unit(w) }),
    stockCost: asIs,
    beforeReceipt: (w, pool, cost, m, location) => {
      if (N.sign(pool.qty) > 0) {
        // Most-recent cost: what is on hand is revalued to the new cost.
        const revalued = w.lineValue(pool.qty, cost);
        const diff = N.sub(revalued, pool.value);
        if (!N.isZero(diff)) {
          pool.value = revalued;
          w.ledgerValueRow(m, 'LastCostRevalue', pool, location, diff, 'stock on hand revalued to the latest receipt cost');
          w.pushEntry(m, 'LastCostRevalue', `${m.item} on hand revalued to latest cost`, [w.stockLeg(pool, diff, location), leg(w.ADJ, N.neg(diff), m.item, location)]);
        }
      }
      pool.lastCost = cost;
    },
    revaluedTo: (pool, cost) => {
      pool.lastCost = cost;
    },
    },
};

function leg(account: string, amount: Fixed, item: string, location: string): ReturnType<typeof mkLeg> {
  return mkLeg(account, amount, item, location, undefined, true);
}

export function methodOfPool(pool: PoolState): CostingMethod {
  return METHODS[pool.method];
}
