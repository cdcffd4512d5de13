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
  // Summed per account code of the journal's column: an array slot a line, no map, no line object.
  const lines = journal.lines;
  const codes = lines.accountCodes();
  const debit = new Array<Fixed>(codes.length).fill(0);
  const credit = new Array<Fixed>(codes.length).fill(0);
  for (let i = 0; i < lines.length; i++) {
    const c = lines.accountCodeAt(i);
    const amount = lines.amountAt(i);
    if (N.sign(amount) > 0) debit[c] = N.add(debit[c] as Fixed, amount);
    else credit[c] = N.sub(credit[c] as Fixed, amount);
  }
  const byAccount = new Map(codes.map((a, c) => [a, c] as const));
  return prepared.chart.list.map((a) => {
    const c = byAccount.get(a.code);
    const d = c === undefined ? 0 : (debit[c] as Fixed);
    const cr = c === undefined ? 0 : (credit[c] as Fixed);
    return { account: a.code, name: a.name, type: a.type, role: a.role, debit: d, credit: cr, balance: N.sub(d, cr) };
  });
}

/** Quantity (from the pools), posted value, COGS and revenue per item that was used. */
export function itemSummaries(prepared: Prepared, valuation: ValuationResult, journal: Journal): ItemSummary[] {
  const lines = journal.lines;
  const classifier = accountClassifier(prepared);
  // Per item code of the journal's column (one array slot each), and per account code its class.
  const itemCodes = lines.itemCodes();
  const itemCount = itemCodes.length;
  const value = new Array<Fixed>(itemCount).fill(0);
  const cogs = new Array<Fixed>(itemCount).fill(0);
  const revenue = new Array<Fixed>(itemCount).fill(0);
  const hasCogs = new Uint8Array(itemCount);
  const classes = lines.accountCodes().map((a) => classifier.classOf(a));
  for (let i = 0; i < lines.length; i++) {
    const it = lines.itemCodeAt(i);
    if (itemCodes[it] === undefined) continue;
    switch (classes[lines.accountCodeAt(i)]) {
      case 'cogs':
        cogs[it] = N.add(cogs[it] as Fixed, lines.amountAt(i));
        hasCogs[it] = 1;
        break;
      case 'sales':
        revenue[it] = N.sub(revenue[it] as Fixed, lines.amountAt(i));
        hasCogs[it] = 1;
        break;
      case 'stock':
        value[it] = N.add(value[it] as Fixed, lines.amountAt(i));
        break;
      default:
        break;
    }
  }
  const qty = new Map<string, Fixed>();
  for (const pool of valuation.pools) qty.set(pool.item, N.add(qty.get(pool.item) ?? 0, pool.qty));
  const out: ItemSummary[] = [];
  for (const code of [...prepared.items.keys()].sort()) {
    // Used: it has a pool, or COGS or revenue (one lookup each, no scan of the pools).
    const c = lines.itemCodeOf(code);
    if (!qty.has(code) && (c === undefined || hasCogs[c] === 0)) continue;
    const item = prepared.items.get(code);
    const at = (column: Fixed[]): Fixed => (c === undefined ? 0 : (column[c] as Fixed));
    out.push({ item: code, name: item?.name, method: prepared.options.method ?? prepared.methodOf(code), qty: qty.get(code) ?? 0, value: at(value), cogs: at(cogs), revenue: at(revenue) });
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
  const lines = journal.lines;
  for (let i = 0; i < lines.length; i++) {
    const amount = lines.amountAt(i);
    if (N.sign(amount) > 0) debits = N.add(debits, amount);
    else credits = N.sub(credits, amount);
  }
  return { inventoryValue, cogs, revenue, grossMargin: N.sub(revenue, cogs), debits, credits };
}

/** Balances, item summaries and totals of one book. */
export function report(prepared: Prepared, valuation: ValuationResult, journal: Journal): { accounts: AccountBalance[]; items: ItemSummary[]; totals: Totals } {
  const items = itemSummaries(prepared, valuation, journal);
  return { accounts: accountBalances(prepared, journal), items, totals: totalsOf(items, journal) };
}
