/**
 * Test helpers: build engine inputs from small tables written the way an accountant would, and read
 * results back as decimal strings.
 */
import * as N from '../../src/engine/num';
import { runEngine, type EngineResult } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Inputs, type Item, type KitLine, type LandedCost, type Location, type Account, type Movement, type MovementType, type RunOptions, type Settings } from '../../src/engine/types';
import { serial } from '../helpers/dates';

/** 'YYYY-MM-DD' -> serial day (the shared test helper, test/helpers/dates.ts). */
export const d = serial;

export type Row = Partial<Omit<Movement, 'seq' | 'source' | 'date' | 'type' | 'item' | 'qty'>> & {
  date: string;
  type: MovementType;
  item: string;
  qty?: number;
};

export function movements(rows: readonly Row[]): Movement[] {
  return rows.map((r, i) => {
    const { date, type, item, qty, ...rest } = r;
    return { seq: i, source: { table: 'Movements', row: i + 2 }, date: d(date), type, item, qty: qty ?? 0, ...rest };
  });
}

export interface Book {
  settings?: Partial<Settings>;
  accounts?: Account[];
  locations?: Location[];
  items?: Item[];
  kits?: KitLine[];
  landedCosts?: Array<Omit<LandedCost, 'source' | 'date'> & { date: string }>;
  rows: Row[];
}

export function inputsOf(b: Book): Inputs {
  return {
    settings: { ...DEFAULT_SETTINGS, ...(b.settings ?? {}) },
    accounts: b.accounts ?? [],
    locations: b.locations ?? [],
    items: b.items ?? [],
    kits: b.kits ?? [],
    landedCosts: (b.landedCosts ?? []).map((l, i) => ({ ...l, date: d(l.date), source: { table: 'LandedCosts', row: i + 2 } })),
    movements: movements(b.rows),
  };
}

export function run(b: Book, options: RunOptions = {}): EngineResult {
  return runEngine(inputsOf(b), options);
}

export function money(r: EngineResult, x: N.Fixed): string {
  return N.toDecimalString(x, r.prepared.scales.p);
}

/** An exact value-scale figure (invoice COGS, revenue) rounded to posting precision. */
export function valueText(r: EngineResult, x: N.Fixed): string {
  const s = r.prepared.scales;
  return N.toDecimalString(N.rescale(x, s.v, s.p), s.p);
}

export function accountBalance(r: EngineResult, role: Parameters<EngineResult['prepared']['chart']['role']>[0]): string {
  const code = r.prepared.chart.role(role);
  const a = r.accounts.find((x) => x.account === code);
  return money(r, a?.balance ?? 0);
}

export function itemOf(r: EngineResult, item: string): { qty: string; value: string; cogs: string; revenue: string } {
  const it = r.items.find((i) => i.item === item);
  if (it === undefined) throw new Error(`no item ${item}`);
  return { qty: N.toPlainString(it.qty, r.prepared.scales.q), value: money(r, it.value), cogs: money(r, it.cogs), revenue: money(r, it.revenue) };
}

/** Every entry balances; returns the entries that do not (should be empty). */
export function unbalancedEntries(r: EngineResult): number[] {
  const sums = new Map<number, N.Fixed>();
  for (const l of r.journal.lines.toArray()) sums.set(l.entry, N.add(sums.get(l.entry) ?? 0, l.amount));
  return [...sums.entries()].filter(([, s]) => !N.isZero(s)).map(([e]) => e);
}

/** General-ledger balance of each stock account vs the stock ledger's (rounded) pool values. */
export function stockAccountsVsLedger(r: EngineResult): { account: string; gl: string; subledger: string }[] {
  const s = r.prepared.scales;
  const gl = new Map<string, N.Fixed>();
  const stock = new Set([r.prepared.chart.role('Inventory'), ...[...r.prepared.locations.values()].flatMap((l) => (l.stockAccount ? [l.stockAccount] : []))]);
  for (const l of r.journal.lines.toArray()) if (stock.has(l.account)) gl.set(l.account, N.add(gl.get(l.account) ?? 0, l.amount));
  const sub = new Map<string, N.Fixed>();
  for (const p of r.valuation.pools) sub.set(p.account, N.add(sub.get(p.account) ?? 0, N.rescale(p.value, s.v, s.p)));
  const accounts = new Set([...gl.keys(), ...sub.keys()]);
  return [...accounts].map((a) => ({ account: a, gl: N.toDecimalString(gl.get(a) ?? 0, s.p), subledger: N.toDecimalString(sub.get(a) ?? 0, s.p) }));
}

export function journalLines(r: EngineResult, kind?: string): string[] {
  const names = r.prepared.chart.accounts;
  return r.journal.lines.toArray()
    .filter((l) => kind === undefined || l.kind === kind)
    .map((l) => `${N.sign(l.amount) > 0 ? 'Dr' : 'Cr'} ${names.get(l.account)?.name ?? l.account} ${N.toDecimalString(N.abs(l.amount), r.prepared.scales.p)}`);
}
