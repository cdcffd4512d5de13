/**
 * An item's pools and per-location quantities are found along a chain for the first few
 * locations and by key beyond them (valuation/context.ts): whatever the number of locations, each
 * pool holds exactly its own location's units, and the availability view agrees with it.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { run, type Row } from './support';

/** Steps in date order: six a day through January (at most 160 steps). */
const day = (i: number): string => `2026-01-${String(1 + Math.floor(i / 6)).padStart(2, '0')}`;

describe('pools across many locations', () => {
  it('each pool and location quantity is its own location tally, with few or many locations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.record({ loc: fc.nat(29), q: fc.integer({ min: 1, max: 9 }), out: fc.boolean() }), { minLength: 40, maxLength: 160 }),
        (locations, steps) => {
          const tally = new Map<string, number>();
          const rows: Row[] = [];
          steps.forEach((s, i) => {
            const location = `L${s.loc % locations}`;
            const have = tally.get(location) ?? 0;
            if (s.out && have >= s.q) {
              rows.push({ date: day(i), type: 'Sale', item: 'A', qty: s.q, unitPrice: 5, location });
              tally.set(location, have - s.q);
            } else {
              rows.push({ date: day(i), type: 'Receipt', item: 'A', qty: s.q, unitCost: 2 + (i % 3), location });
              tally.set(location, have + s.q);
            }
          });
          const r = run({ rows });
          const q = r.prepared.scales.q;
          for (const [location, units] of tally) {
            const pool = r.valuation.pools.find((p) => p.item === 'A' && p.location === location);
            expect(pool === undefined ? '0' : N.toPlainString(pool.qty, q)).toBe(String(units));
            expect(N.toPlainString(r.valuation.locationQty.get(`A\u0001${location}`) ?? 0, q)).toBe(String(units));
          }
          expect(r.valuation.pools.length).toBe(tally.size);
          expect(new Set(r.valuation.pools.map((p) => p.location)).size).toBe(tally.size);
        },
      ),
      { numRuns: 150, seed: 17 },
    );
  });
});
