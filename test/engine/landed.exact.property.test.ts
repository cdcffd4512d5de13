/**
 * Landed costs and later costs post exactly what was charged (SPEC 4): a landed cost credits its
 * counter account (Expenses Included in Valuation by default) with exactly the charge in base
 * currency, to the cent, however its share splits between stock still on hand (on layers anywhere)
 * and COGS for units already gone, and whatever sub-cent values the pools carry.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import type { Method } from '../../src/engine/types';
import { run, unbalancedEntries, stockAccountsVsLedger, type Book } from './support';

const methods: Method[] = ['FIFO', 'LIFO', 'AVERAGE', 'LAST', 'STANDARD'];

function sumOf(r: ReturnType<typeof run>, account: string, kind?: string): N.Fixed {
  let s: N.Fixed = 0;
  for (const l of r.journal.lines.toArray()) if (l.account === account && (kind === undefined || l.kind === kind)) s = N.add(s, l.amount);
  return s;
}

describe('a landed cost credits exactly its charge (SPEC 4)', () => {
  test('over receipts at sub-cent costs, partly shipped and transferred, any basis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qty: fc.integer({ min: 1, max: 40 }), mills: fc.integer({ min: 1, max: 99_999 }) }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.constantFrom<Method>(...methods),
        fc.constantFrom('Value', 'Qty', 'Equal'),
        fc.boolean(),
        (receipts, ships, chargeCents, method, basis, transfer) => {
          const rows: Book['rows'] = [];
          receipts.forEach((rc, i) => rows.push({ date: '2026-01-0' + (1 + (i % 3)), type: 'Receipt', item: i % 2 === 0 ? 'A' : 'B', qty: rc.qty, unitCost: rc.mills / 1000, doc: 'R' + i, order: 'PO1' }));
          let onA = receipts.filter((_, i) => i % 2 === 0).reduce((s, x) => s + x.qty, 0);
          if (transfer && onA > 1) {
            rows.push({ date: '2026-01-04', type: 'Transfer', item: 'A', qty: 1, location: 'Main', toLocation: 'WH2' });
            onA -= 1;
          }
          for (const q of ships) {
            if (q > onA) continue;
            rows.push({ date: '2026-01-05', type: 'Shipment', item: 'A', qty: q, unitPrice: 9, location: 'Main' });
            onA -= q;
          }
          const book: Book = {
            settings: { method },
            items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 1.234 }, { code: 'B', kind: 'Stock', batchTracked: false, standardCost: 2.5 }],
            rows,
            landedCosts: [{ date: '2026-01-06', doc: 'LC1', appliesTo: 'PO1', amount: chargeCents / 100, basis: basis as 'Value' }],
          };
          const r = run(book);
          expect(unbalancedEntries(r)).toEqual([]);
          const eiv = r.prepared.chart.role('ExpensesIncludedInValuation');
          const s = r.prepared.scales;
          expect(N.toDecimalString(sumOf(r, eiv), s.p)).toBe(N.toDecimalString(N.neg(N.fromNumber(chargeCents / 100, s.p)), s.p));
          // ... with no rounding line: stock, COGS and the counter account take whole cents each.
          expect(N.isZero(sumOf(r, r.prepared.chart.role('Rounding'), 'LandedCost'))).toBe(true);
          for (const row of stockAccountsVsLedger(r)) expect(row.gl).toBe(row.subledger);
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
  test('hand example: 2 units at 0.001, one moved to WH2, a 0.01 charge: Inventory 0.01, EIV credited 0.01 (not 0.02)', () => {
    const r = run({
      rows: [
        { date: '2026-01-01', type: 'Receipt', item: 'A', qty: 2, unitCost: 0.001, doc: 'R1', order: 'PO1' },
        { date: '2026-01-02', type: 'Transfer', item: 'A', qty: 1, location: 'Main', toLocation: 'WH2' },
      ],
      landedCosts: [{ date: '2026-01-03', doc: 'LC1', appliesTo: 'PO1', amount: 0.01, basis: 'Value' }],
    });
    const s = r.prepared.scales;
    const lines = r.journal.lines.toArray().filter((l) => l.kind === 'LandedCost').map((l) => `${l.account} ${N.toDecimalString(l.amount, s.p)}`);
    expect(lines).toEqual([`${r.prepared.chart.role('Inventory')} 0.01`, `${r.prepared.chart.role('ExpensesIncludedInValuation')} -0.01`]);
  });
  test('units of a receipt that settled negative stock were already gone: their share of a landed cost is COGS', () => {
    // Ship 4 with nothing on hand (allowed), then receive 10 @ 5.00: 4 settle the shortfall, 6 stay.
    // A 10.00 landed cost on the receipt: 6.00 raises the 6 on hand, 4.00 goes to COGS.
    const r = run({
      settings: { negativeStock: 'Allow' },
      items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 5 }],
      rows: [
        { date: '2026-01-01', type: 'Shipment', item: 'A', qty: 4 },
        { date: '2026-01-02', type: 'Receipt', item: 'A', qty: 10, unitCost: 5, doc: 'R1', order: 'PO1' },
      ],
      landedCosts: [{ date: '2026-01-03', doc: 'LC1', appliesTo: 'PO1', amount: 10, basis: 'Value' }],
    });
    const s = r.prepared.scales;
    const chart = r.prepared.chart;
    expect(N.toDecimalString(sumOf(r, chart.role('Inventory'), 'LandedCost'), s.p)).toBe('6.00');
    expect(N.toDecimalString(sumOf(r, chart.role('CostOfGoodsSold'), 'LandedCost'), s.p)).toBe('4.00');
  });
});
