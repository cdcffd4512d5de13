/**
 * SPEC 4: CostPool=Company across locations on different stock accounts - each stock account equals
 * the value of the stock at its locations (qty there x the pool's unit cost) after every movement; a
 * location with no stock has nothing on its account; rate changes post a reclass entry.
 *
 * The oracle is independent of the engine's allocation: for each account, qty at its locations x
 * pool value / pool qty (an exact fraction, from the stock ledger's own rows), which the posted
 * balance must match to half a cent; an account whose locations hold nothing must be exactly zero.
 * Streams of receipts (cents and tenths of a cent), shipments, transfers, bills, customer returns and
 * adjustments, negative stock blocked: with it allowed, a location short of stock carries nothing
 * and the pool's value goes to the locations with stock, which a qty x rate oracle cannot express.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import * as N from '../../src/engine/num';
import type { Account, Method } from '../../src/engine/types';
import { run, unbalancedEntries, type Book, type Row } from './support';

const LOCS = ['North', 'South', 'East'];
const loc = (i: number): string => LOCS[i % 3] as string;
const iso = (day: number): string => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);

const rowArb: fc.Arbitrary<Row> = fc.oneof(
  fc.record({ l: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 1, max: 20 }), c: fc.integer({ min: 1, max: 9999 }) }).map((x): Row => ({ date: '', type: 'Receipt', item: 'A', qty: x.q, unitCost: x.c / 1000, location: loc(x.l) })),
  fc.record({ l: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 1, max: 8 }) }).map((x): Row => ({ date: '', type: 'Shipment', item: 'A', qty: x.q, location: loc(x.l) })),
  fc.record({ l: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 1, max: 8 }) }).map((x): Row => ({ date: '', type: 'Transfer', item: 'A', qty: x.q, location: loc(x.l), toLocation: loc(x.l + 1 + (x.t % 2)) })),
  fc.record({ l: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 9999 }) }).map((x): Row => ({ date: '', type: 'Receipt', item: 'A', qty: x.q, unitCost: x.c / 1000, location: loc(x.l), order: 'PO9', doc: 'R9' })),
  fc.integer({ min: 1, max: 99999 }).map((c): Row => ({ date: '', type: 'Bill', item: 'A', amount: c / 100, order: 'PO9', doc: 'B9' })),
  fc.record({ l: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 1, max: 3 }) }).map((x): Row => ({ date: '', type: 'CustomerReturn', item: 'A', qty: x.q, location: loc(x.l), unitCost: 1.5 })),
  fc.record({ l: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: -3, max: 3 }) }).map((x): Row => ({ date: '', type: 'Adjust', item: 'A', qty: x.q, location: loc(x.l), unitCost: 2.25 })),
);

function book(method: Method, rows: Row[]): Book {
  return {
    settings: { costPool: 'Company', method },
    accounts: [
      { code: '1400', name: 'Inventory', type: 'Asset', role: 'Inventory' },
      { code: '1410', name: 'Inventory South', type: 'Asset' },
    ] as Account[],
    locations: [
      { code: 'North', kind: 'Normal' },
      { code: 'South', kind: 'Normal', stockAccount: '1410' },
      { code: 'East', kind: 'Normal' },
    ],
    rows: rows.map((r, i) => ({ ...r, date: iso(i) })),
  };
}

describe('CostPool=Company over stock accounts (SPEC 4)', () => {
  test('after every movement each stock account holds the stock at its locations', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 25 }), fc.constantFrom<Method>('FIFO', 'AVERAGE', 'LIFO'), (rows, method) => {
        const r = run(book(method, rows));
        expect(unbalancedEntries(r)).toEqual([]);
        const s = r.prepared.scales;
        const accountOf = (loc: string): string => (loc === 'South' ? '1410' : r.prepared.chart.role('Inventory'));
        // Replay in date order: the stock ledger gives qty per location and the pool's value; the
        // journal gives each account's balance at the end of each day (one movement a day).
        const qtyAt = new Map<string, Decimal>();
        const gl = new Map<string, Decimal>();
        const lines = r.journal.lines.toArray();
        let li = 0;
        let pool = { qty: new Decimal(0), value: new Decimal(0) };
        const ledger = [...r.valuation.ledger];
        for (let day = 0; day < rows.length; day++) {
          const date = ledger.length > 0 ? r.prepared.movements.find((m) => m.seq === day)?.date : undefined;
          if (date === undefined) continue;
          for (const x of ledger) {
            if (x.date !== date) continue;
            qtyAt.set(x.location, (qtyAt.get(x.location) ?? new Decimal(0)).plus(N.toDecimal(x.qtyIn, s.q)).minus(N.toDecimal(x.qtyOut, s.q)));
            pool = { qty: N.toDecimal(x.qtyAfter, s.q), value: N.toDecimal(x.valueAfter, s.v) };
          }
          while (li < lines.length && (lines[li] as { date: number }).date <= date) {
            const l = lines[li++] as { account: string; amount: N.Fixed };
            gl.set(l.account, (gl.get(l.account) ?? new Decimal(0)).plus(N.toDecimal(l.amount, s.p)));
          }
          for (const account of ['1400', '1410']) {
            const q = LOCS.filter((l) => accountOf(l) === account).reduce((acc, l) => acc.plus(qtyAt.get(l) ?? 0), new Decimal(0));
            const balance = gl.get(account) ?? new Decimal(0);
            if (q.isZero()) expect(balance.toFixed(2)).toBe('0.00');
            else {
              const want = pool.qty.isZero() ? new Decimal(0) : q.times(pool.value).div(pool.qty);
              expect(balance.minus(want).abs().lte('0.005')).toBe(true);
            }
          }
        }
      }),
      { numRuns: 150, seed: 1170 },
    );
  });

  test('hand example: 10 @ 10 at North, 10 @ 20 at South, ship 10 from North: North 0, South 150, a 50 reclass', () => {
    const r = run(book('AVERAGE', [
      { date: '', type: 'Receipt', item: 'A', qty: 10, unitCost: 10, location: 'North' },
      { date: '', type: 'Receipt', item: 'A', qty: 10, unitCost: 20, location: 'South' },
      { date: '', type: 'Shipment', item: 'A', qty: 10, location: 'North' },
    ]));
    const balance = (code: string): string => N.toDecimalString(r.journal.lines.toArray().filter((l) => l.account === code).reduce<N.Fixed>((a, l) => N.add(a, l.amount), 0), r.prepared.scales.p);
    expect(balance('1400')).toBe('0.00');
    expect(balance('1410')).toBe('150.00');
  });
});
