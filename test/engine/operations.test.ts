/**
 * The operational reports' rules (src/engine/operations.ts), by hand: the three-way match's
 * tolerance, and absorption per period.
 */
import * as N from '../../src/engine/num';
import { absorption, PCT_SCALE, threeWayMatch } from '../../src/engine/operations';
import { run, type Book } from './support';

function matchBook(tolerance: number, billAmount: number): Book {
  return {
    settings: { matchTolerancePct: tolerance },
    rows: [
      { date: '2026-01-01', type: 'PurchaseOrder', item: 'A', qty: 10, unitCost: 5, order: 'PO1' },
      { date: '2026-01-05', type: 'Receipt', item: 'A', qty: 10, unitCost: 5, order: 'PO1', doc: 'R1' },
      { date: '2026-01-09', type: 'Bill', item: 'A', qty: 10, amount: billAmount, order: 'PO1', doc: 'B1' },
    ],
  };
}

describe('three-way match', () => {
  test('PO 10 @ 5.00, received 10, billed 52.50: price +5%, a finding at 2%, matched at 5%', () => {
    const strict = threeWayMatch(run(matchBook(2, 52.5)));
    expect(strict).toHaveLength(1);
    const line = strict[0]!;
    expect(N.toDecimalString(line.pricePct as N.Fixed, PCT_SCALE)).toBe('0.050000');
    expect(N.toDecimalString(line.qtyRecPct as N.Fixed, PCT_SCALE)).toBe('0.000000');
    expect(line.findings).toEqual(['billed price differs from PO']);
    expect(threeWayMatch(run(matchBook(5, 52.5)))[0]!.findings).toEqual([]);
  });

  test('received but not billed', () => {
    const r = run({ rows: [matchBook(2, 50).rows[0]!, matchBook(2, 50).rows[1]!] });
    expect(threeWayMatch(r)[0]!.findings).toEqual(['not billed yet']);
  });
});

describe('absorption variance', () => {
  test('builds credit the absorbed account per period; a bill to it is the actual', () => {
    const r = run({
      items: [{ code: 'KIT', kind: 'Kit', batchTracked: false }],
      kits: [{ parent: 'KIT', component: 'P', qty: 1, laborCost: 2, source: { table: 'Kits', row: 2 } }],
      rows: [
        { date: '2026-01-02', type: 'Receipt', item: 'P', qty: 10, unitCost: 1 },
        { date: '2026-01-10', type: 'Build', item: 'KIT', qty: 3 },
        { date: '2026-02-10', type: 'Build', item: 'KIT', qty: 2 },
      ],
    });
    const periods = [
      { start: 46023, end: 46053 }, // January 2026
      { start: 46054, end: 46081 }, // February 2026
    ];
    const lines = absorption(r, periods)!;
    expect(lines.map((l) => N.toDecimalString(l.absorbed, r.prepared.scales.p))).toEqual(['6.00', '4.00']);
    expect(lines.map((l) => N.toDecimalString(l.variance, r.prepared.scales.p))).toEqual(['-6.00', '-4.00']);
  });
});
