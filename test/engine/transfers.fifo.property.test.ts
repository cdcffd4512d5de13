/**
 * Transfers bring old layers into pools that already hold newer ones; the layers are put back where
 * their receipt dates say (layers.ts, found by binary search). Whatever the order of receipts,
 * transfers and sales across locations, every FIFO sale costs what a unit-by-unit oracle says: the
 * oldest units at that location by (receipt date, receipt row), each at its receipt's cost.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { run, type Row } from './support';

/** Steps in date order: four a day from 1 January (at most 200 steps: into February). */
const day = (i: number): string => {
  const d = new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 4)));
  return d.toISOString().slice(0, 10);
};

interface Unit {
  readonly order: number; // receipt date then row: the FIFO order
  readonly cents: number;
}

describe('FIFO across transfers', () => {
  it('each sale costs the oldest units at its location, wherever transfers took them', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('in', 'in', 'out', 'move', 'move'),
            loc: fc.nat(3),
            to: fc.nat(3),
            q: fc.integer({ min: 1, max: 6 }),
            cents: fc.integer({ min: 100, max: 9_999 }),
          }),
          { minLength: 20, maxLength: 200 },
        ),
        (steps) => {
          const at = new Map<string, Unit[]>();
          const stock = (l: string): Unit[] => at.get(l) ?? (at.set(l, []), at.get(l) as Unit[]);
          const takeOldest = (l: string, q: number): Unit[] => {
            const units = stock(l).sort((a, b) => a.order - b.order);
            return units.splice(0, q);
          };
          const rows: Row[] = [];
          const expected = new Map<number, number>(); // row index -> cost in cents
          steps.forEach((s, i) => {
            const location = `L${s.loc}`;
            const to = `L${s.to}`;
            const have = stock(location).length;
            if (s.kind === 'out' && have >= s.q) {
              const taken = takeOldest(location, s.q);
              expected.set(rows.length, taken.reduce((t, u) => t + u.cents, 0));
              rows.push({ date: day(i), type: 'Sale', item: 'A', qty: s.q, unitPrice: 200, location });
            } else if (s.kind === 'move' && have >= s.q && to !== location) {
              stock(to).push(...takeOldest(location, s.q));
              rows.push({ date: day(i), type: 'Transfer', item: 'A', qty: s.q, location, toLocation: to });
            } else {
              for (let k = 0; k < s.q; k++) stock(location).push({ order: i, cents: s.cents });
              rows.push({ date: day(i), type: 'Receipt', item: 'A', qty: s.q, unitCost: s.cents / 100, location });
            }
          });
          const r = run({ rows });
          const v = r.prepared.scales.v;
          for (const [row, cents] of expected) {
            const cost = r.valuation.issueCost.get(row);
            expect(cost === undefined ? 'none' : N.toPlainString(cost, v)).toBe(N.toPlainString(cents, 2));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
