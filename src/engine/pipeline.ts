/**
 * The engine as one visible pipeline. Each stage takes what the previous produced plus the
 * diagnostics list, and returns its own result; bad data never throws, it becomes a diagnostic and
 * the run goes on.
 *
 *   inputs --prepare--> resolved references, exact scales, processing order
 *          --value----> stock ledger, exact entry drafts, invoice lines, receipts
 *          --post-----> journal rounded without residue
 *          --report---> balances per account and item, totals
 *          --tax------> (TaxMethod set) the same movements valued by the tax method, memorandum only
 */
import * as N from './num';
import type { Fixed } from './num';
import type { Journal } from './post';
import { prepare, type Prepared } from './prepare';
import type { AccountType, Diagnostic, Inputs, Method, RunOptions } from './types';
import { CancelledError, valueMovements, type ValuationResult } from './value';

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

export interface TaxBook {
  readonly method: Method;
  readonly valuation: ValuationResult;
  readonly journal: Journal;
  readonly items: readonly ItemSummary[];
  readonly cogs: Fixed;
  readonly inventoryValue: Fixed;
}

export interface EngineResult {
  readonly prepared: Prepared;
  readonly valuation: ValuationResult;
  readonly journal: Journal;
  readonly accounts: readonly AccountBalance[];
  readonly items: readonly ItemSummary[];
  readonly totals: Totals;
  readonly tax: TaxBook | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The method every item used, or MIXED. */
  readonly method: string;
}

export { CancelledError };

export function runEngine(inputs: Inputs, options: RunOptions = {}): EngineResult {
  const diagnostics: Diagnostic[] = [];
  const tick = (stage: string): void => {
    if (options.onProgress !== undefined && options.onProgress(stage, 0, 1) === true) throw new CancelledError();
  };
  tick('prepare');
  const prepared = prepare(inputs, options, diagnostics);
  tick('value');
  const valuation = valueMovements(prepared, diagnostics);
  tick('post');
  const journal = valuation.journal;
  tick('report');
  const accounts = accountBalances(prepared, journal);
  const items = itemSummaries(prepared, valuation, journal);
  const totals = totalsOf(items, journal);
  let tax: TaxBook | undefined;
  const taxMethod = inputs.settings.taxMethod;
  if (taxMethod !== undefined) {
    tick('tax');
    // Memorandum book: same movements, another method; its diagnostics repeat the book's, so drop them.
    const taxValuation = valueMovements(prepared, [], taxMethod);
    const taxJournal = taxValuation.journal;
    const taxItems = itemSummaries(prepared, taxValuation, taxJournal);
    const t = totalsOf(taxItems, taxJournal);
    tax = { method: taxMethod, valuation: taxValuation, journal: taxJournal, items: taxItems, cogs: t.cogs, inventoryValue: t.inventoryValue };
  }
  return { prepared, valuation, journal, accounts, items, totals, tax, diagnostics, method: valuation.method };
}

export function accountBalances(prepared: Prepared, journal: Journal): AccountBalance[] {
  const debit = new Map<string, Fixed>();
  const credit = new Map<string, Fixed>();
  for (const l of journal.lines) {
    if (N.sign(l.amount) > 0) debit.set(l.account, N.add(debit.get(l.account) ?? 0, l.amount));
    else credit.set(l.account, N.add(credit.get(l.account) ?? 0, N.neg(l.amount)));
  }
  const out: AccountBalance[] = [];
  for (const a of prepared.chart.list) {
    const d = debit.get(a.code) ?? 0;
    const c = credit.get(a.code) ?? 0;
    out.push({ account: a.code, name: a.name, type: a.type, role: a.role, debit: d, credit: c, balance: N.sub(d, c) });
  }
  return out;
}

/** Accounts that hold cost of goods sold: the COGS role plus any item's own CogsAccount. */
export function cogsAccounts(prepared: Prepared): Set<string> {
  const set = new Set<string>([prepared.chart.role('CostOfGoodsSold')]);
  for (const it of prepared.items.values()) if (it.cogsAccount !== undefined && prepared.chart.accounts.has(it.cogsAccount)) set.add(it.cogsAccount);
  return set;
}

export function salesAccounts(prepared: Prepared): Set<string> {
  const set = new Set<string>([prepared.chart.role('Sales')]);
  for (const it of prepared.items.values()) if (it.incomeAccount !== undefined && prepared.chart.accounts.has(it.incomeAccount)) set.add(it.incomeAccount);
  return set;
}

export function stockAccounts(prepared: Prepared): Set<string> {
  const set = new Set<string>([prepared.chart.role('Inventory')]);
  for (const l of prepared.locations.values()) if (l.stockAccount !== undefined) set.add(l.stockAccount);
  return set;
}

export function itemSummaries(prepared: Prepared, valuation: ValuationResult, journal: Journal): ItemSummary[] {
  const { v, p } = prepared.scales;
  const qty = new Map<string, Fixed>();
  const value = new Map<string, Fixed>();
  for (const pool of valuation.pools) {
    qty.set(pool.item, N.add(qty.get(pool.item) ?? 0, pool.qty));
  }
  const cogsSet = cogsAccounts(prepared);
  const salesSet = salesAccounts(prepared);
  const stockSet = stockAccounts(prepared);
  const cogs = new Map<string, Fixed>();
  const revenue = new Map<string, Fixed>();
  for (const l of journal.lines) {
    if (l.item === undefined) continue;
    if (cogsSet.has(l.account)) cogs.set(l.item, N.add(cogs.get(l.item) ?? 0, l.amount));
    else if (salesSet.has(l.account)) revenue.set(l.item, N.sub(revenue.get(l.item) ?? 0, l.amount));
    else if (stockSet.has(l.account)) value.set(l.item, N.add(value.get(l.item) ?? 0, l.amount));
  }
  void v;
  void p;
  const codes = new Set<string>([...prepared.items.keys()]);
  const out: ItemSummary[] = [];
  for (const code of [...codes].sort()) {
    const q = qty.get(code) ?? 0;
    const val = value.get(code) ?? 0;
    const c = cogs.get(code) ?? 0;
    const r = revenue.get(code) ?? 0;
    const used = valuation.pools.some((x) => x.item === code) || cogs.has(code) || revenue.has(code);
    if (!used) continue;
    out.push({ item: code, name: prepared.items.get(code)?.name, method: prepared.options.method ?? prepared.methodOf(code), qty: q, value: val, cogs: c, revenue: r });
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
