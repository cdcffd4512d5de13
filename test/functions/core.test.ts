import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { runEngine } from '../../src/engine/pipeline';
import { avgCost, bookStats, clearBooks, cogs, fifo, margin, periodic, qty, value } from '../../src/functions/core';
import type { Matrix, Result } from '../../src/functions/values';
import { isErrorValue } from '../../src/functions/values';
import { readWorkbook } from '../../src/workbook/read';

const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Doc'];

/** The single number of a 1 x 1 result (fails the test on an error or another shape). */
function one(r: Result): number {
  if (isErrorValue(r)) throw new Error(`expected a number, got ${r.error}: ${r.message}`);
  expect(r).toHaveLength(1);
  expect(r[0]).toHaveLength(1);
  const v = r[0]?.[0];
  if (typeof v !== 'number') throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function matrix(r: Result): Matrix {
  if (isErrorValue(r)) throw new Error(`expected a matrix, got ${r.error}: ${r.message}`);
  return r;
}

beforeEach(() => clearBooks());

describe('SPEC 10, winter coats: buy 10 at $100 in March, sell 2 at $250', () => {
  const coats = [
    HEADER,
    ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', 'PO-1'],
    ['2026-03-09', 'Sale', 'COAT', 2, '', 250, 'INV-1'],
  ];

  test('perpetual COGS 200, margin 300, 8 coats worth 800 left', async () => {
    expect(one(await cogs(coats))).toBe(200);
    expect(one(await cogs(coats, [['COAT']]))).toBe(200);
    expect(one(await margin(coats))).toBe(300);
    expect(one(await value(coats, 'COAT'))).toBe(800);
    expect(one(await qty(coats, 'COAT'))).toBe(8);
    expect(one(await avgCost(coats, 'COAT'))).toBe(100);
  });

  test('periodic: 0 opening + 1,000 purchases - 800 closing = 200', async () => {
    expect(one(await periodic(coats))).toBe(200);
    expect(one(await periodic(coats, 'COAT', '2026-03-01', '2026-03-31'))).toBe(200);
    expect(one(await periodic(coats, 'coat', '2026-02-01', '2026-02-28'))).toBe(0);
    expect(matrix(await periodic(coats, 'HAT'))[0]?.[0]).toMatchObject({ error: 'notAvailable' });
  });

  test('date ranges: nothing sold before the sale, the sale counted on its day', async () => {
    expect(one(await cogs(coats, null, '2026-03-01', '2026-03-08'))).toBe(0);
    expect(one(await cogs(coats, null, 46090, 46090))).toBe(200); // 2026-03-09 as a serial
    expect(one(await value(coats, 'COAT', '2026-03-05'))).toBe(1000);
    expect(one(await qty(coats, 'COAT', '2026-03-01'))).toBe(0);
  });

  test('item codes match ignoring case; an unknown item is #N/A in its cell', async () => {
    expect(one(await cogs(coats, 'coat'))).toBe(200);
    const r = matrix(await cogs(coats, [['COAT'], ['HAT']]));
    expect(r[0]).toEqual([200]);
    expect(r[1]?.[0]).toMatchObject({ error: 'notAvailable' });
  });
});

describe('SPEC 10, FIFO/LIFO: 10 coats Monday at $100, 10 Tuesday at $125, 15 sold Wednesday', () => {
  const week = [
    HEADER,
    ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', 'R-MON'],
    ['2026-03-03', 'Receipt', 'COAT', 10, 125, '', 'R-TUE'],
    ['2026-03-04', 'Shipment', 'COAT', 15, '', '', 'S-WED'],
  ];

  test('COGS: FIFO 1,625; LIFO 1,750 and moving average 1,687.50 through the method argument', async () => {
    expect(one(await cogs(week))).toBe(1625);
    expect(one(await cogs(week, 'COAT', null, null, 'LIFO'))).toBe(1750);
    expect(one(await cogs(week, 'COAT', null, null, 'AVERAGE'))).toBe(1687.5);
    expect(one(await cogs(week, null, null, null, 'weighted average'))).toBe(1687.5);
  });

  test('FIFO layers spill the remaining 5 @ 125 from Tuesday', async () => {
    const layers = matrix(await fifo(week, 'COAT', null, 'layers'));
    expect(layers).toEqual([['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value'], [46084, 'R-TUE', 5, 125, 625]]);
    expect(one(await fifo(week, 'COAT'))).toBe(625);
    expect(one(await fifo(week, 'COAT', null, 'qty'))).toBe(5);
    expect(one(await fifo(week, 'COAT', null, 'unitcost'))).toBe(125);
  });

  test('FIFO values FIFO whatever the method; layers as of Tuesday are both receipts', async () => {
    expect(one(await value(week, 'COAT', null, 'LIFO'))).toBe(500);
    expect(one(await fifo(week, 'COAT'))).toBe(625);
    expect(matrix(await fifo(week, 'COAT', '2026-03-03', 'layers'))).toEqual([
      ['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value'],
      [46083, 'R-MON', 10, 100, 1000],
      [46084, 'R-TUE', 10, 125, 1250],
    ]);
  });

  test('FIFO layers before the first receipt: #N/A, the item is known but has no stock', async () => {
    const r = await fifo(week, 'coat', '2026-03-01', 'layers');
    expect(r).toMatchObject({ error: 'notAvailable', message: expect.stringContaining('no stock on hand on 2026-03-01') });
  });

  test('AVGCOST is value / qty; with nothing on hand it is #DIV/0!', async () => {
    expect(one(await avgCost(week, 'COAT', null, 'AVERAGE'))).toBe(112.5);
    const sold = [...week, ['2026-03-05', 'Shipment', 'COAT', 5, '', '', 'S-THU']];
    expect(matrix(await avgCost(sold, 'COAT'))[0]?.[0]).toMatchObject({ error: 'divisionByZero' });
  });
});

describe('spill shapes', () => {
  const grid = [
    HEADER,
    ['2026-01-05', 'Receipt', 'A', 10, 2.5, '', ''],
    ['2026-01-05', 'Receipt', 'B', 4, 10, '', ''],
    ['2026-01-06', 'Sale', 'A', 3, '', 4, ''],
    ['2026-01-07', 'Sale', 'B', 1, '', 12, ''],
  ];

  test('a column of items spills a column, a row spills a row, blanks stay blank', async () => {
    expect(matrix(await cogs(grid, [['A'], ['B'], [''], [null]]))).toEqual([[7.5], [10], [''], ['']]);
    expect(matrix(await qty(grid, [['A', 'B']]))).toEqual([[7, 3]]);
    expect(matrix(await margin(grid, [['A', 'B'], ['B', 'A']]))).toEqual([
      [4.5, 2],
      [2, 4.5],
    ]);
  });

  test('one blank cell for item means all items', async () => {
    expect(one(await cogs(grid, [['']]))).toBe(17.5);
  });

  test('layers need a single item', async () => {
    expect(await fifo(grid, [['A'], ['B']], null, 'layers')).toMatchObject({ error: 'invalidValue' });
  });
});

describe('bad input gives error values, never numbers', () => {
  const good = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', '']];

  test('text in Qty names the row and column', async () => {
    const bad = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', ''], ['2026-03-03', 'Sale', 'COAT', 'two', '', 250, '']];
    const r = await cogs(bad);
    expect(r).toMatchObject({ error: 'invalidValue' });
    expect(isErrorValue(r) && r.message).toMatch(/^Movements row 3, column Qty: QTY_NOT_NUMBER/);
    expect(await value(bad, 'COAT')).toMatchObject({ error: 'invalidValue' });
  });

  test('missing header, empty table, not a range', async () => {
    expect(await cogs([['Date', 'Item', 'Qty'], ['2026-03-02', 'COAT', 1]])).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('MISSING_COLUMN') });
    expect(await cogs([HEADER])).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('EMPTY_TABLE') });
    expect(await cogs([])).toMatchObject({ error: 'invalidValue' });
    expect(await cogs('Movements')).toMatchObject({ error: 'invalidValue' });
  });

  test('an engine error (selling stock that is not there) is #VALUE!, not a partial number', async () => {
    const short = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 1, 100, '', ''], ['2026-03-03', 'Sale', 'COAT', 5, '', 250, '']];
    expect(await cogs(short)).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('NEGATIVE_STOCK') });
  });

  test('bad arguments', async () => {
    expect(await cogs(good, null, 'last week')).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('from') });
    expect(await cogs(good, null, '2026-04-01', '2026-03-01')).toMatchObject({ error: 'invalidValue' });
    expect(await cogs(good, null, null, null, 'HIFO')).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('method') });
    expect(await fifo(good, 'COAT', null, 'colour')).toMatchObject({ error: 'invalidValue' });
    expect(await avgCost(good, null)).toMatchObject({ error: 'invalidValue' });
  });
});

describe('the same numbers as the CLI (runEngine totals) on random streams', () => {
  const ITEMS = ['A', 'B', 'C'];
  const event = fc.record({
    day: fc.integer({ min: 0, max: 40 }),
    item: fc.constantFrom(...ITEMS),
    kind: fc.constantFrom('buy', 'buy', 'sell', 'ship'),
    qty: fc.integer({ min: 1, max: 20 }),
    cents: fc.integer({ min: 1, max: 50_000 }),
  });

  test('COGS, margin, value and qty per item and in total, for every method', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 60 }), fc.constantFrom(undefined, 'FIFO', 'LIFO', 'AVERAGE'), async (events, method) => {
        clearBooks();
        // Build a stream that never sells more than is on hand (so the table has no errors).
        const sorted = [...events].sort((a, b) => a.day - b.day);
        const onHand = new Map<string, number>();
        const grid: unknown[][] = [HEADER];
        for (const e of sorted) {
          const have = onHand.get(e.item) ?? 0;
          const date = 46082 + e.day;
          if (e.kind === 'buy' || have === 0) {
            grid.push([date, 'Receipt', e.item, e.qty, e.cents / 100, '', '']);
            onHand.set(e.item, have + e.qty);
          } else {
            const q = Math.min(have, e.qty);
            grid.push([date, e.kind === 'sell' ? 'Sale' : 'Shipment', e.item, q, '', e.kind === 'sell' ? e.cents / 33 : '', '']);
            onHand.set(e.item, have - q);
          }
        }
        const read = readWorkbook({ Movements: grid as never });
        const cli = runEngine(read.inputs, method === undefined ? {} : { method });
        const p = cli.prepared.scales.p;
        expect(one(await cogs(grid, null, null, null, method))).toBe(N.toNumber(cli.totals.cogs, p));
        expect(one(await margin(grid, null, null, null, method))).toBe(N.toNumber(cli.totals.grossMargin, p));
        expect(one(await value(grid, null, null, method))).toBe(N.toNumber(cli.totals.inventoryValue, p));
        for (const it of cli.items) {
          expect(one(await cogs(grid, it.item, null, null, method))).toBe(N.toNumber(it.cogs, p));
          expect(one(await value(grid, it.item, null, method))).toBe(N.toNumber(it.value, p));
          expect(one(await qty(grid, it.item))).toBe(N.toNumber(it.qty, cli.prepared.scales.q));
        }
        // Date ranges split the total exactly: before + from the cut = all.
        const cut = 46082 + 20;
        const before = one(await cogs(grid, null, null, cut - 1, method));
        const after = one(await cogs(grid, null, cut, null, method));
        expect(N.fromNumber(before, p) as number + (N.fromNumber(after, p) as number)).toBe(N.fromNumber(N.toNumber(cli.totals.cogs, p), p));
        // One engine run per view however many questions were asked (QTY uses the default view;
        // a method override is a view of its own).
        expect(bookStats().runs).toBe(method === undefined ? 1 : 2);
      }),
      { numRuns: 40 },
    );
  });

  test('PERIODIC: periodic FIFO COGS = opening + purchases - closing, derived by hand', async () => {
    const grid = [
      HEADER,
      ['2026-01-02', 'Receipt', 'A', 10, 1.1, '', ''],
      ['2026-01-10', 'Receipt', 'A', 10, 1.3, '', ''],
      ['2026-01-20', 'Sale', 'A', 12, '', 3, ''],
      ['2026-02-03', 'Receipt', 'A', 5, 1.7, '', ''],
      ['2026-02-04', 'Sale', 'A', 4, '', 3, ''],
    ];
    // Whole range: purchases 11.00 + 13.00 + 8.50 = 32.50; 9 left, valued at the latest purchases
    // (5 @ 1.70 + 4 @ 1.30 = 13.70); COGS 32.50 - 13.70 = 18.80.
    expect(one(await periodic(grid))).toBe(18.8);
    // January: purchases 24.00; 8 left @ 1.30 = 10.40; COGS 13.60.
    expect(one(await periodic(grid, 'A', null, '2026-01-31'))).toBe(13.6);
    // February: opening 10.40 + purchases 8.50 - closing 13.70 = 5.20; the months add up to the whole.
    expect(one(await periodic(grid, 'A', '2026-02-01', '2026-02-28'))).toBe(5.2);
  });
});
