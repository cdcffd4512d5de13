/**
 * Conservation laws over random movement streams (fast-check, fixed seed, bounded runs):
 * every entry balances; the trial balance sums to zero; each stock account equals the stock ledger;
 * a pool at zero quantity has zero value; quantities are conserved; the stock ledger adds up;
 * results for an item do not depend on how other items' movements interleave; and an independent
 * reference FIFO/LIFO (decimal.js, written separately) agrees with the engine to the cent.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { isoPlus } from '../helpers/dates';
import type { Method, MovementType } from '../../src/engine/types';
import { itemOf, money, run, stockAccountsVsLedger, unbalancedEntries, type Book, type Row } from './support';

const ITEMS = ['A', 'B', 'C'];
const LOCS = ['Main', 'North'];
const iso = (day: number): string => isoPlus('2026-01-01', day);

const cost = fc.integer({ min: 1, max: 50000 }).map((c) => c / 100);
const qtyArb = fc.integer({ min: 1, max: 40 });

const rowArb: fc.Arbitrary<Row> = fc.oneof(
  fc.record({ kind: fc.constant('Receipt'), item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: qtyArb, c: cost, order: fc.constantFrom('PO1', 'PO2', 'PO3') }).map(
    (x): Row => ({ date: '', type: 'Receipt', item: x.item, qty: x.q, unitCost: x.c, location: x.loc, order: x.order, doc: 'R-' + x.order }),
  ),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: qtyArb }).map((x): Row => ({ date: '', type: 'Shipment', item: x.item, qty: x.q, location: x.loc, order: 'SO1' })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: qtyArb, p: cost }).map((x): Row => ({ date: '', type: 'Sale', item: x.item, qty: x.q, unitPrice: x.p, location: x.loc })),
  fc.record({ item: fc.constantFrom(...ITEMS), from: fc.constantFrom(...LOCS), q: qtyArb }).map(
    (x): Row => ({ date: '', type: 'Transfer', item: x.item, qty: x.q, location: x.from, toLocation: x.from === 'Main' ? 'North' : 'Main' }),
  ),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: fc.integer({ min: -10, max: 10 }) }).map((x): Row => ({ date: '', type: 'Adjust', item: x.item, qty: x.q, location: x.loc })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: fc.integer({ min: 0, max: 30 }) }).map((x): Row => ({ date: '', type: 'Count', item: x.item, qty: x.q, location: x.loc })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), c: cost }).map((x): Row => ({ date: '', type: 'Revalue', item: x.item, unitCost: x.c, location: x.loc })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: qtyArb }).map((x): Row => ({ date: '', type: 'Consume', item: x.item, qty: x.q, location: x.loc })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: fc.integer({ min: 1, max: 5 }) }).map((x): Row => ({ date: '', type: 'CustomerReturn', item: x.item, qty: x.q, location: x.loc, order: 'SO1', unitPrice: 7 })),
  fc.record({ item: fc.constantFrom(...ITEMS), loc: fc.constantFrom(...LOCS), q: fc.integer({ min: 1, max: 5 }), order: fc.constantFrom('PO1', 'PO2') }).map(
    (x): Row => ({ date: '', type: 'SupplierReturn', item: x.item, qty: x.q, location: x.loc, order: x.order }),
  ),
  fc.record({ item: fc.constantFrom(...ITEMS), q: fc.integer({ min: 1, max: 30 }), a: fc.integer({ min: 1, max: 200000 }), order: fc.constantFrom('PO1', 'PO2', 'PO3') }).map(
    (x): Row => ({ date: '', type: 'Bill', item: x.item, qty: x.q, amount: x.a / 100, order: x.order }),
  ),
  fc.record({ item: fc.constantFrom(...ITEMS), q: qtyArb, p: cost }).map((x): Row => ({ date: '', type: 'Invoice', item: x.item, qty: x.q, unitPrice: x.p, order: 'SO1' })),
);

const streamArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 60 }), rowArb), { minLength: 1, maxLength: 60 })
  .map((xs) => xs.map(([day, r]) => ({ ...r, date: iso(day) })));

const settingsArb = fc.record({
  method: fc.constantFrom<Method>('FIFO', 'LIFO', 'AVERAGE', 'STANDARD', 'LAST'),
  negativeStock: fc.constantFrom<'Block' | 'Allow'>('Block', 'Allow'),
  cogsTiming: fc.constantFrom<'Shipment' | 'Invoice'>('Shipment', 'Invoice'),
});

const bookOf = (rows: Row[], settings: { method: Method; negativeStock: 'Block' | 'Allow'; cogsTiming: 'Shipment' | 'Invoice' }): Book => ({
  settings,
  locations: [
    { code: 'Main', kind: 'Normal' },
    { code: 'North', kind: 'Normal', stockAccount: '1410' },
  ],
  accounts: [
    { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
    { code: '1410', name: 'Inventory North', type: 'Asset' },
  ],
  items: ITEMS.map((code) => ({ code, kind: 'Stock' as const, batchTracked: false, standardCost: 12.34 })),
  rows,
});

const params = { seed: 20261122, numRuns: 60, endOnFailure: true };

describe('conservation laws on random streams of every movement type', () => {
  test('entries balance, trial balance is zero, stock accounts equal the stock ledger, empty pools are worth zero', () => {
    fc.assert(
      fc.property(streamArb, settingsArb, (rows, settings) => {
        const r = run(bookOf(rows, settings));
        expect(unbalancedEntries(r)).toEqual([]);
        expect(N.toDecimalString(N.sub(r.totals.debits, r.totals.credits), 2)).toBe('0.00');
        for (const a of stockAccountsVsLedger(r)) expect(a.gl).toBe(a.subledger);
        for (const p of r.valuation.pools) if (N.isZero(p.qty)) expect(p.value).toBe(0);
        // Stock Received Not Billed per receipt: fully billed receipts leave nothing behind.
        for (const rec of r.valuation.receipts) {
          const v = r.journal.receiptRunning[rec.seq] ?? 0;
          if (N.cmp(N.add(rec.billedQty, rec.returnedQty), rec.qty) === 0 && N.isZero(N.sub(rec.value, rec.clearedValue))) expect(v).toBe(0);
        }
      }),
      params,
    );
  });

  test('quantity is conserved and every stock-ledger row adds up (value after = before + in - out)', () => {
    fc.assert(
      fc.property(streamArb, settingsArb, (rows, settings) => {
        const r = run(bookOf(rows, settings));
        const lastQty = new Map<string, N.Fixed>();
        const lastVal = new Map<string, N.Fixed>();
        for (const row of r.valuation.ledger.toArray()) {
          const key = row.item + '|' + row.location;
          const q0 = lastQty.get(key) ?? 0;
          const v0 = lastVal.get(key) ?? 0;
          expect(N.add(N.sub(q0, row.qtyOut), row.qtyIn)).toBe(row.qtyAfter);
          expect(N.sub(N.add(v0, row.valueIn), row.valueOut)).toBe(row.valueAfter);
          lastQty.set(key, row.qtyAfter);
          lastVal.set(key, row.valueAfter);
        }
        for (const p of r.valuation.pools) {
          const k = p.item + '|' + p.location;
          expect(lastQty.get(k) ?? 0).toBe(p.qty);
          expect(lastVal.get(k) ?? 0).toBe(p.value);
        }
      }),
      params,
    );
  });

  test('per item: value received = COGS + adjustments + other issues + closing value, exactly', () => {
    fc.assert(
      fc.property(streamArb, settingsArb, (rows, settings) => {
        const r = run(bookOf(rows, settings));
        const { v, p } = r.prepared.scales;
        const stock = new Set(['1400', '1410']);
        for (const item of ITEMS) {
          // The stock ledger's own account of the item: what came in less what went out is what is left
          // in its pools (exact, at value scale).
          let valueIn: N.Fixed = 0;
          let valueOut: N.Fixed = 0;
          for (const row of r.valuation.ledger.toArray()) {
            if (row.item !== item) continue;
            valueIn = N.add(valueIn, row.valueIn);
            valueOut = N.add(valueOut, row.valueOut);
          }
          const pools = r.valuation.pools.filter((x) => x.item === item);
          const closingExact = pools.reduce<N.Fixed>((acc, x) => N.add(acc, x.value), 0);
          expect(N.sub(valueIn, valueOut)).toBe(closingExact);
          // The journal, a separate record: the item's stock legs carry each pool's value rounded
          // once to the cent, and every one of them has its counter-leg (COGS, adjustments, SRNB,
          // PPV, equity...) on the same item, so those sum to the same amount with the sign flipped.
          let intoStock: N.Fixed = 0;
          let elsewhere: N.Fixed = 0;
          for (const l of r.journal.lines.toArray()) {
            if (l.item !== item) continue;
            if (stock.has(l.account)) intoStock = N.add(intoStock, l.amount);
            else elsewhere = N.add(elsewhere, l.amount);
          }
          const subledger = pools.reduce<N.Fixed>((acc, x) => N.add(acc, N.rescale(x.value, v, p)), 0);
          expect(money(r, intoStock)).toBe(money(r, subledger));
          expect(money(r, N.neg(elsewhere))).toBe(money(r, intoStock));
        }
      }),
      params,
    );
  });

  test("an item's results do not depend on how other items' movements interleave", () => {
    let compared = 0;
    fc.assert(
      fc.property(streamArb, settingsArb, (rows, settings) => {
        const only = rows.filter((x) => x.item === 'A');
        fc.pre(only.length > 0);
        const full = run(bookOf(rows, { ...settings, cogsTiming: 'Shipment' }));
        const alone = run(bookOf(only, { ...settings, cogsTiming: 'Shipment' }));
        const summary = (r: typeof full): unknown => (r.items.some((i) => i.item === 'A') ? itemOf(r, 'A') : 'A not in the summary');
        const ledger = (r: typeof full): unknown[] =>
          r.valuation.ledger.toArray().filter((x) => x.item === 'A').map((x) => [x.type, x.location, x.qtyIn, x.qtyOut, x.qtyAfter, x.valueIn, x.valueOut, x.valueAfter]);
        expect(summary(full)).toEqual(summary(alone));
        expect(ledger(full)).toEqual(ledger(alone));
        if (r0(full)) compared++;
      }),
      params,
    );
    // Most streams value something of A, so the comparison above is not between two empty results.
    expect(compared).toBeGreaterThan(params.numRuns / 2);
  });

});

/** A run in which item A was valued (it has stock-ledger rows). */
function r0(r: ReturnType<typeof run>): boolean {
  return r.valuation.ledger.toArray().some((x) => x.item === 'A');
}

/** An independent FIFO/LIFO over receipts and shipments, written without the engine's code. */
function reference(rows: { type: MovementType; qty: number; unitCost?: number }[], lifo: boolean): { cogs: string; closing: string } {
  const layers: { q: Decimal; c: Decimal }[] = [];
  let cogs = new Decimal(0);
  for (const r of rows) {
    if (r.type === 'Receipt') layers.push({ q: new Decimal(r.qty), c: new Decimal(r.unitCost ?? 0) });
    else {
      let need = new Decimal(r.qty);
      while (need.gt(0)) {
        const layer = lifo ? layers[layers.length - 1] : layers[0];
        if (!layer) throw new Error('short');
        const t = Decimal.min(need, layer.q);
        cogs = cogs.plus(t.times(layer.c));
        layer.q = layer.q.minus(t);
        need = need.minus(t);
        if (layer.q.isZero()) (lifo ? layers.pop() : layers.shift());
      }
    }
  }
  const closing = layers.reduce((s, l) => s.plus(l.q.times(l.c)), new Decimal(0));
  return { cogs: cogs.toFixed(3), closing: closing.toFixed(3) };
}

describe('independent reference FIFO and LIFO agree to the cent', () => {
  test.each([['FIFO'], ['LIFO']] as const)('%s on random streams of thousands of movements', (method) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 99999 })), { minLength: 1000, maxLength: 3000 }), (spec) => {
        let onHand = 0;
        const rows: { date: string; type: MovementType; item: string; qty: number; unitCost?: number }[] = [];
        spec.forEach(([receive, q, c], i) => {
          const date = iso(Math.floor(i / 10));
          if (receive || onHand < q) {
            rows.push({ date, type: 'Receipt', item: 'X', qty: q, unitCost: c / 1000 });
            onHand += q;
          } else {
            rows.push({ date, type: 'Shipment', item: 'X', qty: q });
            onHand -= q;
          }
        });
        const r = run({ settings: { method }, rows });
        const ref = reference(rows, method === 'LIFO');
        const s = r.prepared.scales;
        // Exact valuation (costs have three decimals): the sum of issue costs and the closing pool value.
        let cogs: N.Fixed = 0;
        for (const m of r.prepared.movements) cogs = N.add(cogs, r.valuation.issueCost.get(m.seq) ?? 0);
        const closing = r.valuation.pools.reduce<N.Fixed>((acc, p) => N.add(acc, p.value), 0);
        expect({ cogs: N.toDecimalString(N.rescale(cogs, s.v, 3), 3), closing: N.toDecimalString(N.rescale(closing, s.v, 3), 3) }).toEqual(ref);
        // And what is posted: the stock account carries the closing value rounded once, to the cent.
        expect(itemOf(r, 'X').value).toBe(new Decimal(ref.closing).toFixed(2));
      }),
      { seed: 7, numRuns: 5, endOnFailure: true },
    );
  });
});
