/**
 * The books as they read with closed periods: the closed run's journal and stock ledger up to
 * ClosedThrough, the catch-up on the first open day, then the full recomputation's entries and rows
 * after it. Balances at every open date are therefore the recomputation's:
 *
 *   closed(<= CT) + [recomputed(<= CT) - closed(<= CT)] + recomputed(> CT) = recomputed
 *
 * Entry numbers: the closed entries keep theirs (what was reported), the catch-up follows them and
 * the open entries are renumbered after it.
 */
import * as N from '../num';
import type { Fixed } from '../num';
import { JournalTable, type JournalLine } from '../journal';
import type { Journal } from '../post';
import type { Movement } from '../types';
import { LedgerTable } from '../valuation/ledgerTable';
import type { ConsumedLayer, LedgerRow } from '../valuation/types';
import { rescaleBy, type PoolAfter, type Rescale, type StockDifferences } from './difference';
import { rowsText } from './entries';

export function composeJournal(closed: Journal, full: Journal, closedThrough: number, catchUp: readonly JournalLine[], catchUpEntries: number): Journal {
  const lines = new JournalTable();
  const c = closed.lines;
  for (let e = 0; e < c.entries; e++) if (c.entryDateOf(e) <= closedThrough) lines.appendEntryOf(c, e, c.entryNumberOf(e));
  lines.appendLines(catchUp);
  let entry = closed.entryCount + catchUpEntries;
  const f = full.lines;
  for (let e = 0; e < f.entries; e++) if (f.entryDateOf(e) > closedThrough) lines.appendEntryOf(f, e, ++entry);
  return { lines, entryCount: entry, receiptRunning: full.receiptRunning };
}

function rescaleLayers(layers: readonly ConsumedLayer[] | undefined, s: Rescale): readonly ConsumedLayer[] | undefined {
  if (layers === undefined) return undefined;
  return layers.map((l) => ({ ...l, qty: rescaleBy(l.qty, s.q), value: rescaleBy(l.value, s.v) }));
}

function rescaleRow(r: LedgerRow, s: Rescale): LedgerRow {
  if (s.q === 1 && s.v === 1) return r;
  return {
    ...r,
    qtyIn: rescaleBy(r.qtyIn, s.q),
    qtyOut: rescaleBy(r.qtyOut, s.q),
    qtyAfter: rescaleBy(r.qtyAfter, s.q),
    valueIn: rescaleBy(r.valueIn, s.v),
    valueOut: rescaleBy(r.valueOut, s.v),
    valueAfter: rescaleBy(r.valueAfter, s.v),
    layers: rescaleLayers(r.layers, s),
  };
}

/**
 * The stock ledger's catch-up rows: one per item and location whose quantity or value moved
 * differently. Their after-values continue from the closed run's last row of the pool (a company
 * pool's rows carry their location but the after-values of the whole pool).
 */
export function catchUpRows(differences: StockDifferences, poolAfter: PoolAfter, companyPool: boolean, backdated: readonly Movement[], closedThrough: number): LedgerRow[] {
  const running = new Map<string, { qty: Fixed; value: Fixed }>();
  for (const [item, pools] of poolAfter) for (const [loc, after] of pools) running.set(item + '\u0001' + loc, after);
  const rows: LedgerRow[] = [];
  const all = [...differences.values()].flatMap((m) => [...m.values()]);
  const sorted = all.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  for (const d of sorted) {
    const dq = N.sub(d.recomputedQty, d.closedQty);
    const dv = N.sub(d.recomputedValue, d.closedValue);
    if (dq === 0 && dv === 0) continue;
    const causes = backdated.filter((m) => m.item === d.item);
    const key = d.item + '\u0001' + (companyPool ? '*' : d.location);
    const before = running.get(key) ?? { qty: 0, value: 0 };
    const after = { qty: N.add(before.qty, dq), value: N.add(before.value, dv) };
    running.set(key, after);
    const first = causes[0] ?? backdated[0];
    rows.push({
      seq: first?.seq ?? -1,
      source: first?.source ?? { table: 'Movements', row: 1 },
      date: closedThrough + 1,
      type: 'CatchUp',
      item: d.item,
      location: d.location,
      doc: undefined,
      qtyIn: N.sign(dq) > 0 ? dq : 0,
      qtyOut: N.sign(dq) < 0 ? N.neg(dq) : 0,
      qtyAfter: after.qty,
      valueIn: N.sign(dv) > 0 ? dv : 0,
      valueOut: N.sign(dv) < 0 ? N.neg(dv) : 0,
      valueAfter: after.value,
      layers: undefined,
      note: `Catch-up of closed periods: back-dated ${rowsText(causes.map((m) => m.source))}`,
      provisional: false,
      batch: undefined,
    });
  }
  return rows;
}

export function composeLedger(closed: LedgerTable, full: LedgerTable, closedThrough: number, scale: Rescale, catchUp: readonly LedgerRow[]): LedgerTable {
  const rows = new LedgerTable();
  for (let i = 0; i < closed.length; i++) if (closed.dateAt(i) <= closedThrough) rows.append(rescaleRow(closed.row(i), scale));
  for (const r of catchUp) rows.append(r);
  for (let i = 0; i < full.length; i++) if (full.dateAt(i) > closedThrough) rows.append(full.row(i));
  return rows;
}
