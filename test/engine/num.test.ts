/**
 * The fixed-point core against decimal.js as the oracle: parsing, formatting, sums, products,
 * rounding and allocation are exact, whether the integers fit in a double or need a bigint.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import * as N from '../../src/engine/num';

const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });
const scaleArb = fc.integer({ min: 0, max: 8 });
const intText = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String);
const decText = fc.tuple(intText, fc.integer({ min: 0, max: 12 })).map(([digits, places]) => new D(digits).dividedBy(new D(10).pow(places)).toFixed());
const fixedArb = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(N.norm));

const params = { seed: 42, numRuns: 400 };

test('fromDecimalString rounds half away from zero exactly; toDecimalString writes it back', () => {
  fc.assert(
    fc.property(decText, scaleArb, (text, scale) => {
      const f = N.fromDecimalString(text, scale);
      // decimal.js writes a rounded-away negative as "-0"; zero has no sign here.
      const oracle = new D(text).toFixed(scale, Decimal.ROUND_HALF_UP).replace(/^-(0(\.0+)?)$/, '$1');
      expect(N.toDecimalString(f, scale)).toBe(oracle);
    }),
    params,
  );
});

test('fromNumber reads the decimal a double shows', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), (n, places) => {
      const x = n / 10 ** places;
      const scale = Math.max(places, N.decimalsOf(x));
      expect(N.toDecimalString(N.fromNumber(x, scale), scale)).toBe(new D(String(x)).toFixed(scale));
    }),
    params,
  );
});

test('add, sub, mul are exact across the number/bigint boundary', () => {
  fc.assert(
    fc.property(fixedArb, fixedArb, (a, b) => {
      const x = new D(a.toString());
      const y = new D(b.toString());
      expect(N.add(a, b).toString()).toBe(x.plus(y).toFixed());
      expect(N.sub(a, b).toString()).toBe(x.minus(y).toFixed());
      expect(N.mul(a, b).toString()).toBe(x.times(y).toFixed());
      expect(N.cmp(a, b)).toBe(x.comparedTo(y));
      // canonical: a value that fits is a number
      const s = N.add(a, b);
      if (typeof s === 'bigint') expect(s > 9007199254740991n || s < -9007199254740991n).toBe(true);
    }),
    params,
  );
});

test('mulDivRound is round(a*b/c) half away from zero', () => {
  fc.assert(
    fc.property(fixedArb, fixedArb, fixedArb.filter((c) => c !== 0), (a, b, c) => {
      const exact = new D(a.toString()).times(b.toString()).dividedBy(c.toString());
      expect(N.mulDivRound(a, b, c).toString()).toBe(exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed());
    }),
    params,
  );
});

test('allocate: parts sum exactly to the total and each is within one unit of its exact share', () => {
  fc.assert(
    fc.property(fixedArb, fc.array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
      const parts = N.allocate(total, weights);
      expect(N.sum(parts).toString()).toBe(total.toString());
      const wsum = weights.reduce((s, w) => s + w, 0);
      parts.forEach((p, i) => {
        const share = wsum === 0 ? new D(total.toString()).dividedBy(weights.length) : new D(total.toString()).times(weights[i] as number).dividedBy(wsum);
        expect(share.minus(p.toString()).abs().lessThan(1)).toBe(true);
      });
    }),
    params,
  );
});

test('rescale and toNumber', () => {
  expect(N.rescale(12345, 3, 2)).toBe(1235);
  expect(N.rescale(-12345, 3, 2)).toBe(-1235);
  expect(N.rescale(12, 0, 2)).toBe(1200);
  expect(N.toNumber(123456, 2)).toBe(1234.56);
  expect(N.toDecimal(N.mul(9007199254740991, 1000), 3).toFixed()).toBe('9007199254740991');
  expect(N.toPlainString(800, 2)).toBe('8');
  expect(N.toPlainString(1250, 2)).toBe('12.5');
});
