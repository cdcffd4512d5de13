/**
 * The periodic comparison's per-item lines (periodic.ts), as columns: one slot per field for each
 * period an item was simulated in, items one after another in code order. A period's item lines
 * (`linesAt(k)`, what the Periodic vs Perpetual sheet lists) are made from them when asked; an item
 * not simulated in period k shows its idle line: closing = opening = its last closing before k.
 *
 * At a million distinct items that is a few dozen bytes a simulated period in typed arrays, where a
 * line object each cost well over a hundred and had to be traced by the garbage collector.
 *
 *   const t = new PeriodicLines();
 *   t.beginItem('COAT', 'FIFO'); t.add(2, { ...figures of period 2 });
 *   t.linesAt(3)   -> [{ item: 'COAT', openingQty: <closing of 2>, purchases: 0, ... }]
 */
import { FixedColumn, IntColumn } from './columns';
import * as N from './num';
import type { Fixed } from './num';
import type { Method } from './types';

/** One item's figures for one period (scales: quantities q, values v). */
export interface PeriodicItem {
  readonly item: string;
  readonly method: Method;
  /** Scale q. */
  readonly openingQty: Fixed;
  readonly purchasesQty: Fixed;
  readonly closingQty: Fixed;
  /** Units the counts and Adjust rows found missing (negative: surplus), scale q. */
  readonly shrinkageQty: Fixed;
  /** Exact values at value scale v (totals are rounded once, so items may differ by a cent). */
  readonly openingValue: Fixed;
  readonly purchases: Fixed;
  readonly closingValue: Fixed;
  readonly cogs: Fixed;
  readonly shrinkage: Fixed;
}

export type PeriodFigures = Omit<PeriodicItem, 'item' | 'method'>;

export class PeriodicLines {
  private readonly items: string[] = [];
  private readonly methods: Method[] = [];
  /** Item i's lines are [start(i), start(i + 1)). */
  private readonly start = new IntColumn();
  private readonly k = new IntColumn();
  private readonly openingQty = new FixedColumn();
  private readonly purchasesQty = new FixedColumn();
  private readonly closingQty = new FixedColumn();
  private readonly shrinkageQty = new FixedColumn();
  private readonly openingValue = new FixedColumn();
  private readonly purchases = new FixedColumn();
  private readonly closingValue = new FixedColumn();
  private readonly cogs = new FixedColumn();
  private readonly shrinkage = new FixedColumn();

  /** Items are begun in the order their lines are to be listed. */
  beginItem(item: string, method: Method): void {
    this.items.push(item);
    this.methods.push(method);
    this.start.push(this.k.length);
  }

  /** The current item's line for period k (periods ascending within an item). */
  add(k: number, f: PeriodFigures): void {
    this.k.push(k);
    this.openingQty.push(f.openingQty);
    this.purchasesQty.push(f.purchasesQty);
    this.closingQty.push(f.closingQty);
    this.shrinkageQty.push(f.shrinkageQty);
    this.openingValue.push(f.openingValue);
    this.purchases.push(f.purchases);
    this.closingValue.push(f.closingValue);
    this.cogs.push(f.cogs);
    this.shrinkage.push(f.shrinkage);
  }

  /** Every item's line for period k, in the order the items were begun. */
  linesAt(k: number): PeriodicItem[] {
    const out: PeriodicItem[] = [];
    for (let i = 0; i < this.items.length; i++) out.push(this.lineAt(i, k));
    return out;
  }

  private lineAt(i: number, k: number): PeriodicItem {
    const item = this.items[i] as string;
    const method = this.methods[i] as Method;
    let lo = this.start.get(i);
    let hi = (i + 1 < this.items.length ? this.start.get(i + 1) : this.k.length) - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.k.get(mid) <= k) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0 && this.k.get(at) === k) {
      return {
        item,
        method,
        openingQty: this.openingQty.get(at),
        purchasesQty: this.purchasesQty.get(at),
        closingQty: this.closingQty.get(at),
        shrinkageQty: this.shrinkageQty.get(at),
        openingValue: this.openingValue.get(at),
        purchases: this.purchases.get(at),
        closingValue: this.closingValue.get(at),
        cogs: this.cogs.get(at),
        shrinkage: this.shrinkage.get(at),
      };
    }
    const qty = at >= 0 ? this.closingQty.get(at) : 0;
    const value = at >= 0 ? this.closingValue.get(at) : 0;
    return {
      item,
      method,
      openingQty: qty,
      purchasesQty: 0,
      closingQty: qty,
      shrinkageQty: 0,
      openingValue: value,
      purchases: 0,
      closingValue: value,
      cogs: N.sub(value, value),
      shrinkage: 0,
    };
  }
}
