/**
 * SPEC 4: a CustomerReturn comes back at the cost its shipment finally carried, including bill
 * differences and landed costs that reached that shipment's COGS afterwards; that COGS reverses with
 * it. Layered methods (FIFO, LIFO); AVERAGE pools cannot tell whose units left (not covered yet).
 */
import fc from 'fast-check';
import type { Method } from '../../src/engine/types';
import * as N from '../../src/engine/num';
import { itemOf, run, unbalancedEntries, type Book, type Row } from './support';

function book(method: Method, recQty: number, cost: number, ships: number[], billCents: number, landedCents: number, returnAll: boolean): Book {
  const rows: Row[] = [{ date: '2026-01-02', type: 'Receipt', item: 'A', qty: recQty, unitCost: cost / 1000, order: 'PO1', doc: 'R1' }];
  ships.forEach((q, i) => rows.push({ date: '2026-01-03', type: 'Sale', item: 'A', qty: q, unitPrice: 20, order: `SO${i}` }));
  rows.push({ date: '2026-01-05', type: 'Bill', item: 'A', amount: billCents / 100, order: 'PO1', doc: 'B1' });
  if (returnAll) ships.forEach((q, i) => rows.push({ date: '2026-01-09', type: 'CustomerReturn', item: 'A', qty: q, unitPrice: 20, order: `SO${i}` }));
  return {
    settings: { method },
    items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 1 }],
    rows,
    landedCosts: landedCents === 0 ? [] : [{ date: '2026-01-07', doc: 'LC1', appliesTo: 'PO1', amount: landedCents / 100, basis: 'Value' }],
  };
}

describe('CustomerReturn at the shipment\'s final cost (SPEC 4)', () => {
  test('shipping everything, a bill difference and a landed cost, then returning every shipment: the stock ledger gets every cent back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: -500, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom<Method>('FIFO', 'LIFO'),
        (ships, extra, cost, diffCents, landedCents, method) => {
          const recQty = ships.reduce((a, b) => a + b, 0) + extra;
          const billCents = Math.round(recQty * cost / 10) + diffCents;
          fc.pre(billCents > 0);
          const r = run(book(method, recQty, cost, ships, billCents, landedCents, true));
          // Every unit is back, so the stock ledger holds exactly (value scale) the billed cost plus
          // the landed cost: each return brought back all that its shipment's COGS received.
          let after: N.Fixed = 0;
          for (const x of r.valuation.ledger) after = x.valueAfter;
          const s = r.prepared.scales;
          expect(N.toDecimalString(after, s.v)).toBe(N.toDecimalString(N.mul(N.pow10Fixed(s.v - s.p), billCents + landedCents), s.v));
          expect(unbalancedEntries(r)).toEqual([]);
          // And the journal: with every unit back, nothing is left in COGS, not even a cent.
          expect(itemOf(r, 'A').cogs).toBe('0.00');
        },
      ),
      { numRuns: 80, seed: 1161 },
    );
  });

  test('hand example: receipt 10 @ 5.00, ship 4 under SO1, bill 52.00, return 2 under SO1 at 10.40', () => {
    // Bill difference 2.00 over 10 units: 1.20 raises the 6 on hand, 0.80 is COGS for SO1's 4 units.
    // SO1 carried 20.00 + 0.80 = 20.80; 2 of its 4 units come back at 10.40, and COGS falls by 10.40:
    // 20.80 - 10.40 = 10.40 left. Stock: 30.00 + 1.20 + 10.40 = 41.60.
    const r = run({
      items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 1 }],
      rows: [
        { date: '2026-01-02', type: 'Receipt', item: 'A', qty: 10, unitCost: 5, order: 'PO1', doc: 'R1' },
        { date: '2026-01-03', type: 'Sale', item: 'A', qty: 4, unitPrice: 20, order: 'SO1' },
        { date: '2026-01-05', type: 'Bill', item: 'A', amount: 52, order: 'PO1', doc: 'B1' },
        { date: '2026-01-09', type: 'CustomerReturn', item: 'A', qty: 2, unitPrice: 20, order: 'SO1' },
      ],
    });
    expect(itemOf(r, 'A').cogs).toBe('10.40');
    expect(itemOf(r, 'A').value).toBe('41.60');
    expect(unbalancedEntries(r)).toEqual([]);
  });
});
