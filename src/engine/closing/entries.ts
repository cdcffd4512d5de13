/**
 * The catch-up entries: one balanced entry per group of items (groups.ts), dated the first open day,
 * one line per account, item and location whose net through ClosedThrough differs between the
 * closed run and the recomputation, each naming the back-dated rows that caused it.
 *
 * Causes of a line: the group's back-dated rows of the line's item at the line's location, else of
 * its item anywhere, else all of the group's (a kit's components were moved by the kit's sale).
 * A group whose differences do not sum to zero (an entry the grouping could not attribute) is not
 * forced: such groups are posted together in one entry, which balances because both journals do.
 */
import { isoDate } from '../dates';
import * as N from '../num';
import type { Fixed } from '../num';
import { JournalLine, type EntryHeader } from '../post';
import type { Movement, SourceRef } from '../types';
import type { AccountDifference } from './difference';
import type { ItemGroups } from './groups';

export interface CatchUpLine {
  /** Entry number in the composed journal. */
  readonly entry: number;
  readonly account: string;
  readonly item: string | undefined;
  readonly location: string | undefined;
  /** Net debit through ClosedThrough (scale p): as closed, as recomputed, and posted (recomputed - closed). */
  readonly closed: Fixed;
  readonly recomputed: Fixed;
  readonly difference: Fixed;
  readonly causes: readonly SourceRef[];
}

export interface CatchUpPosting {
  readonly lines: readonly JournalLine[];
  readonly report: readonly CatchUpLine[];
  readonly entries: number;
  /** Total debits of the catch-up entries (scale p). */
  readonly amount: Fixed;
  /** Back-dated rows named by at least one posted line. */
  readonly changedRows: readonly SourceRef[];
}

const MAX_ROWS_IN_MEMO = 6;

export function rowsText(causes: readonly SourceRef[]): string {
  if (causes.length === 0) return 'no single row';
  const byTable = new Map<string, number[]>();
  for (const c of causes.slice(0, MAX_ROWS_IN_MEMO)) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.row]);
  const parts = [...byTable].map(([table, rows]) => `${table} row${rows.length > 1 ? 's' : ''} ${rows.join(', ')}`);
  const more = causes.length > MAX_ROWS_IN_MEMO ? ` and ${causes.length - MAX_ROWS_IN_MEMO} more` : '';
  return parts.join('; ') + more;
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function buildCatchUpEntries(
  differences: Iterable<AccountDifference>,
  groups: ItemGroups,
  backdated: readonly Movement[],
  defaultLocation: string,
  closedThrough: number,
  firstEntry: number,
): CatchUpPosting {
  // Non-zero differences by group.
  const byGroup = new Map<string, AccountDifference[]>();
  for (const d of differences) {
    if (N.cmp(d.closed, d.recomputed) === 0) continue;
    const root = d.attributedTo === '' ? '' : groups.find(d.attributedTo);
    const list = byGroup.get(root);
    if (list === undefined) byGroup.set(root, [d]);
    else list.push(d);
  }
  const rowsOf = new Map<string, Movement[]>();
  for (const m of backdated) {
    const root = groups.find(m.item);
    const list = rowsOf.get(root);
    if (list === undefined) rowsOf.set(root, [m]);
    else list.push(m);
  }
  // Balanced groups get their own entry; the others are posted together.
  const posted: { rows: Movement[]; lines: AccountDifference[] }[] = [];
  const leftover: { rows: Movement[]; lines: AccountDifference[] } = { rows: [], lines: [] };
  for (const root of [...byGroup.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : compare(a, b)))) {
    const lines = byGroup.get(root) as AccountDifference[];
    const rows = root === '' ? [...backdated] : (rowsOf.get(root) ?? []);
    let sum: Fixed = 0;
    for (const d of lines) sum = N.add(sum, N.sub(d.recomputed, d.closed));
    if (sum === 0) posted.push({ rows, lines });
    else {
      // Loops, not push(...rows): a spread of many thousands of rows overflows the call stack.
      for (const r of rows) leftover.rows.push(r);
      for (const l of lines) leftover.lines.push(l);
    }
  }
  if (leftover.lines.length > 0) posted.push({ rows: [...new Set(leftover.rows)].sort((a, b) => a.seq - b.seq), lines: leftover.lines });

  const out: JournalLine[] = [];
  const report: CatchUpLine[] = [];
  const changed = new Set<Movement>();
  let amount: Fixed = 0;
  let entry = firstEntry - 1;
  const date = closedThrough + 1;
  for (const group of posted) {
    entry++;
    const first = group.rows[0] ?? backdated[0];
    const header: EntryHeader = {
      entry,
      date,
      kind: 'CatchUp',
      doc: undefined,
      memo: `Catch-up of periods closed through ${isoDate(closedThrough)}: back-dated ${rowsText(group.rows.map((m) => m.source))}`,
      source: first !== undefined ? first.source : { table: 'Movements', row: 1 },
      linkedTo: first?.seq,
    };
    const sorted = group.lines.sort((a, b) => compare(a.account, b.account) || compare(a.item, b.item) || compare(a.location, b.location) || compare(a.attributedTo, b.attributedTo));
    for (const d of sorted) {
      const difference = N.sub(d.recomputed, d.closed);
      out.push(new JournalLine(header, d.account, difference, d.item, d.location));
      if (N.sign(difference) > 0) amount = N.add(amount, difference);
      const causes = causesOf(group.rows, d, defaultLocation);
      for (const m of causes) changed.add(m);
      report.push({ entry, account: d.account, item: d.item, location: d.location, closed: d.closed, recomputed: d.recomputed, difference, causes: causes.map((m) => m.source) });
    }
  }
  const changedRows = [...changed].sort((a, b) => a.seq - b.seq).map((m) => m.source);
  return { lines: out, report, entries: posted.length, amount, changedRows };
}

function causesOf(rows: readonly Movement[], d: AccountDifference, defaultLocation: string): readonly Movement[] {
  const item = d.item ?? d.attributedTo;
  const ofItem = rows.filter((m) => m.item === item);
  if (ofItem.length === 0) return rows;
  if (d.location === undefined) return ofItem;
  const here = ofItem.filter((m) => (m.location ?? defaultLocation) === d.location || m.toLocation === d.location);
  return here.length > 0 ? here : ofItem;
}
