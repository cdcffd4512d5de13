/**
 * Closed periods over random back-dated streams (fast-check, fixed seed): with ClosedThrough set,
 *   - every balance (account x item x location) at every open date equals a full recomputation;
 *   - the journal, stock ledger and tax journal through ClosedThrough equal a run on the rows known at
 *     the close (entered on or before it), line for line, entry numbers included;
 *   - the periodic comparison's closed periods equal that run's, and periodic COGS over all periods
 *     sums to the recomputation's;
 *   - every entry, catch-up included, balances.
 * Over every method, CostPool Location and Company, CogsTiming Shipment and Invoice, negative stock
 * Block and Allow, a tax book, kits and landed costs, monthly and quarterly periods.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { runWithCatchUp } from '../../src/engine/catchup';
import { knownAtClose } from '../../src/engine/closing/split';
import { comparePeriodsWithClose } from '../../src/engine/closing/periodic';
import { comparePeriods } from '../../src/engine/periodic';
import { runEngine, type EngineResult } from '../../src/engine/pipeline';
import type { Method } from '../../src/engine/types';
import type { LedgerRow } from '../../src/engine/valuation/types';
import { d, inputsOf, type Book, type Row } from './support';
import { linesThrough, netThrough, unbalanced } from './catchup.support';

const ITEMS = ['A', 'B', 'KIT'];
const STOCK = ['A', 'B'];
const LOCS = ['Main', 'North'];
const iso = (day: number): string => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
const cost = fc.integer({ min: 1, max: 50000 }).map((c) => c / 100);
const qtyArb = fc.integer({ min: 1, max: 30 });
const item = fc.constantFrom(...STOCK);
const loc = fc.constantFrom(...LOCS);

const rowArb: fc.Arbitrary<Row> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ item, loc, q: qtyArb, c: cost, po: fc.constantFrom('PO1', 'PO2') }).map((x): Row => ({ date: '', type: 'Receipt', item: x.item, qty: x.q, unitCost: x.c, location: x.loc, order: x.po, doc: 'R-' + x.po })) },
  { weight: 3, arbitrary: fc.record({ item: fc.constantFrom(...ITEMS), loc, q: qtyArb, p: cost }).map((x): Row => ({ date: '', type: 'Sale', item: x.item, qty: x.q, unitPrice: x.p, location: x.loc, order: 'SO1' })) },
  { weight: 1, arbitrary: fc.record({ item, loc, q: qtyArb }).map((x): Row => ({ date: '', type: 'Shipment', item: x.item, qty: x.q, location: x.loc, order: 'SO2' })) },
  { weight: 1, arbitrary: fc.record({ item, q: qtyArb, p: cost }).map((x): Row => ({ date: '', type: 'Invoice', item: x.item, qty: x.q, unitPrice: x.p, order: 'SO2' })) },
  { weight: 1, arbitrary: fc.record({ item, from: loc, q: qtyArb }).map((x): Row => ({ date: '', type: 'Transfer', item: x.item, qty: x.q, location: x.from, toLocation: x.from === 'Main' ? 'North' : 'Main' })) },
  { weight: 1, arbitrary: fc.record({ item, loc, q: fc.integer({ min: -8, max: 8 }) }).map((x): Row => ({ date: '', type: 'Adjust', item: x.item, qty: x.q, location: x.loc })) },
  { weight: 1, arbitrary: fc.record({ item, loc, q: fc.integer({ min: 0, max: 30 }) }).map((x): Row => ({ date: '', type: 'Count', item: x.item, qty: x.q, location: x.loc })) },
  { weight: 1, arbitrary: fc.record({ item, loc, q: fc.integer({ min: 1, max: 5 }) }).map((x): Row => ({ date: '', type: 'CustomerReturn', item: x.item, qty: x.q, location: x.loc, order: 'SO1', unitPrice: 9 })) },
  { weight: 1, arbitrary: fc.record({ item, q: fc.integer({ min: 1, max: 30 }), a: fc.integer({ min: 1, max: 200000 }), po: fc.constantFrom('PO1', 'PO2') }).map((x): Row => ({ date: '', type: 'Bill', item: x.item, qty: x.q, amount: x.a / 100, order: x.po })) },
  { weight: 1, arbitrary: fc.record({ loc, q: fc.integer({ min: 1, max: 5 }) }).map((x): Row => ({ date: '', type: 'Build', item: 'KIT', qty: x.q, location: x.loc })) },
);

// ClosedThrough is the end of January or of February; about a third of the rows are entered late.
const CLOSES = [d('2026-01-31'), d('2026-02-28')];
const streamArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 89 }), fc.option(fc.integer({ min: 0, max: 40 }), { freq: 2 }), rowArb), { minLength: 1, maxLength: 40 })
  .chain((xs) =>
    fc.constantFrom(...CLOSES).map((ct) => ({
      ct,
      rows: xs.map(([day, lateBy, r]): Row => {
        const date = iso(day);
        // Entered after the close when late (a back-dated row if it is dated in a closed period).
        return lateBy === null ? { ...r, date } : { ...r, date, entered: Math.max(d(date), ct + 1 + lateBy) };
      }),
    })),
  );

const settingsArb = fc.record({
  method: fc.constantFrom<Method>('FIFO', 'LIFO', 'AVERAGE', 'STANDARD', 'LAST'),
  taxMethod: fc.constantFrom<Method>('FIFO', 'LIFO', 'AVERAGE'),
  costPool: fc.constantFrom<'Location' | 'Company'>('Location', 'Company'),
  negativeStock: fc.constantFrom<'Block' | 'Allow'>('Block', 'Allow'),
  cogsTiming: fc.constantFrom<'Shipment' | 'Invoice'>('Shipment', 'Invoice'),
  // Quarter: the first open period begins before ClosedThrough (closed monthly, reported quarterly).
  period: fc.constantFrom<'Month' | 'Quarter'>('Month', 'Month', 'Quarter'),
});

const landedArb = fc.option(fc.record({ day: fc.integer({ min: 0, max: 89 }), a: fc.integer({ min: 100, max: 90000 }), po: fc.constantFrom('PO1', 'PO2') }), { freq: 2 });

/** Stock ledger rows through a date as decimal text (the two runs may hold values at different scales). */
function ledgerText(r: EngineResult, rows: readonly LedgerRow[], through: number): string[] {
  const s = r.prepared.scales;
  const q = (x: N.Fixed): string => N.toPlainString(x, s.q);
  const v = (x: N.Fixed): string => N.toPlainString(x, s.v);
  return rows.filter((x) => x.date <= through).map((x) => `${x.date} ${x.type} ${x.item} ${x.location} ${q(x.qtyIn)} ${q(x.qtyOut)} ${q(x.qtyAfter)} ${v(x.valueIn)} ${v(x.valueOut)} ${v(x.valueAfter)} ${x.source.row}`);
}

test('closed periods: open dates equal the recomputation, closed dates equal the run at the close', () => {
  fc.assert(
    fc.property(streamArb, settingsArb, landedArb, ({ ct, rows }, settings, landed) => {
      const book: Book = {
        settings: { ...settings, closedThrough: ct },
        locations: [
          { code: 'Main', kind: 'Normal' },
          { code: 'North', kind: 'Normal', stockAccount: '1410' },
        ],
        accounts: [{ code: '1410', name: 'Inventory North', type: 'Asset' }],
        items: [
          { code: 'A', kind: 'Stock', batchTracked: false, standardCost: 10 },
          { code: 'B', kind: 'Stock', batchTracked: false, standardCost: 20 },
          { code: 'KIT', kind: 'Stock', batchTracked: false, standardCost: 50 },
        ],
        kits: [
          { parent: 'KIT', component: 'A', qty: 2, source: { table: 'Kits', row: 2 } },
          { parent: 'KIT', component: 'B', qty: 1, source: { table: 'Kits', row: 3 } },
        ],
        landedCosts: landed === null ? [] : [{ date: iso(landed.day), doc: 'LC1', appliesTo: landed.po, amount: landed.a / 100, basis: 'Value' }],
        rows,
      };
      const inputs = inputsOf(book);
      const r = runWithCatchUp(inputs);
      const full = runEngine(inputs);
      const atClose = runEngine(knownAtClose(inputs, ct));

      // Every entry balances, the catch-up's included.
      expect(unbalanced(r.journal.lines.toArray())).toEqual([]);
      // Closed periods: what the run at the close showed, line for line.
      expect(linesThrough(r.journal.lines.toArray(), ct)).toEqual(linesThrough(atClose.journal.lines.toArray(), ct));
      expect(ledgerText(r, r.valuation.ledger.toArray(), ct)).toEqual(ledgerText(atClose, atClose.valuation.ledger.toArray(), ct));
      expect(linesThrough(r.tax?.journal.lines.toArray() ?? [], ct)).toEqual(linesThrough(atClose.tax?.journal.lines.toArray() ?? [], ct));
      // Open dates: the recomputation's balances, per account, item and location; the stock ledger's values after.
      const last = Math.max(ct + 1, ...full.journal.lines.toArray().map((l) => l.date), ...full.valuation.ledger.toArray().map((x) => x.date));
      const openDates = new Set<number>([ct + 1, last, ...full.journal.lines.toArray().map((l) => l.date).filter((x) => x > ct)]);
      for (const t of openDates) {
        expect(netThrough(r.journal.lines.toArray(), t)).toEqual(netThrough(full.journal.lines.toArray(), t));
        expect(netThrough(r.tax?.journal.lines.toArray() ?? [], t)).toEqual(netThrough(full.tax?.journal.lines.toArray() ?? [], t));
      }
      const after = (res: EngineResult, rowsOf: readonly LedgerRow[]): Map<string, string> => {
        const m = new Map<string, string>();
        for (const x of rowsOf) m.set(`${x.item}|${inputs.settings.costPool === 'Company' ? '*' : x.location}`, `${N.toPlainString(x.qtyAfter, res.prepared.scales.q)} ${N.toPlainString(x.valueAfter, res.prepared.scales.v)}`);
        // A pool only ever touched by rows that moved nothing (Adjust 0 entered late) has no catch-up row.
        for (const [k, x] of m) if (x === '0 0') m.delete(k);
        return m;
      };
      expect(after(r, r.valuation.ledger.toArray())).toEqual(after(full, full.valuation.ledger.toArray()));
      expect(r.accounts).toEqual(full.accounts);
      expect(r.totals).toEqual(full.totals);

      // Periodic comparison: closed periods as at the close; the total periodic COGS as recomputed.
      const stitched = comparePeriodsWithClose(r);
      const reference = comparePeriods(atClose);
      for (const c of stitched.filter((x) => x.end <= ct)) {
        const ref = reference.find((x) => x.period === c.period);
        if (ref === undefined) continue;
        expect([c.revenue, c.perpetual, c.periodic]).toEqual([ref.revenue, ref.perpetual, ref.periodic]);
      }
      // Open periods: the perpetual side as the posted journal shows it (what comparePeriods reads from it).
      const posted = comparePeriods({ ...r, valuation: { ...r.valuation, ledger: full.valuation.ledger } });
      for (const c of stitched.filter((x) => x.end > ct)) {
        const ref = posted.find((x) => x.period === c.period);
        if (ref !== undefined) expect([c.revenue, c.perpetual, c.explanation.timing]).toEqual([ref.revenue, ref.perpetual, ref.explanation.timing]);
      }
      const recomputed = comparePeriods(full);
      const total = (cs: typeof stitched): N.Fixed => N.sum(cs.map((c) => c.periodic.cogs));
      if (stitched.length > 0) expect(String(total(stitched))).toBe(String(total(recomputed)));
      for (const c of stitched) expect(String(N.sum([c.explanation.shrinkage, c.explanation.methodEffect, c.explanation.timing, c.explanation.other]))).toBe(String(c.difference));
    }),
    { numRuns: 150, seed: 16 },
  );
});
