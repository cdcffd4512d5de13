/**
 * The sheet writer's byte buffer (byteSink.ts) writes numbers exactly as String(v) does and text as
 * UTF-8, and a taken chunk is never overwritten by what is written next.
 */
import fc from 'fast-check';
import { ByteSink, bytesOf, numberFast } from '../../src/cli/byteSink';

const written = (f: (s: ByteSink) => void): string => {
  const s = new ByteSink(8);
  f(s);
  return s.take().toString('utf8');
};

describe('ByteSink', () => {
  test('numbers as String(v): money, quantities, rates, huge and tiny values', () => {
    const cents = fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((n) => n / 100);
    const rates = fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 10_000);
    const any = fc.double({ noNaN: true, noDefaultInfinity: true });
    // Up to eight decimals at every magnitude the fast path takes, and next to its edges.
    const decimals = fc.tuple(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), fc.integer({ min: 0, max: 14 })).map(([m, k]) => m / 10 ** k);
    const edges = fc.tuple(fc.constantFrom(1e-6, 1e-5, 0.1, 1, 10, 2 ** 31, 2 ** 30), fc.integer({ min: -3, max: 3 })).map(([x, d]) => x + d * Number.EPSILON * x);
    fc.assert(
      fc.property(fc.oneof(cents, rates, any, decimals, edges, fc.integer(), fc.constantFrom(0.000001, 0.0000015, 2147483647.999999, 0.999999, 1.000001, 123.4567, 0, -0, 0.1 + 0.2, 21474836.47, 21474836.48, -0.05, 1e21, 5e-7, 2 ** 53)), (v) => {
        expect(written((s) => s.number(v))).toBe(String(v));
      }),
      { numRuns: 60_000, seed: 4 },
    );
  });

  test('the fast path takes up to six decimals under 2^31 and leaves the rest', () => {
    const s = new ByteSink();
    expect(numberFast(s, 835.82)).toBe(true);
    expect(numberFast(s, -12)).toBe(true);
    expect(numberFast(s, 0.0000001)).toBe(false);
    expect(numberFast(s, 0.1 + 0.2)).toBe(false);
    expect(numberFast(s, 2 ** 31)).toBe(false);
    expect(numberFast(s, 2 ** 31 - 0.01)).toBe(true);
    expect(numberFast(s, -0.000125)).toBe(true);
    expect(s.take().toString()).toBe('835.82-122147483647.99-0.000125');
  });

  test('text as UTF-8, bytes as given, digits of row numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.nat()), { maxLength: 20 }), (xs) => {
        const out = written((s) => {
          xs.forEach((x, i) => (typeof x === 'number' ? s.digits(x) : i % 2 === 0 ? s.text(x) : s.bytes(bytesOf(x))));
        });
        expect(Buffer.from(out, 'utf8').equals(Buffer.from(xs.map(String).join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  test('a taken chunk keeps its bytes while the sink is written again', () => {
    const s = new ByteSink(4);
    s.text('first chunk, longer than the buffer');
    const a = s.take();
    s.text('second');
    const b = s.take();
    expect([a.toString(), b.toString(), s.length]).toEqual(['first chunk, longer than the buffer', 'second', 0]);
  });
});
