/**
 * The rounding and independence rules of SPEC section 4, each over random streams (fast-check,
 * fixed seed, bounded runs):
 *
 * - independence (item A with receipts at cents and tenths of a cent, sales, bills, returns both ways,
 *   transfers, adjustments, consumption and revaluation): adding another item's movements with more decimals (quantities to 3, costs to 5,
 *   an FxRate to 4), and movements of either item dated after a period end, changes nothing about
 *   item A at or before that period end: the same journal lines to the cent, the same stock ledger;
 * - a Bill credits Payables with exactly its amount, however many receipt lines it covers and however
 *   small it is.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import type { Method } from '../../src/engine/types';
import { run, unbalancedEntries, type Book, type Row } from './support';

const iso = (day: number): string => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
const PERIOD_END = 30; // 2026-01-31

/** Item A: receipts with costs in cents, issues of whole units; days 0..PERIOD_END. */
const rowA: fc.Arbitrary<[number, Row]> = fc.tuple(
  fc.integer({ min: 0, max: PERIOD_END }),
  fc.oneof(
    fc.record({ q: fc.integer({ min: 1, max: 30 }), c: fc.integer({ min: 1, max: 99999 }) }).map((x): Row => ({ date: '', type: 'Receipt', item: 'A', qty: x.q, unitCost: x.c / 100, order: 'PA' })),
    fc.record({ q: fc.integer({ min: 1, max: 7 }), p: fc.integer({ min: 1, max: 99999 }) }).map((x): Row => ({ date: '', type: 'Sale', item: 'A', qty: x.q, unitPrice: x.p / 100 })),
    fc.integer({ min: 1, max: 3 }).map((q): Row => ({ date: '', type: 'Consume', item: 'A', qty: q })),
    fc.integer({ min: 1, max: 99999 }).map((a): Row => ({ date: '', type: 'Revalue', item: 'A', amount: a / 1000 })),
    fc.record({ q: fc.integer({ min: 1, max: 9 }), c: fc.integer({ min: 1, max: 99999 }) }).map((x): Row => ({ date: '', type: 'Receipt', item: 'A', qty: x.q, unitCost: x.c / 1000, order: 'PA2', doc: 'RA2' })),
    fc.integer({ min: 1, max: 99999 }).map((a): Row => ({ date: '', type: 'Bill', item: 'A', amount: a / 100, order: 'PA2', doc: 'BA2' })),
    fc.integer({ min: 1, max: 3 }).map((q): Row => ({ date: '', type: 'CustomerReturn', item: 'A', qty: q, unitPrice: 3 })),
    fc.integer({ min: 1, max: 3 }).map((q): Row => ({ date: '', type: 'SupplierReturn', item: 'A', qty: q, order: 'PA' })),
    fc.integer({ min: 1, max: 3 }).map((q): Row => ({ date: '', type: 'Transfer', item: 'A', qty: q, location: 'Main', toLocation: 'Back' })),
    fc.integer({ min: -3, max: 3 }).map((q): Row => ({ date: '', type: 'Adjust', item: 'A', qty: q, unitCost: 1.005 })),
  ),
);

/** Other rows: item B with more decimals anywhere, and anything after the period end. */
const rowOther: fc.Arbitrary<[number, Row]> = fc.oneof(
  fc.tuple(
    fc.integer({ min: 0, max: 60 }),
    fc.record({ q: fc.integer({ min: 1, max: 30000 }), c: fc.integer({ min: 1, max: 9999999 }), fx: fc.integer({ min: 5000, max: 15000 }) }).map(
      (x): Row => ({ date: '', type: 'Receipt', item: 'B', qty: x.q / 1000, unitCost: x.c / 100000, fxRate: x.fx / 10000, order: 'PB' }),
    ),
  ),
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 999 }).map((q): Row => ({ date: '', type: 'Sale', item: 'B', qty: q / 1000, unitPrice: 1.23457 }))),
  fc.tuple(fc.integer({ min: PERIOD_END + 1, max: 60 }), rowA.map(([, r]) => r)),
);

const methodArb = fc.constantFrom<Method>('FIFO', 'LIFO', 'AVERAGE', 'STANDARD', 'LAST');

function book(rows: [number, Row][], method: Method): Book {
  const dated = rows.map(([day, r]) => ({ ...r, date: iso(day) }));
  // Stable by date, so each run sees item A's rows in the same relative order.
  dated.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { settings: { method, negativeStock: 'Allow' }, items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 12.34 }, { code: 'B', kind: 'Stock', batchTracked: false, standardCost: 1.23457 }], rows: dated };
}

/** Item A's journal lines and stock ledger rows dated on or before the period end, as text. */
function itemAUpTo(b: Book, end: string): { journal: string[]; ledger: string[] } {
  const r = run(b);
  const s = r.prepared.scales;
  const last = new Date(end + 'T00:00:00Z').getTime() / 86400000 + 25569;
  const journal = r.journal.lines.toArray()
    .filter((l) => l.item === 'A' && l.date <= last)
    .map((l) => `${l.date} ${l.kind} ${l.account} ${N.toDecimalString(l.amount, s.p)}`);
  const ledger = r.valuation.ledger.toArray()
    .filter((x) => x.item === 'A' && x.date <= last)
    .map((x) => `${x.date} ${x.type} ${N.toDecimal(x.qtyAfter, s.q).toFixed()} ${N.toDecimal(x.valueAfter, s.v).toFixed()}`);
  return { journal, ledger };
}

describe('independence (SPEC 4): other items and later movements change nothing at or before a period end', () => {
  test('item A to 31 January is the same with or without item B (more decimals) and later rows', () => {
    fc.assert(
      fc.property(fc.array(rowA, { minLength: 1, maxLength: 25 }), fc.array(rowOther, { minLength: 1, maxLength: 20 }), methodArb, (a, other, method) => {
        const alone = itemAUpTo(book(a, method), iso(PERIOD_END));
        const mixed = itemAUpTo(book([...a, ...other], method), iso(PERIOD_END));
        expect(mixed.journal).toEqual(alone.journal);
        expect(mixed.ledger).toEqual(alone.ledger);
      }),
      { numRuns: 100, seed: 1101 },
    );
  });
});

describe('a Bill credits Payables with exactly its amount (SPEC 4)', () => {
  test('over any number of receipt lines, however small the bill', () => {
    const lineArb = fc.record({ q: fc.integer({ min: 1, max: 9 }), c: fc.integer({ min: 1, max: 99999 }) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 2000000 }), methodArb, (lines, cents, method) => {
        const rows: Row[] = lines.map((l, i) => ({ date: '2026-01-05', type: 'Receipt', item: i % 2 === 0 ? 'A' : 'A', qty: l.q, unitCost: l.c / 100, order: 'PO1', doc: `R${i}` }));
        rows.push({ date: '2026-01-09', type: 'Bill', item: 'A', amount: cents / 100, order: 'PO1', doc: 'B1' });
        const r = run({ settings: { method }, items: [{ code: 'A', kind: 'Stock', batchTracked: false, standardCost: 3.21 }], rows });
        const ap = r.prepared.chart.role('Payables');
        const credited = r.journal.lines.toArray().filter((l) => l.account === ap && l.doc === 'B1').reduce<N.Fixed>((s, l) => N.sub(s, l.amount), 0);
        expect(N.toDecimalString(credited, r.prepared.scales.p)).toBe((cents / 100).toFixed(2));
        expect(unbalancedEntries(r)).toEqual([]);
      }),
      { numRuns: 80, seed: 1102 },
    );
  });

  test('a 0.01 bill over three receipt lines credits Payables 0.01', () => {
    const rows: Row[] = [0, 1, 2].map((i) => ({ date: '2026-01-05', type: 'Receipt', item: 'A', qty: 1, unitCost: 1, order: 'PO1', doc: `R${i}` }));
    rows.push({ date: '2026-01-09', type: 'Bill', item: 'A', amount: 0.01, order: 'PO1', doc: 'B1' });
    const r = run({ rows });
    const ap = r.prepared.chart.role('Payables');
    const lines = r.journal.lines.toArray().filter((l) => l.account === ap);
    expect(lines.map((l) => N.toDecimalString(l.amount, 2))).toEqual(['-0.01']);
  });
});

describe('a bill at another exchange rate than its receipt (SPEC 4, IAS 21)', () => {
  test('the rate difference goes to ExchangeDifference; stock keeps the receipt-date rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 5000, max: 20000 }), fc.integer({ min: 5000, max: 20000 }), (q, cents, r1, r2) => {
        const c = cents / 100;
        const rows: Row[] = [
          { date: '2026-01-05', type: 'Receipt', item: 'A', qty: q, unitCost: c, currency: 'EUR', fxRate: r1 / 10000, order: 'PO1' },
          { date: '2026-01-20', type: 'Bill', item: 'A', qty: q, unitCost: c, currency: 'EUR', fxRate: r2 / 10000, order: 'PO1' },
        ];
        const r = run({ rows });
        const bal = (role: 'Inventory' | 'ExchangeDifference' | 'Payables' | 'CostOfGoodsSold' | 'StockReceivedNotBilled'): string => {
          const code = r.prepared.chart.role(role);
          return N.toDecimalString(r.journal.lines.toArray().filter((l) => l.account === code).reduce<N.Fixed>((s, l) => N.add(s, l.amount), 0), 2);
        };
        // Reference in decimal.js-free integer arithmetic: value = q x cents x rate / 10^4, to the cent.
        const cent = (rate: number): bigint => (BigInt(q) * BigInt(cents) * BigInt(rate) * 2n + 10000n) / 20000n;
        const fmt = (x: bigint): string => (x < 0n ? '-' : '') + (x < 0n ? -x : x).toString().padStart(3, '0').replace(/(\d\d)$/, '.$1');
        expect(bal('Inventory')).toBe(fmt(cent(r1)));
        expect(bal('ExchangeDifference')).toBe(fmt(cent(r2) - cent(r1)));
        expect(bal('Payables')).toBe(fmt(-cent(r2)));
        expect(bal('StockReceivedNotBilled')).toBe('0.00');
        expect(bal('CostOfGoodsSold')).toBe('0.00');
        expect(unbalancedEntries(r)).toEqual([]);
      }),
      { numRuns: 80, seed: 1103 },
    );
  });

  test('a foreign Currency without FxRate is an error, not a rate of 1', () => {
    const r = run({ rows: [{ date: '2026-01-05', type: 'Receipt', item: 'A', qty: 2, unitCost: 10, currency: 'EUR' }] });
    expect(r.diagnostics.filter((d) => d.code === 'FX_RATE_MISSING').map((d) => [d.severity, d.row, d.column])).toEqual([['error', 2, 'FxRate']]);
    expect(r.journal.lines.toArray()).toHaveLength(0);
  });
});

describe('SupplierReturn under AVERAGE (SPEC 4)', () => {
  test('leaves at the returned receipt cost, no gain or loss, the rate recomputed', () => {
    const rowArb = fc.oneof(
      fc.record({ q: fc.integer({ min: 1, max: 30 }), c: fc.integer({ min: 1, max: 99999 }) }).map((x) => ({ kind: 'in' as const, ...x })),
      fc.integer({ min: 1, max: 10 }).map((q) => ({ kind: 'out' as const, q, c: 0 })),
    );
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 30 }), (xs, pick, want) => {
        const rows: Row[] = [];
        let onHand = 0;
        const receipts: { doc: string; q: number; c: number }[] = [];
        xs.forEach((x, i) => {
          if (x.kind === 'in') {
            rows.push({ date: iso(i), type: 'Receipt', item: 'A', qty: x.q, unitCost: x.c / 100, doc: `R${i}` });
            receipts.push({ doc: `R${i}`, q: x.q, c: x.c });
            onHand += x.q;
          } else if (onHand >= x.q) {
            rows.push({ date: iso(i), type: 'Sale', item: 'A', qty: x.q, unitPrice: 50 });
            onHand -= x.q;
          }
        });
        fc.pre(receipts.length > 0 && onHand > 0);
        const rec = receipts[pick % receipts.length] as { doc: string; q: number; c: number };
        const qty = Math.min(want, rec.q, onHand);
        fc.pre(qty < onHand); // emptying the pool is the one case where the rest of its value goes too
        const settings = { method: 'AVERAGE' as Method };
        const before = run({ settings, rows });
        const after = run({ settings, rows: [...rows, { date: iso(40), type: 'SupplierReturn', item: 'A', qty, doc: rec.doc }] });
        const s = after.prepared.scales;
        expect(N.toDecimalString(after.totals.cogs, s.p)).toBe(N.toDecimalString(before.totals.cogs, s.p));
        const poolValue = (r: typeof after): N.Fixed => r.valuation.pools.reduce<N.Fixed>((t, p) => N.add(t, p.value), 0);
        // Exact: the pool gives up qty x the receipt's unit cost, nothing else.
        expect(N.toDecimal(N.sub(poolValue(before), poolValue(after)), s.v).toFixed()).toBe(((qty * rec.c) / 100).toFixed(2).replace(/\.?0+$/, '') || '0');
        expect(unbalancedEntries(after)).toEqual([]);
      }),
      { numRuns: 80, seed: 1104 },
    );
  });
});
