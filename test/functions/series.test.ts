/**
 * The cumulative series the INV functions answer from (book.ts SeriesBuilder): whatever order the
 * dated deltas arrive in (the journal is posted in date order, a closed-period catch-up is not), the
 * series is the running total per distinct date, and upTo/between read it like a sum over the deltas.
 */
import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { SeriesBuilder, between, upTo } from '../../src/functions/book';

const delta = fc.oneof(fc.integer({ min: -5000, max: 5000 }), fc.constant(0), fc.bigInt({ min: 2n ** 60n, max: 2n ** 62n }).map((b) => N.add(b, 0)));
const pairs = fc.array(fc.record({ date: fc.integer({ min: 46000, max: 46040 }), delta }), { maxLength: 60 });

function naiveUpTo(list: readonly { date: number; delta: N.Fixed }[], date: number): N.Fixed {
  let s: N.Fixed = 0;
  for (const p of list) if (p.date <= date) s = N.add(s, p.delta);
  return s;
}

describe('SeriesBuilder', () => {
  test('a stock card in date order: 10 in on day 1, 4 out on day 3, 0 on day 3 again, 6 in on day 5', () => {
    const b = new SeriesBuilder();
    b.add(1, 10);
    b.add(3, -4);
    b.add(3, 0);
    b.add(5, 6);
    expect(b.build()).toEqual({ dates: [1, 3, 5], cum: [10, 6, 12] });
  });

  test('the same card given out of order gives the same series', () => {
    const b = new SeriesBuilder();
    b.add(5, 6);
    b.add(1, 10);
    b.add(3, -4);
    expect(b.build()).toEqual({ dates: [1, 3, 5], cum: [10, 6, 12] });
  });

  test('property: any arrival order, sorted or not, equals the plain sum up to every date', () => {
    fc.assert(
      fc.property(pairs, fc.boolean(), (list, sortFirst) => {
        const given = sortFirst ? [...list].sort((a, b) => a.date - b.date) : list;
        const b = new SeriesBuilder();
        for (const p of given) b.add(p.date, p.delta);
        const s = b.build();
        for (let i = 1; i < s.dates.length; i++) expect(s.dates[i]).toBeGreaterThan(s.dates[i - 1] as number);
        for (let d = 45999; d <= 46041; d++) {
          expect(upTo(s, d)).toEqual(naiveUpTo(list, d));
          expect(between(s, d, d + 3)).toEqual(N.sub(naiveUpTo(list, d + 3), naiveUpTo(list, d - 1)));
        }
        expect(upTo(s, undefined)).toEqual(naiveUpTo(list, Infinity));
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
