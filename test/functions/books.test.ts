/**
 * Books: INV.BOOK runs the engine once over a workbook's tables; every formula then answers from
 * the handle. Identity by content, one run per edit, runs shared between concurrent formulas and
 * cancelled only when nobody waits, the worker protocol (tables travel once), and the messages for
 * the usual mistakes (a data body without headers, a stale handle, error cells).
 */
import { runEngine } from '../../src/engine/pipeline';
import * as N from '../../src/engine/num';
import { bookStats, clearBooks, setRunner, viewOf, bookOfTables, type CancelSignal } from '../../src/functions/books';
import { book, cogs, value, fifo } from '../../src/functions/core';
import { CancelledRun, ThreadRunner, WorkerRunner } from '../../src/functions/runner';
import { handleViewMessage, type ViewMessage, type ViewReply } from '../../src/functions/workerProtocol';
import { isErrorValue, setLocaleSource, type Result } from '../../src/functions/values';
import { readWorkbook } from '../../src/workbook/read';

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
  if (typeof v !== 'number') throw new Error('not a number: ' + JSON.stringify(v));
  return v;
}

async function handle(...tables: unknown[]): Promise<string> {
  const h = await book(...tables);
  if (typeof h !== 'string') throw new Error(h.message);
  return h;
}

beforeEach(() => {
  clearBooks();
  setRunner(new ThreadRunner());
});

describe('one engine run per book', () => {
  test('INV.BOOK returns a short handle; 1,000 INV.COGS(handle, item) calls run nothing more', async () => {
    const h = await handle(table(3000));
    expect(h).toMatch(/^Book [0-9a-f]{12} · 3,000 movements$/);
    const answers = new Set<number>();
    for (let k = 0; k < 1000; k++) answers.add(num(await cogs([[h]], `I${k % 50}`)));
    expect(bookStats().runs).toBe(1);
    expect(answers.size).toBeGreaterThan(1);
  });

  test('200 concurrent range-form calls, each given a separate copy, share one run', async () => {
    const json = JSON.stringify(table(3000));
    const copies = Array.from({ length: 4 }, () => JSON.parse(json) as unknown[][]);
    const calls = Array.from({ length: 200 }, (_, k) => cogs(copies[k % 4], `I${k % 50}`));
    const results = await Promise.all(calls);
    expect(results.every((r) => !isErrorValue(r))).toBe(true);
    expect(bookStats().runs).toBe(1);
  });

  test('the same cells give the same handle; editing one movement re-runs once and changes the handle', async () => {
    const grid = table(300);
    const h1 = await handle(grid);
    expect(await handle(JSON.parse(JSON.stringify(grid)))).toBe(h1);
    expect(bookStats().runs).toBe(1);
    const edited = grid.map((row) => row.slice());
    (edited[3] as unknown[])[3] = 7;
    const h2 = await handle(edited);
    expect(h2).not.toBe(h1);
    expect(bookStats().runs).toBe(2);
    for (let k = 0; k < 50; k++) await cogs([[h2]], `I${k}`);
    expect(bookStats().runs).toBe(2);
    // The old handle still answers with the old numbers.
    expect(num(await value([[h1]]))).not.toBe(num(await value([[h2]])));
  });

  test('an appended row, a changed header, or another table make a different book', async () => {
    const grid = table(100);
    const h = await handle(grid);
    expect(await handle([...grid, [46200, 'Receipt', 'I1', 1, 1, '']])).not.toBe(h);
    expect(await handle([['date', ...HEADER.slice(1)], ...grid.slice(1)])).not.toBe(h);
    expect(await handle(grid, [['Setting', 'Value'], ['Method', 'LIFO']])).not.toBe(h);
  });
});

describe('a book reads every table like the CLI', () => {
  const movements = [
    HEADER,
    ['2026-03-02', 'Receipt', 'COAT', 10, 100, ''],
    ['2026-03-03', 'Receipt', 'COAT', 10, 125, ''],
    ['2026-03-04', 'Sale', 'COAT', 15, '', 200],
    ['2026-03-04', 'Receipt', 'HAT', 4, 10, ''],
    ['2026-03-05', 'Sale', 'HAT', 1, '', 30],
  ];
  const settings = [['Setting', 'Value'], ['Method', 'LIFO']];
  const items = [['Item', 'Method'], ['HAT', 'AVERAGE']];

  test('Settings and Items change the answer exactly as runEngine over the same tables', async () => {
    const h = await handle(movements, settings, items);
    const cli = runEngine(readWorkbook({ Movements: movements as never, Settings: settings as never, Items: items as never }).inputs);
    expect(num(await cogs([[h]]))).toBe(N.toNumber(cli.totals.cogs, 2));
    expect(num(await cogs([[h]], 'COAT'))).toBe(1750); // LIFO from Settings (SPEC 10)
    expect(num(await cogs(movements, 'COAT'))).toBe(1625); // the Movements range alone: defaults (FIFO)
    expect(num(await value([[h]]))).toBe(N.toNumber(cli.totals.inventoryValue, 2));
  });

  test('an error in another table is the book\'s error, naming the table, row and column', async () => {
    const r = await book(movements, [['Setting', 'Value'], ['Precision', 'many']]);
    expect(r).toMatchObject({ error: 'invalidValue', message: expect.stringMatching(/^Settings row 2/) });
  });
});

describe('messages for the usual mistakes', () => {
  const grid = [HEADER, ['2026-03-02', 'Receipt', 'COAT', 10, 100, ''], ['2026-03-09', 'Sale', 'COAT', 2, '', 250]];

  test('the data body without its header row names the fix: Movements[#All]', async () => {
    for (const r of [await cogs(grid.slice(1)), await book(grid.slice(1))]) {
      expect(r).toMatchObject({ error: 'invalidValue' });
      expect(isErrorValue(r) && r.message).toMatch(/Movements has no header row.*Movements\[#All\]/);
    }
    const r = await book(grid, [['Method', 'LIFO']]);
    expect(isErrorValue(r) && r.message).toMatch(/Settings has no header row.*Settings\[#All\]/);
  });

  test('a handle this runtime does not hold says to recalculate; other text is not a book', async () => {
    const stale = await cogs([['Book 0123456789ab · 12 movements']]);
    expect(stale).toMatchObject({ error: 'notAvailable', message: expect.stringContaining('recalculate its INV.BOOK cell') });
    expect(await cogs([['COAT']])).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('Movements[#All]') });
  });

  test('error cells reach the functions and get a message (an Excel error object, as allowErrorForDataTypeAny passes it)', async () => {
    class ExcelError extends Error {
      constructor(readonly code: string) {
        super('');
      }
    }
    const inBook = await cogs([[new ExcelError('#VALUE!')]]);
    expect(inBook).toMatchObject({ error: 'invalidValue', message: expect.stringContaining('INV.BOOK cell') });
    const withNa = grid.map((row, i) => (i === 2 ? row.map((c, j) => (j === 3 ? new ExcelError('#N/A') : c)) : row));
    const r = await cogs(withNa);
    expect(isErrorValue(r) && r.message).toMatch(/^Movements row 3, column Qty: CELL_ERROR/);
  });

  test('text dates in ISO or the workbook locale', async () => {
    try {
      setLocaleSource(() => 'en-GB');
      expect(num(await cogs(grid, null, '09/03/2026', '31/03/2026'))).toBe(200);
      expect(num(await cogs(grid, null, '10/03/2026'))).toBe(0);
      setLocaleSource(() => 'de-DE');
      expect(num(await value(grid, 'COAT', '08.03.2026'))).toBe(1000);
      setLocaleSource(() => 'en-US');
      expect(num(await value(grid, 'COAT', '3/8/2026'))).toBe(1000);
      expect(num(await value(grid, 'COAT', '2026-03-08'))).toBe(1000);
      const bad = await value(grid, 'COAT', '31/03/2026');
      expect(isErrorValue(bad) && bad.message).toMatch(/asOf: "31\/03\/2026" is not a date.*3\/31\/2026.*MDY/);
    } finally {
      setLocaleSource(() => undefined);
    }
  });
});

function signal(): CancelSignal & { fire(): void } {
  const listeners: (() => void)[] = [];
  return { onCancel: (l) => void listeners.push(l), fire: () => listeners.splice(0).forEach((l) => l()) };
}

describe('cancellation', () => {
  test('a run is stopped only when every formula waiting on it has given up', async () => {
    const b = bookOfTables([table(200)]);
    if (isErrorValue(b)) throw new Error(b.message);
    const s1 = signal();
    const s2 = signal();
    const first = viewOf(b, {}, s1);
    const second = viewOf(b, {}, s2);
    s1.fire();
    await expect(first).rejects.toBeInstanceOf(CancelledRun);
    const v = await second;
    expect(v.error).toBeUndefined();
    expect(bookStats().runs).toBe(1);

    const s3 = signal();
    const lonely = viewOf(b, { method: 'LIFO' }, s3);
    s3.fire();
    await expect(lonely).rejects.toBeInstanceOf(CancelledRun);
    await viewOf(b, { method: 'LIFO' });
    expect(bookStats().runs).toBe(3); // the cancelled run was dropped, so the next asks again
  });
});

/** A Web Worker stand-in running the real worker handler on a later macrotask. */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<ViewReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly received: ViewMessage[] = [];
  constructor() {
    FakeWorker.created.push(this);
  }
  postMessage(message: ViewMessage): void {
    this.received.push(message);
    const copy = structuredClone(message);
    setTimeout(() => {
      if (this.terminated) return;
      handleViewMessage(copy, (reply) => {
        if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) } as MessageEvent<ViewReply>);
      });
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('the engine worker', () => {
  beforeEach(() => {
    FakeWorker.created = [];
  });
  const make = (): Worker => new FakeWorker() as unknown as Worker;

  test('the tables travel once; other views of the book reuse them in the worker', async () => {
    setRunner(new WorkerRunner(make, new ThreadRunner()));
    const grid = table(300);
    const h = await handle(grid);
    const direct = num(await cogs(grid, null, null, null, 'LIFO'));
    expect(num(await cogs([[h]], null, null, null, 'LIFO'))).toBe(direct);
    expect((await fifo([[h]], 'I1', null, 'layers')) as unknown[][]).toContainEqual(['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value']);
    const worker = FakeWorker.created[0] as FakeWorker;
    expect(FakeWorker.created).toHaveLength(1);
    expect(worker.received.filter((m) => m.tables !== undefined)).toHaveLength(1);
    expect(worker.received.length).toBeGreaterThanOrEqual(3);
  });

  test('cancelling a run restarts the worker; the other pending runs are sent again, tables included', async () => {
    setRunner(new WorkerRunner(make, new ThreadRunner()));
    const b = bookOfTables([table(300)]);
    if (isErrorValue(b)) throw new Error(b.message);
    const s = signal();
    const doomed = viewOf(b, { method: 'LIFO' }, s);
    const kept = viewOf(b, { method: 'AVERAGE' });
    s.fire();
    await expect(doomed).rejects.toBeInstanceOf(CancelledRun);
    expect((await kept).error).toBeUndefined();
    expect(FakeWorker.created).toHaveLength(2);
    expect(FakeWorker.created[0]?.terminated).toBe(true);
    expect(FakeWorker.created[1]?.received[0]?.tables).toBeDefined();
  });

  test('a worker that cannot start: everything runs in this thread', async () => {
    setRunner(
      new WorkerRunner(() => {
        throw new Error('no workers here');
      }, new ThreadRunner()),
    );
    expect(num(await cogs(table(200)))).toBeGreaterThan(0);
  });
});
