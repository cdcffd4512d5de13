import fc from 'fast-check';
import * as N from '../../src/engine/num';
import { runEngine } from '../../src/engine/pipeline';
import { comparePeriods } from '../../src/engine/periodic';
import { avgCost, clearCache, cogs, engineRunCount, fifo, margin, periodic, qty, value } from '../../src/functions/core';
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

beforeEach(() => clearCache());

describe('SPEC 10, winter coats: buy 10 at $100 in March, sell 2 at $250', () => {
  const coats = [
    HEADER,
    ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', 'PO-1'],
    ['2026-03-09', 'Sale', 'COAT', 2, '', 250, 'INV-1'],
  ];

  test('perpetual COGS 200, margin 300, 8 coats worth 800 left', () => {
    expect(one(cogs(coats))).toBe(200);
    expect(one(cogs(coats, [['COAT']]))).toBe(200);
    expect(one(margin(coats))).toBe(300);
    expect(one(value(coats, 'COAT'))).toBe(800);
    expect(one(qty(coats, 'COAT'))).toBe(8);
    expect(one(avgCost(coats, 'COAT'))).toBe(100);
  });

  test('periodic: 0 opening + 1,000 purchases - 800 closing = 200', () => {
    expect(one(periodic(coats))).toBe(200);
    expect(one(periodic(coats, 'COAT', '2026-03-01', '2026-03-31'))).toBe(200);
    expect(one(periodic(coats, 'coat', '2026-02-01', '2026-02-28'))).toBe(0);
    expect(matrix(periodic(coats, 'HAT'))[0]?.[0]).toMatchObject({ error: 'notAvailable' });
  });

  test('date ranges: nothing sold before the sale, the sale counted on its day', () => {
    expect(one(cogs(coats, null, '2026-03-01', '2026-03-08'))).toBe(0);
    expect(one(cogs(coats, null, 46090, 46090))).toBe(200); // 2026-03-09 as a serial
    expect(one(value(coats, 'COAT', '2026-03-05'))).toBe(1000);
    expect(one(qty(coats, 'COAT', '2026-03-01'))).toBe(0);
  });

  test('item codes match ignoring case; an unknown item is #N/A in its cell', () => {
    expect(one(cogs(coats, 'coat'))).toBe(200);
    const r = matrix(cogs(coats, [['COAT'], ['HAT']]));
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

  test('COGS: FIFO 1,625; LIFO 1,750 and moving average 1,687.50 through the method argument', () => {
    expect(one(cogs(week))).toBe(1625);
    expect(one(cogs(week, 'COAT', null, null, 'LIFO'))).toBe(1750);
    expect(one(cogs(week, 'COAT', null, null, 'AVERAGE'))).toBe(1687.5);
    expect(one(cogs(week, null, null, null, 'weighted average'))).toBe(1687.5);
  });

  test('FIFO layers spill the remaining 5 @ 125 from Tuesday', () => {
    const layers = matrix(fifo(week, 'COAT', null, 'layers'));
    expect(layers).toEqual([[46084, 'R-TUE', 5, 125, 625]]);
    expect(one(fifo(week, 'COAT'))).toBe(625);
    expect(one(fifo(week, 'COAT', null, 'qty'))).toBe(5);
    expect(one(fifo(week, 'COAT', null, 'unitcost'))).toBe(125);
  });

  test('FIFO values FIFO whatever the method; layers as of Tuesday are both receipts', () => {
    expect(one(value(week, 'COAT', null, 'LIFO'))).toBe(500);
    expect(one(fifo(week, 'COAT'))).toBe(625);
    expect(matrix(fifo(week, 'COAT', '2026-03-03', 'layers'))).toEqual([
      [46083, 'R-MON', 10, 100, 1000],
      [46084, 'R-TUE', 10, 125, 1250],
    ]);
  });

  test('FIFO layers before the first receipt: #N/A, the item is known but has no stock', () => {
    const r = fifo(week, 'coat', '2026-03-01', 'layers');
    expect(r).toMatchObject({ error: 'notAvailable', message: expect.stringContaining('no stock on hand on 2026-03-01') });
  });

  test('AVGCOST is value / qty; with nothing on hand it is #DIV/0!', () => {
    expect(one(avgCost(week, 'COAT', null, 'AVERAGE'))).toBe(112.5);
    const sold = [...week, ['2026-03-05', 'Shipment', 'COAT', 5, '', '', 'S-THU']];
    expect(matrix(avgCost(sold, 'COAT'))[0]?.[0]).toMatchObject({ error: 'divisionByZero' });
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

  test('a column of items spills a column, a row spills a row, blanks stay blank', () => {
    expect(matrix(cogs(grid, [['A'], ['B'], [''], [null]]))).toEqual([[7.5], [10], [''], ['']]);
    expect(matrix(qty(grid, [['A', 'B']]))).toEqual([[7, 3]]);
    expect(matrix(margin(grid, [['A', 'B'], ['B', 'A']]))).toEqual([
      [4.5, 2],
      [2, 4.5],
    ]);
  });

  test('one blank cell for item means all items', () => {
    expect(one(cogs(grid, [['']]))).toBe(17.5);
  });

  test('layers need a single item', () => {
    expect(fifo(grid, [['A'], ['B']], null, 'layers')).toMatchObject({ error: 'invalidValue' });
  });
});

describe('bad input gives error values, never numbers', () => {
  const good = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', '']];

  test('text in Qty names the row and column', () => {
    const bad = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 10, 100, '', ''], ['2026-03-03', 'Sale', 'COAT', 'two', '', 250, '']];
    const r = cogs(bad);
    expect(r).toMatchObject({ error: 'invalidValue' });
    expect(isErrorValue(r) && r.message).toMatch(/^Movements row 3, column Qty: QTY_NOT_NUMBER/);
    expect(value(bad, 'COAT')).toMatchObject({ error: 'invalidValue' });
  });

  test('missing header, empty table, not a range', () => {
    expect(cogs([['Date', 'Item', 'Qty'], ['2026-03-02', 'COAT', 1]])).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('MISSING_COLUMN') });
    expect(cogs([HEADER])).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('EMPTY_TABLE') });
    expect(cogs([])).toMatchObject({ error: 'invalidValue' });
    expect(cogs('Movements')).toMatchObject({ error: 'invalidValue' });
  });

  test('an engine error (selling stock that is not there) is #VALUE!, not a partial number', () => {
    const short = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 1, 100, '', ''], ['2026-03-03', 'Sale', 'COAT', 5, '', 250, '']];
    expect(cogs(short)).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('NEGATIVE_STOCK') });
  });

  test('bad arguments', () => {
    expect(cogs(good, null, 'last week')).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('from') });
    expect(cogs(good, null, '2026-04-01', '2026-03-01')).toMatchObject({ error: 'invalidValue' });
    expect(cogs(good, null, null, null, 'HIFO')).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('method') });
    expect(fifo(good, 'COAT', null, 'colour')).toMatchObject({ error: 'invalidValue' });
    expect(avgCost(good, null)).toMatchObject({ error: 'invalidValue' });
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

  test('COGS, margin, value and qty per item and in total, for every method', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.constantFrom(undefined, 'FIFO', 'LIFO', 'AVERAGE'), (events, method) => {
        clearCache();
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
        expect(one(cogs(grid, null, null, null, method))).toBe(N.toNumber(cli.totals.cogs, p));
        expect(one(margin(grid, null, null, null, method))).toBe(N.toNumber(cli.totals.grossMargin, p));
        expect(one(value(grid, null, null, method))).toBe(N.toNumber(cli.totals.inventoryValue, p));
        for (const it of cli.items) {
          expect(one(cogs(grid, it.item, null, null, method))).toBe(N.toNumber(it.cogs, p));
          expect(one(value(grid, it.item, null, method))).toBe(N.toNumber(it.value, p));
          expect(one(qty(grid, it.item))).toBe(N.toNumber(it.qty, cli.prepared.scales.q));
        }
        // Date ranges split the total exactly: before + from the cut = all.
        const cut = 46082 + 20;
        const before = one(cogs(grid, null, null, cut - 1, method));
        const after = one(cogs(grid, null, cut, null, method));
        expect(N.fromNumber(before, p) as number + (N.fromNumber(after, p) as number)).toBe(N.fromNumber(N.toNumber(cli.totals.cogs, p), p));
        // One engine run per method however many questions were asked (QTY uses the book run;
        // an override equal to the default method is the book run).
        expect(engineRunCount()).toBe(method === undefined || method === 'FIFO' ? 1 : 2);
      }),
      { numRuns: 40 },
    );
  });

  test('PERIODIC equals the periodic module over the whole range', () => {
    const grid = [
      HEADER,
      ['2026-01-02', 'Receipt', 'A', 10, 1.1, '', ''],
      ['2026-01-10', 'Receipt', 'A', 10, 1.3, '', ''],
      ['2026-01-20', 'Sale', 'A', 12, '', 3, ''],
      ['2026-02-03', 'Receipt', 'A', 5, 1.7, '', ''],
      ['2026-02-04', 'Sale', 'A', 4, '', 3, ''],
    ];
    const read = readWorkbook({ Movements: grid as never });
    const all = comparePeriods(runEngine(read.inputs, { period: 'All' }))[0];
    expect(all).toBeDefined();
    expect(one(periodic(grid))).toBe(N.toNumber(all?.periodic.cogs ?? 0, 2));
    // January and February add up to the whole.
    const jan = one(periodic(grid, 'A', null, '2026-01-31'));
    const feb = one(periodic(grid, 'A', '2026-02-01', '2026-02-28'));
    expect(Math.round((jan + feb) * 100)).toBe(Math.round(one(periodic(grid, 'A')) * 100));
  });
});
