import fc from 'fast-check';
import { landed } from '../../src/functions/core';
import { isErrorValue, type Result } from '../../src/functions/values';

function cents(r: Result): number[] {
  if (isErrorValue(r)) throw new Error(r.message);
  return r.flat().filter((c): c is number => typeof c === 'number').map((x) => Math.round(x * 100));
}

describe('INV.LANDED', () => {
  test('freight of 100.00 over three equal lines: the extra cent goes to the first', () => {
    expect(landed([[1], [1], [1]], 100)).toEqual([[33.34], [33.33], [33.33]]);
  });

  test('a table with headers: basis picks the column, Value by default', () => {
    const lines = [
      ['Item', 'Qty', 'Value', 'Weight'],
      ['A', 1, 300, 5],
      ['B', 3, 100, 15],
    ];
    expect(landed(lines, 40)).toEqual([['Allocated'], [30], [10]]);
    expect(landed(lines, 40, 'Qty')).toEqual([['Allocated'], [10], [30]]);
    expect(landed(lines, 40, 'weight')).toEqual([['Allocated'], [10], [30]]);
    expect(landed(lines, 40, 'Equal')).toEqual([['Allocated'], [20], [20]]);
    expect(landed(lines, 40, 'Volume')).toMatchObject({ error: 'invalidValue' });
  });

  test('a row of values spills a row; blank cells are not lines', () => {
    expect(landed([[2, '', 1]], 0.03)).toEqual([[0.02, '', 0.01]]);
  });

  test('bad lines and charges are #VALUE!', () => {
    expect(landed([[1], ['x']], 10)).toMatchObject({ error: 'invalidValue' });
    expect(landed([[1], [-1]], 10)).toMatchObject({ error: 'invalidValue' });
    expect(landed([[1]], 10.005)).toMatchObject({ error: 'invalidValue' });
    expect(landed([['', '']], 10)).toMatchObject({ error: 'invalidValue' });
    expect(landed([[1]], 'lots')).toMatchObject({ error: 'invalidValue' });
    expect(landed(5, 10)).toMatchObject({ error: 'invalidValue' });
  });

  test('property: the shares sum exactly to the charge, none negative, proportional to the cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        (raw, chargeCents, decimals) => {
          const weights = raw.map((w) => w / 10 ** decimals);
          const shares = cents(landed(weights.map((w) => [w]), chargeCents / 100));
          expect(shares).toHaveLength(weights.length);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(chargeCents);
          const total = raw.reduce((s, x) => s + x, 0);
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            const exact = total === 0 ? chargeCents / raw.length : (chargeCents * (raw[i] as number)) / total;
            expect(Math.abs(s - exact)).toBeLessThan(1);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
