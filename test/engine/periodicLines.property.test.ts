import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { comparePeriods } from '../../src/engine/periodic';
import { PeriodicLines, type PeriodFigures, type PeriodicItem } from '../../src/engine/periodicLines';
import { runEngine } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Inputs, type Method, type Movement } from '../../src/engine/types';
import { serial } from '../helpers/dates';

const figures = fc.record({
  openingQty: fc.integer({ min: -50, max: 500 }),
  purchasesQty: fc.integer({ min: 0, max: 500 }),
  closingQty: fc.integer({ min: -50, max: 500 }),
  shrinkageQty: fc.integer({ min: -5, max: 5 }),
  openingValue: fc.integer({ min: -1e6, max: 1e9 }),
  purchases: fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.bigInt({ min: 2n ** 53n, max: 2n ** 60n })),
  closingValue: fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.bigInt({ min: 2n ** 53n, max: 2n ** 60n })),
  cogs: fc.integer({ min: -1e9, max: 1e9 }),
  shrinkage: fc.integer({ min: -1e6, max: 1e6 }),
});

/** An item's simulated periods: distinct, ascending, each with its figures. */
const itemLines = fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }).chain((ks) =>
  fc.tuple(fc.constant([...ks].sort((a, b) => a - b)), fc.array(figures, { minLength: ks.length, maxLength: ks.length })),
);

/** The reference: an item's own line when simulated in k, else the idle line after its last one. */
function expected(item: string, method: Method, ks: readonly number[], fs: readonly PeriodFigures[], k: number): PeriodicItem {
  let at = -1;
  ks.forEach((x, i) => {
    if (x <= k) at = i;
  });
  if (at >= 0 && ks[at] === k) return { item, method, ...(fs[at] as PeriodFigures) };
  const qty = at >= 0 ? (fs[at] as PeriodFigures).closingQty : 0;
  const value = at >= 0 ? (fs[at] as PeriodFigures).closingValue : 0;
  return { item, method, openingQty: qty, purchasesQty: 0, closingQty: qty, shrinkageQty: 0, openingValue: value, purchases: 0, closingValue: value, cogs: 0, shrinkage: 0 };
}

describe('PeriodicLines: the periodic comparison item lines as columns', () => {
  it('gives every item line of every period as the per-item lists do, bigints included', () => {
    fc.assert(
      fc.property(fc.array(itemLines, { maxLength: 8 }), (items) => {
        const t = new PeriodicLines();
        items.forEach(([ks, fs], i) => {
          t.beginItem(`I${i}`, i % 2 === 0 ? 'FIFO' : 'AVERAGE');
          ks.forEach((k, j) => t.add(k, fs[j] as PeriodFigures));
        });
        for (let k = 0; k < 12; k++) {
          const want = items.map(([ks, fs], i) => expected(`I${i}`, i % 2 === 0 ? 'FIFO' : 'AVERAGE', ks, fs, k));
          expect(t.linesAt(k)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const step = fc.record({
  day: fc.integer({ min: 0, max: 200 }),
  item: fc.integer({ min: 0, max: 5 }),
  receive: fc.boolean(),
  qty: fc.integer({ min: 1, max: 30 }),
  cents: fc.integer({ min: 1, max: 40000 }),
});

/** Receipts, sales past what is on hand (NegativeStock Allow) and adjustments, in date order. */
function stream(steps: readonly { day: number; item: number; receive: boolean; qty: number; cents: number }[]): Movement[] {
  const start = serial('2026-01-01');
  return [...steps]
    .sort((a, b) => a.day - b.day)
    .map((s, i): Movement => {
      const base = { seq: i, source: { table: 'Movements', row: i + 2 }, date: start + s.day, item: `I${s.item}` };
      if (s.receive) return { ...base, type: 'Receipt', qty: s.qty, unitCost: s.cents / 100 };
      if (s.cents % 11 === 0) return { ...base, type: 'Adjust', qty: -(s.qty % 4) };
      return { ...base, type: 'Sale', qty: s.qty, unitPrice: (s.cents + 500) / 100 };
    });
}

describe('Periodic item lines over random streams', () => {
  it('chain (opening = last closing) and close at the book quantity of every period end', () => {
    const methods: Method[] = ['FIFO', 'LIFO', 'AVERAGE', 'LAST'];
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.constantFrom(...methods), (steps, method) => {
        const movements = stream(steps);
        const inputs: Inputs = { settings: { ...DEFAULT_SETTINGS, method, negativeStock: 'Allow' }, accounts: [], locations: [], items: [], kits: [], movements, landedCosts: [] };
        const result = runEngine(inputs);
        const periods = comparePeriods(result);
        const q = result.prepared.scales.q;
        const codes = [...new Set(movements.map((m) => m.item))].sort();
        periods.forEach((p, k) => {
          expect(p.items.map((l) => l.item)).toEqual(codes);
          for (const line of p.items) {
            const book = movements.filter((m) => m.item === line.item && m.date <= p.end).reduce((acc, m) => acc + (m.type === 'Receipt' ? m.qty : m.type === 'Sale' ? -m.qty : m.qty), 0);
            expect(N.toPlainString(line.closingQty, q)).toBe(String(book));
            const before = k === 0 ? undefined : (periods[k - 1] as (typeof periods)[number]).items.find((l) => l.item === line.item);
            if (before !== undefined) {
              expect(line.openingQty).toEqual(before.closingQty);
              expect(line.openingValue).toEqual(before.closingValue);
            }
          }
        });
      }),
      { numRuns: 120 },
    );
  });
});
