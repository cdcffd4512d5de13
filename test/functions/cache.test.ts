import { cacheStats, clearCache, cogs, engineRunCount, value } from '../../src/functions/core';
import { isErrorValue, type Result } from '../../src/functions/values';

const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice'];

function table(rows: number): unknown[][] {
  const grid: unknown[][] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const item = `I${i % 50}`;
    grid.push(Math.floor(i / 50) % 3 === 2 ? [46082 + Math.floor(i / 50), 'Sale', item, 1, '', 9.5] : [46082 + Math.floor(i / 50), 'Receipt', item, 2, 3.25 + (i % 50) / 4, '']);
  }
  return grid;
}

function num(r: Result): number {
  if (isErrorValue(r)) throw new Error(r.message);
  const v = r[0]?.[0];
  if (typeof v !== 'number') throw new Error('not a number');
  return v;
}

beforeEach(() => clearCache());

describe('result cache', () => {
  test('1,000 calls, each with its own deserialised copy, run the engine once', () => {
    const json = JSON.stringify(table(3000));
    const answers = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      const copy = JSON.parse(json) as unknown[][];
      answers.add(num(cogs(copy, `I${k % 50}`)));
    }
    expect(engineRunCount()).toBe(1);
    expect(cacheStats().reads).toBe(1);
    expect(answers.size).toBeGreaterThan(1);
  });

  test('a changed cell invalidates: new engine run, new answer', () => {
    const grid = table(300);
    const before = num(cogs(grid));
    const edited = grid.map((row) => row.slice());
    const row = edited[2] as unknown[]; // the first Receipt of I1, at 3.50, sold first (FIFO)
    row[4] = 9.99;
    const after = num(cogs(edited));
    expect(engineRunCount()).toBe(2);
    expect(after).not.toBe(before);
    // Editing the caller's own array in place is noticed too (the cache keeps a private snapshot).
    (grid[2] as unknown[])[4] = 9.99;
    expect(num(cogs(grid))).toBe(after);
    expect(engineRunCount()).toBe(2);
    (grid[2] as unknown[])[4] = 3.5;
    expect(num(cogs(grid))).toBe(before);
    expect(engineRunCount()).toBe(2); // both grids are still cached (LRU)
  });

  test('an appended row and a changed header are different tables', () => {
    const grid = table(60);
    num(cogs(grid));
    num(cogs([...grid, [46200, 'Receipt', 'I1', 1, 1, '']]));
    const renamed = grid.map((row) => row.slice());
    renamed[0] = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'Price'];
    num(cogs(renamed));
    expect(engineRunCount()).toBe(3);
  });

  test('the method and the functions share runs: one per method', () => {
    const grid = table(90);
    num(cogs(grid));
    num(value(grid, 'I1'));
    num(cogs(grid, null, null, null, 'FIFO')); // the default method: same run
    num(cogs(grid, null, null, null, 'LIFO'));
    num(value(grid, 'I2', null, 'LIFO'));
    expect(engineRunCount()).toBe(2);
  });
});
