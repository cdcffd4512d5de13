/**
 * CostPool=Company across locations on different stock accounts: after every movement, each stock
 * account's share of an item's company-wide pool is brought to the value of the stock at its
 * locations (qty there x the pool's unit value), by one reclass entry between the accounts.
 *
 *   pool 10 units worth 100 (rate 10): 6 at Main (1400), 4 at North (1410) -> 60 / 40.
 *   receipt of 10 @ 13 at Main: pool 20 worth 230 -> Main 16 x 11.5 = 184, North 4 x 11.5 = 46:
 *   North's share 40 -> 46, so the reclass is Dr 1410 6 / Cr 1400 6.
 *
 * A location with no stock ends with nothing on its account.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { EventRef, Walk } from './context';
import type { Leg, PoolState } from './types';

/** Quantity on hand per stock account for an item (from the availability view). */
function qtyByAccount(w: Walk, item: string): Map<string, Fixed> {
  const out = new Map<string, Fixed>();
  for (const [loc, q] of w.itemLocQty.get(item) ?? []) {
    const a = w.stockAccountOf(loc);
    out.set(a, N.add(out.get(a) ?? 0, q));
  }
  return out;
}

function rebalance(w: Walk, m: EventRef, pool: PoolState): void {
  const shares = w.companyShares.get(pool.item) ?? new Map<string, Fixed>();
  const qty = qtyByAccount(w, pool.item);
  if (shares.size <= 1 && qty.size <= 1) return; // one stock account: nothing to reclass
  const accounts = [...new Set([...shares.keys(), ...qty.keys()])];
  // Targets: the pool's value split by the quantity at each account (exact shares, the last takes the rest).
  const positive = N.sign(pool.qty) > 0 && accounts.every((a) => N.sign(qty.get(a) ?? 0) >= 0);
  if (!positive) return; // negative stock somewhere: left until it is covered
  const weights = accounts.map((a) => qty.get(a) ?? 0);
  const targets: Fixed[] = [];
  let given: Fixed = 0;
  let lastNonZero = -1;
  weights.forEach((q, i) => {
    if (!N.isZero(q)) lastNonZero = i;
  });
  weights.forEach((q, i) => {
    const t = i === lastNonZero ? N.sub(pool.value, given) : N.isZero(q) ? 0 : w.share(pool.value, q, pool.qty);
    targets.push(t);
    given = N.add(given, t);
  });
  const legs: Leg[] = [];
  accounts.forEach((a, i) => {
    const diff = N.sub(targets[i] as Fixed, shares.get(a) ?? 0);
    if (!N.isZero(diff)) legs.push(w.companyLeg(pool, a, diff, undefined));
  });
  if (legs.length > 0) w.pushEntry(m, 'CompanyReclass', `Company-wide pool ${pool.item}: stock accounts follow their locations`, legs);
}

/** Bring the shares of every company pool the last movement touched back to their locations. */
export function rebalanceCompanyPools(w: Walk, m: EventRef): void {
  if (w.touchedCompanyPools.size === 0) return;
  const pools = [...w.touchedCompanyPools];
  w.touchedCompanyPools.clear();
  for (const pool of pools) rebalance(w, m, pool);
  w.touchedCompanyPools.clear();
}
