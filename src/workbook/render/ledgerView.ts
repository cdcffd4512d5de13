/**
 * The statements' one window on the engine result. Every field the accounting sheets read from an
 * EngineResult goes through here, so a change of the engine's result types is an edit in this
 * file only. The account classifier (which accounts hold sales, cost of goods sold, stock) is the
 * engine's own (engine/pipeline.ts), never re-decided here.
 */
import type { Period } from '../../engine/dates';
import type { Fixed } from '../../engine/num';
import { cogsAccounts, salesAccounts, stockAccounts, type EngineResult } from '../../engine/pipeline';
import type { Scales } from '../../engine/prepare';
import type { AccountRole, AccountType } from '../../engine/types';

export interface LedgerAccount {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role?: AccountRole | undefined;
}

export interface LedgerLine {
  readonly date: number;
  readonly account: string;
  /** Scale p; positive = debit. */
  readonly amount: Fixed;
}

export interface AccountClasses {
  readonly sales: ReadonlySet<string>;
  readonly cogs: ReadonlySet<string>;
  readonly stock: ReadonlySet<string>;
  /** The account holding each role. */
  readonly byRole: (role: AccountRole) => string;
}

export function scalesOf(r: EngineResult): Scales {
  return r.prepared.scales;
}

export function ledgerLines(r: EngineResult): Iterable<LedgerLine> {
  return r.journal.lines;
}

/** The chart in display order. */
export function chartAccounts(r: EngineResult): readonly LedgerAccount[] {
  return r.prepared.chart.list;
}

export function accountClasses(r: EngineResult): AccountClasses {
  const chart = r.prepared.chart;
  return { sales: salesAccounts(r.prepared), cogs: cogsAccounts(r.prepared), stock: stockAccounts(r.prepared), byRole: (role) => chart.role(role) };
}

/** The period kind the run reports in (Month, Quarter, Year, All). */
export function periodKindOf(r: EngineResult): string {
  return r.prepared.options.period ?? r.prepared.inputs.settings.period;
}

export function journalTotals(r: EngineResult): { readonly entries: number; readonly debits: Fixed; readonly credits: Fixed } {
  return { entries: r.journal.entryCount, debits: r.totals.debits, credits: r.totals.credits };
}

/** Index of the period holding `date`; dates outside every period go to the first or last. */
export function periodIndex(periods: readonly Period[], date: number): number {
  const n = periods.length;
  for (let i = 0; i < n; i++) {
    const p = periods[i] as Period;
    if (date >= p.start && date <= p.end) return i;
  }
  return date < (periods[0]?.start ?? 0) ? 0 : n - 1;
}
