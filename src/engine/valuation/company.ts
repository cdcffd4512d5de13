/**
 * CostPool=Company with locations on different stock accounts (SPEC 4): one pool per item, but each
 * stock account must equal the stock at its locations after every movement. The pool's stock legs
 * post per account of the location (each account its own cumulative-rounding key, made once per
 * pool and account); once a movement is done, a pool that touched more than one account is brought
 * to the stock at each account's locations - the pool's value split by the quantity there, largest
 * remainder first - by a Reclass entry. An account whose locations hold nothing (or less, with
 * negative stock allowed) ends at 0.
 *
 *   10 @ 10 at North (1400), 10 @ 20 at South (1410), average 15; ship 10 from North at 150:
 *   1400 is at -50 and 1410 at 200 -> Reclass Dr 1400 50 / Cr 1410 50: 0 and 150.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import type { EventRef, Walk } from './context';
import { leg, type AccountHolding, type Leg, type PoolState } from './types';

export class CompanyAccounts {
  /** Pools that touched more than one account in the movement being valued. */
  private readonly due: PoolState[] = [];

  constructor(private readonly w: Walk) {}

  /** The stock leg of a company pool at a location, noted against the location's account. */
  stockLeg(pool: PoolState, amount: Fixed, location: string): Leg {
    const account = this.w.stockAccountOf(location);
    const h = this.holding(pool, account);
    h.held = N.add(h.held, amount);
    if (!pool.reclassDue && (pool.byAccount as Map<string, AccountHolding>).size > 1) {
      pool.reclassDue = true;
      this.due.push(pool);
    }
    return leg(account, amount, pool.item, location, h.key, false);
  }

  /** After a movement: every pool it left spread over several accounts is restated. */
  reclass(m: EventRef): void {
    if (this.due.length === 0) return;
    for (const pool of this.due) {
      pool.reclassDue = false;
      this.reclassPool(m, pool);
    }
    this.due.length = 0;
  }

  private holding(pool: PoolState, account: string): AccountHolding {
    const byAccount = pool.byAccount as Map<string, AccountHolding>;
    let h = byAccount.get(account);
    if (h === undefined) {
      h = { held: 0, key: this.w.accumulator('company\u0001' + account + '\u0001' + pool.item) };
      byAccount.set(account, h);
    }
    return h;
  }

  private reclassPool(m: EventRef, pool: PoolState): void {
    const w = this.w;
    const accounts: string[] = [];
    const qty: Fixed[] = [];
    const where: (string | undefined)[] = [];
    for (const account of (pool.byAccount as Map<string, AccountHolding>).keys()) {
      accounts.push(account);
      qty.push(0);
      where.push(undefined);
    }
    let total: Fixed = 0;
    w.forEachLocationQty(pool.item, (location, q) => {
      const account = w.stockAccountOf(location);
      let i = accounts.indexOf(account);
      if (i < 0) {
        this.holding(pool, account);
        i = accounts.push(account) - 1;
        qty.push(0);
        where.push(undefined);
      }
      where[i] ??= location;
      if (N.sign(q) > 0) {
        qty[i] = N.add(qty[i] as Fixed, q);
        total = N.add(total, q);
      }
    });
    // Stock short everywhere (negative stock allowed) has no locations to split by: left as posted.
    if (N.isZero(total) && !N.isZero(pool.value)) return;
    const targets = N.isZero(total) ? qty.map((): Fixed => 0) : w.allocate(pool.value, qty);
    const legs: Leg[] = [];
    accounts.forEach((account, i) => {
      const h = this.holding(pool, account);
      const target = targets[i] as Fixed;
      const diff = N.sub(target, h.held);
      h.held = target;
      if (!N.isZero(diff)) legs.push(leg(account, diff, pool.item, where[i], h.key, false));
    });
    if (legs.length > 0) w.pushEntry(m, 'Reclass', `${pool.item}: company-wide pool restated to the stock at each location's account`, legs);
  }
}
