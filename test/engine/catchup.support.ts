/**
 * Helpers for the closed-period tests: balances of a journal at a date, per account, and the
 * figures of a journal dated on or before a date, so a composed run can be compared with a full
 * recomputation (open dates) and with a run on the rows known at the close (closed dates).
 */
import * as N from '../../src/engine/num';

// The closed-period workbook itself lives beside the e2e harness's reach (plain data, no engine import).
export { CLOSED_THROUGH, closedWorkbook, type ClosedWorkbookOptions } from '../support/closedWorkbook';
import type { JournalLine } from '../../src/engine/post';
import type { LedgerRow } from '../../src/engine/valuation/types';

/** Net of the lines dated on or before `date`, by account|item|location (only non-zero). */
export function netThrough(lines: readonly JournalLine[], date: number, byItem = true): Map<string, string> {
  const m = new Map<string, N.Fixed>();
  for (const l of lines) {
    if (l.date > date) continue;
    const k = byItem ? `${l.account}|${l.item ?? ''}|${l.location ?? ''}` : l.account;
    m.set(k, N.add(m.get(k) ?? 0, l.amount));
  }
  const out = new Map<string, string>();
  for (const [k, v] of [...m].sort(([a], [b]) => (a < b ? -1 : 1))) if (v !== 0) out.set(k, String(v));
  return out;
}

/** The lines dated on or before `date` as comparable text (entry numbers and headers included). */
export function linesThrough(lines: readonly JournalLine[], date: number): string[] {
  return lines.filter((l) => l.date <= date).map((l) => `${l.entry} ${l.date} ${l.kind} ${l.source.row} ${l.account} ${l.item ?? ''} ${l.location ?? ''} ${String(l.amount)}`);
}

export function ledgerThrough(rows: readonly LedgerRow[], date: number): string[] {
  return rows.filter((r) => r.date <= date).map((r) => `${r.date} ${r.type} ${r.item} ${r.location} ${String(r.qtyIn)} ${String(r.qtyOut)} ${String(r.qtyAfter)} ${String(r.valueIn)} ${String(r.valueOut)} ${String(r.valueAfter)}`);
}

/** Quantity and value after the last row of each item|location dated on or before `date`. */
export function stockAt(rows: readonly LedgerRow[], date: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows) if (r.date <= date) m.set(`${r.item}|${r.location}`, `${String(r.qtyAfter)} ${String(r.valueAfter)}`);
  return m;
}

/** Every entry balances: the entries whose lines do not sum to zero. */
export function unbalanced(lines: readonly JournalLine[]): number[] {
  const sums = new Map<number, N.Fixed>();
  for (const l of lines) sums.set(l.entry, N.add(sums.get(l.entry) ?? 0, l.amount));
  return [...sums].filter(([, s]) => s !== 0).map(([e]) => e);
}
