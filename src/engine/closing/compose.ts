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
  const c = closed.lines;
  const f = full.lines;
  const a = sizeOf(c, closedThrough, true);
  const b = sizeOf(f, closedThrough, false);
  const lines = new JournalTable().reserve(a.lines + catchUp.length + b.lines, a.entries + catchUpEntries + b.entries);
  for (let e = 0; e < c.entries; e++) if (c.entryDateOf(e) <= closedThrough) lines.appendEntryOf(c, e, c.entryNumberOf(e));
  lines.appendLines(catchUp);
  let entry = closed.entryCount + catchUpEntries;
  for (let e = 0; e < f.entries; e++) if (f.entryDateOf(e) > closedThrough) lines.appendEntryOf(f, e, ++entry);
  return { lines, entryCount: entry, receiptRunning: full.receiptRunning };
}

/** Entries and lines dated on or before `date` (through) or after it: room to reserve, so no column grows. */
function sizeOf(t: JournalTable, date: number, through: boolean): { entries: number; lines: number } {
  let entries = 0;
  let lines = 0;
  for (let e = 0; e < t.entries; e++) {
    if (t.entryDateOf(e) <= date !== through) continue;
    entries++;
    lines += t.lineEndOf(e) - t.firstLineOf(e);
  }
  return { entries, lines };
}

function rescaleLayers(layers: readonly ConsumedLayer[] | undefined, s: Rescale): readonly ConsumedLayer[] | undefined {
  if (layers === undefined || (s.q === 1 && s.v === 1)) return layers;
  return layers.map((l) => ({ ...l, qty: rescaleBy(l.qty, s.q), value: rescaleBy(l.value, s.v) }));
}

/**
 * The stock ledger's catch-up rows: one per item and location whose quantity or value moved
 * differently. Their after-values continue from the closed run's last row of the pool (a company
 * pool's rows carry their location but the after-values of the whole pool).
 */
export function catchUpRows(differences: StockDifferences, poolAfter: PoolAfter, companyPool: boolean, backdated: readonly Movement[], closedThrough: number): LedgerRow[] {
  const running = new Map<string, { qty: Fixed; value: Fixed }>();
  for (const [item, pools] of poolAfter) for (const [loc, after] of pools) running.set(item + '\u0001' + loc, after);
  const byItem = new Map<string, Movement[]>();
  for (const m of backdated) {
    const list = byItem.get(m.item);
    if (list === undefined) byItem.set(m.item, [m]);
    else list.push(m);
  }
  const rows: LedgerRow[] = [];
  const all = [...differences.values()].flatMap((m) => [...m.values()]);
  const sorted = all.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  for (const d of sorted) {
    const dq = N.sub(d.recomputedQty, d.closedQty);
    const dv = N.sub(d.recomputedValue, d.closedValue);
    if (dq === 0 && dv === 0) continue;
    const causes = byItem.get(d.item) ?? [];
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
  // Sized exactly up front: columns that grow mid-run cost full collections (walk.ts expectedSize).
  let n = catchUp.length;
  let layers = 0;
  for (let i = 0; i < closed.length; i++) {
    if (closed.dateAt(i) > closedThrough) continue;
    n++;
    layers += closed.layerCountAt(i);
  }
  for (let i = 0; i < full.length; i++) {
    if (full.dateAt(i) <= closedThrough) continue;
    n++;
    layers += full.layerCountAt(i);
  }
  const rows = new LedgerTable().reserve(n, layers);
  for (let i = 0; i < closed.length; i++) if (closed.dateAt(i) <= closedThrough) copyRow(rows, closed, i, scale);
  for (const r of catchUp) rows.append(r);
  for (let i = 0; i < full.length; i++) if (full.dateAt(i) > closedThrough) copyRow(rows, full, i, ONE);
  return rows;
}

const ONE: Rescale = { q: 1, v: 1 };

/** Row i of `from`, column by column (no row object), quantities and values rescaled by `s`. */
function copyRow(to: LedgerTable, from: LedgerTable, i: number, s: Rescale): void {
  const layers = from.layerCountAt(i) === 0 ? undefined : from.layersAt(i);
  to.add(
    from.seqAt(i),
    from.sourceAt(i),
    from.dateAt(i),
    from.typeAt(i),
    from.itemAt(i),
    from.locationAt(i),
    from.docAt(i),
    rescaleBy(from.qtyInAt(i), s.q),
    rescaleBy(from.qtyOutAt(i), s.q),
    rescaleBy(from.qtyAfterAt(i), s.q),
    rescaleBy(from.valueInAt(i), s.v),
    rescaleBy(from.valueOutAt(i), s.v),
    rescaleBy(from.valueAfterAt(i), s.v),
    rescaleLayers(layers, s),
    from.noteAt(i),
    from.provisionalAt(i),
    from.batchAt(i),
  );
}
