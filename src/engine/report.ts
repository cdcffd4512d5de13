/**
 * Stage 4, report: balances per account and per item, and the run's totals, from the posted journal.
 * Every classification of an account (COGS, sales, stock) comes from the account classifier.
 *
 *   journal Dr Inventory 1,000 / Cr SRNB 1,000; Dr COGS 200 / Cr Inventory 200
 *   -> Inventory debit 1,000, credit 200, balance 800; item value 800, COGS 200.
 */
import { accountClassifier } from './accounts';
import * as N from './num';
import type { Fixed } from './num';
import type { Journal } from './post';
import type { Prepared } from './prepare';
import type { AccountType, Method } from './types';
import type { ValuationResult } from './valuation/types';

export interface AccountBalance {
  readonly account: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role: string | undefined;
  /** Scale p. */
  readonly debit: Fixed;
  readonly credit: Fixed;
  /** debit - credit. */
  readonly balance: Fixed;
}

export interface ItemSummary {
  readonly item: string;
  readonly name: string | undefined;
  readonly method: Method;
  /** Scale q. */
  readonly qty: Fixed;
  /** Scale p: posted value (equals the general ledger). */
  readonly value: Fixed;
  readonly cogs: Fixed;
  readonly revenue: Fixed;
}

export interface Totals {
  readonly inventoryValue: Fixed;
  readonly cogs: Fixed;
  readonly revenue: Fixed;
  readonly grossMargin: Fixed;
  readonly debits: Fixed;
  readonly credits: Fixed;
}

export function accountBalances(prepared: Prepared, journal: Journal): AccountBalance[] {
  const debit = new Map<string, Fixed>();
  const credit = new Map<string, Fixed>();
  for (const l of journal.lines) {
    if (N.sign(l.amount) > 0) debit.set(l.account, N.add(debit.get(l.account) ?? 0, l.amount));
    else credit.set(l.account, N.add(credit.get(l.account) ?? 0, N.neg(l.amount)));
  }
  return prepared.chart.list.map((a) => {
    const d = debit.get(a.code) ?? 0;
    const c = credit.get(a.code) ?? 0;
    return { account: a.code, name: a.name, type: a.type, role: a.role, debit: d, credit: c, balance: N.sub(d, c) };
  });
}

const bump = (map: Map<string, Fixed>, key: string, x: Fixed): void => {
  map.set(key, N.add(map.get(key) ?? 0, x));
};

/** Quantity (from the pools), posted value, COGS and revenue per item that was used. */
export function itemSummaries(prepared: Prepared, valuation: ValuationResult, journal: Journal): ItemSummary[] {
  const qty = new Map<string, Fixed>();
  for (const pool of valuation.pools) bump(qty, pool.item, pool.qty);
  const classifier = accountClassifier(prepared);
  const value = new Map<string, Fixed>();
  const cogs = new Map<string, Fixed>();
  const revenue = new Map<string, Fixed>();
  for (const l of journal.lines) {
    if (l.item === undefined) continue;
    switch (classifier.classOf(l.account)) {
      case 'cogs':
        bump(cogs, l.item, l.amount);
        break;
      case 'sales':
        bump(revenue, l.item, N.neg(l.amount));
        break;
      case 'stock':
        bump(value, l.item, l.amount);
        break;
      case 'other':
        break;
    }
  }
  const out: ItemSummary[] = [];
  for (const code of [...prepared.items.keys()].sort()) {
    // Used: it has a pool, or COGS or revenue (one map lookup each, no scan of the pools).
    if (!qty.has(code) && !cogs.has(code) && !revenue.has(code)) continue;
    const item = prepared.items.get(code);
    out.push({ item: code, name: item?.name, method: prepared.options.method ?? prepared.methodOf(code), qty: qty.get(code) ?? 0, value: value.get(code) ?? 0, cogs: cogs.get(code) ?? 0, revenue: revenue.get(code) ?? 0 });
  }
  return out;
}

export function totalsOf(items: readonly ItemSummary[], journal: Journal): Totals {
  let inventoryValue: Fixed = 0;
  let cogs: Fixed = 0;
  let revenue: Fixed = 0;
  for (const it of items) {
    inventoryValue = N.add(inventoryValue, it.value);
    cogs = N.add(cogs, it.cogs);
    revenue = N.add(revenue, it.revenue);
  }
  let debits: Fixed = 0;
  let credits: Fixed = 0;
  for (const l of journal.lines) {
    if (N.sign(l.amount) > 0) debits = N.add(debits, l.amount);
    else credits = N.sub(credits, l.amount);
  }
  return { inventoryValue, cogs, revenue, grossMargin: N.sub(revenue, cogs), debits, credits };
}

/** Balances, item summaries and totals of one book. */
export function report(prepared: Prepared, valuation: ValuationResult, journal: Journal): { accounts: AccountBalance[]; items: ItemSummary[]; totals: Totals } {
  const items = itemSummaries(prepared, valuation, journal);
  return { accounts: accountBalances(prepared, journal), items, totals: totalsOf(items, journal) };
}
