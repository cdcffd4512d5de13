import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { serial } from '../helpers/dates';
import { buildMigration } from '../../src/engine/migration';
import { runEngine, stockAccounts } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Account, type Location, type Movement } from '../../src/engine/types';
import { DEFAULT_CHART } from '../../src/engine/chart';

const accounts: Account[] = [...DEFAULT_CHART, { code: '1410', name: 'Stock - North', type: 'Asset' }];
const locations: Location[] = [
  { code: 'NORTH', kind: 'Normal', stockAccount: '1410' },
  { code: 'N-BIN', kind: 'Normal', parent: 'NORTH' },
  { code: 'SOUTH', kind: 'Normal' },
];

const op = fc.record({
  kind: fc.constantFrom('Opening', 'Receipt', 'Bill', 'Sale', 'Count'),
  loc: fc.constantFrom('NORTH', 'N-BIN', 'SOUTH'),
  item: fc.constantFrom('A', 'B'),
  qty: fc.integer({ min: 1, max: 20 }),
  cents: fc.integer({ min: 1, max: 9999 }),
  day: fc.integer({ min: 0, max: 60 }),
});

describe('Migration: properties', () => {
  test('entries balance, and each stock account ends at the stock value on hand at cut-over', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (ops, cut) => {
        const start = serial('2026-01-01');
        const movements: Movement[] = [...ops]
          .sort((a, b) => a.day - b.day)
          .map((o, i) => {
            const base = { seq: i, source: { table: 'Movements', row: i + 2 }, date: start + o.day, item: o.item, location: o.loc, doc: `D${i % 5}`, order: `PO${i % 3}` };
            if (o.kind === 'Opening' || o.kind === 'Receipt') return { ...base, type: o.kind, qty: o.qty, unitCost: o.cents / 100 };
            if (o.kind === 'Bill') return { ...base, type: 'Bill', qty: o.qty, amount: (o.qty * o.cents) / 100 };
            if (o.kind === 'Count') return { ...base, type: 'Count', qty: o.qty % 5 };
            return { ...base, type: 'Sale', qty: 1, unitPrice: 50 };
          });
        const result = runEngine({ settings: { ...DEFAULT_SETTINGS, negativeStock: 'Allow' }, accounts, locations, items: [], kits: [], movements, landedCosts: [] });
        const m = buildMigration(result, start + cut);
        expect(m.debits).toBe(m.credits);
        const byEntry = new Map<number, N.Fixed>();
        for (const l of m.journal) byEntry.set(l.entry, N.add(byEntry.get(l.entry) ?? 0, N.sub(l.debit, l.credit)));
        for (const v of byEntry.values()) expect(v).toBe(0);
        const stockSet = stockAccounts(m.asOf.prepared);
        for (const account of stockSet) {
          let onHand: N.Fixed = 0;
          let carried: N.Fixed = 0;
          for (const l of m.asOf.journal.lines.toArray()) {
            if (l.account !== account) continue;
            onHand = N.add(onHand, l.amount);
            if (l.kind === 'Opening') carried = N.add(carried, l.amount);
          }
          for (const l of m.journal) if (l.account === account) carried = N.add(carried, N.sub(l.debit, l.credit));
          expect(carried).toBe(onHand);
        }
        // SRNB entry equals what the perpetual books hold in SRNB for receipts.
        const srnb = m.asOf.prepared.chart.role('StockReceivedNotBilled');
        const credited = m.journal.filter((l) => l.account === srnb).reduce<N.Fixed>((s, l) => N.add(s, N.sub(l.credit, l.debit)), 0);
        const listed = m.receiptsNotBilled.reduce<N.Fixed>((s, r) => N.add(s, r.value), 0);
        expect(credited).toBe(listed);
      }),
      { numRuns: 150 },
    );
  });
});
