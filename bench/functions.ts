/**
 * Timing of the INV custom functions over a 100,000-row Movements table (issue 13 targets).
 *
 *   node -r ts-node/register/transpile-only bench/functions.ts      (also part of `npm run bench`)
 *
 * Measures, in this thread (Node has no Web Worker; in Excel the engine part runs in the worker):
 *   - floatLoop:   a plain floating-point FIFO over the same cells: the machine's speed today, so
 *                  the other figures can be read as ratios on a loaded machine;
 *   - book:        the first INV.BOOK (hash + snapshot + read + engine + index). Target < 0.5 s;
 *   - scalar:      1,000 INV.COGS(book, item) calls, one after another. Target < 0.3 s in all;
 *   - vector:      one INV.COGS(book, 1,000-item range). Target < 50 ms;
 *   - edit:        one movement changed: INV.BOOK again (one more engine run), then the 1,000 calls;
 *   - rangeForm:   the old way, INV.COGS(Movements[#All], item) with the whole table in every call
 *                  (hash + exact check of 700,000 cells per call), per call, to compare;
 *   - payload:     what travels per call: the table once into BOOK, then a handle per formula.
 * Copies of the table are made outside the timed regions from JSON, so strings are distinct
 * objects, as Excel's deserialised arguments are.
 */
import { book, bookStats, clearBooks, cogs } from '../src/functions/core';
import { hashTables } from '../src/functions/tables';
import { floatFifo } from './floor';

const ROWS = 100_000;
const ITEMS = 1_000;
const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Doc'];

export function buildGrid(): unknown[][] {
  const grid: unknown[][] = [HEADER];
  // Per item: receipts then sales that never exceed stock (so the table has no errors).
  for (let i = 0; i < ROWS; i++) {
    const item = `ITEM${String(i % ITEMS).padStart(4, '0')}`;
    const serial = 46023 + Math.floor(i / 400);
    const round = Math.floor(i / ITEMS);
    if (round % 2 === 0) grid.push([serial, 'Receipt', item, 10 + (i % 7), 10 + (i % 97) / 4, '', `R${i}`]);
    else grid.push([serial, 'Sale', item, 5 + (i % 5), '', 30 + (i % 13), `S${i}`]);
  }
  return grid;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export async function benchFunctions(): Promise<Record<string, number | string>> {
  const json = JSON.stringify(buildGrid());
  const items = Array.from({ length: ITEMS }, (_, i) => [`ITEM${String(i).padStart(4, '0')}`]);

  let t0 = process.hrtime.bigint();
  const floatCogs = floatFifo(JSON.parse(json) as unknown[][]).cogs;
  const floatMs = ms(t0);

  // First INV.BOOK on a new table, and its hash alone.
  clearBooks();
  const grid = JSON.parse(json) as unknown[][];
  t0 = process.hrtime.bigint();
  hashTables([['Movements', grid as never]]);
  const hashMs = ms(t0);
  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const handle = await book(grid);
  const bookMs = ms(t0);
  const bookCpu = process.cpuUsage(cpu0);
  if (typeof handle !== 'string') throw new Error(`bench grid has errors: ${handle.message}`);
  const first = [[handle]];

  // 1,000 scalar calls on the book, one after another (Excel's cells each get the handle).
  t0 = process.hrtime.bigint();
  let sum = 0;
  for (let k = 0; k < ITEMS; k++) {
    const r = await cogs(first, [[items[k]?.[0]]]);
    if (!Array.isArray(r)) throw new Error('unexpected error value');
    sum += r[0]?.[0] as number;
  }
  const scalarMs = ms(t0);

  // The vectorised form.
  t0 = process.hrtime.bigint();
  const v = await cogs(first, items);
  const vectorMs = ms(t0);
  if (!Array.isArray(v) || v.length !== ITEMS) throw new Error('vector result has the wrong shape');
  const runsBeforeEdit = bookStats().runs;

  // Edit one movement: BOOK re-runs once, the formulas look up.
  const edited = JSON.parse(json) as unknown[][];
  (edited[5] as unknown[])[3] = 11;
  t0 = process.hrtime.bigint();
  const handle2 = await book(edited);
  const rebookMs = ms(t0);
  if (typeof handle2 !== 'string' || handle2 === handle) throw new Error('the edit was not seen');
  t0 = process.hrtime.bigint();
  for (let k = 0; k < ITEMS; k++) await cogs([[handle2]], [[items[k]?.[0]]]);
  const scalarAfterEditMs = ms(t0);
  const runsAfterEdit = bookStats().runs;

  // The range form, as before books: the whole table in every call (cache hit, so hash + check).
  const copies = Array.from({ length: 2 }, () => JSON.parse(json) as unknown[][]);
  await cogs(copies[0], [[items[0]?.[0]]]);
  const RANGE_CALLS = 20;
  t0 = process.hrtime.bigint();
  for (let k = 0; k < RANGE_CALLS; k++) await cogs(copies[k % 2], [[items[k]?.[0]]]);
  const rangeCallMs = ms(t0) / RANGE_CALLS;

  return {
    rows: ROWS,
    floatFifoLoopMs: round1(floatMs),
    firstBookMs: round1(bookMs),
    firstBookVsFloatLoop: round1(bookMs / floatMs),
    // This process's CPU (user + system, all threads: V8's collector helpers included) over the first BOOK.
    firstBookCpuMs: round1((bookCpu.user + bookCpu.system) / 1000),
    hashOfTableMs: round1(hashMs),
    scalar1000CallsOnBookMs: round1(scalarMs),
    vector1000ItemsOnBookMs: round1(vectorMs),
    engineRunsForBookAndAllCalls: runsBeforeEdit,
    rebookAfterOneEditMs: round1(rebookMs),
    scalar1000CallsAfterEditMs: round1(scalarAfterEditMs),
    engineRunsAfterEdit: runsAfterEdit,
    rangeFormPerCallMs: round1(rangeCallMs),
    payloadTableBytes: json.length,
    payloadPerCallBytes: JSON.stringify(first).length,
    checksum: Math.round(sum + floatCogs * 0),
  };
}

if (require.main === module) {
  benchFunctions().then(
    (r) => {
      console.log(`INV functions over ${Number(r['rows']).toLocaleString('en-US')} movement rows (float FIFO loop over the same cells: ${r['floatFifoLoopMs']} ms)`);
      console.log(`  first INV.BOOK (hash ${r['hashOfTableMs']} ms, read, engine, index): ${r['firstBookMs']} ms, CPU ${r['firstBookCpuMs']} ms (target < 500; ${r['firstBookVsFloatLoop']}x the float loop)`);
      console.log(`  1,000 INV.COGS(book, item) calls: ${r['scalar1000CallsOnBookMs']} ms in all (target < 300)`);
      console.log(`  INV.COGS(book, 1,000 items): ${r['vector1000ItemsOnBookMs']} ms (target < 50)`);
      console.log(`  engine runs so far: ${r['engineRunsForBookAndAllCalls']}; one movement edited: BOOK ${r['rebookAfterOneEditMs']} ms, then 1,000 calls ${r['scalar1000CallsAfterEditMs']} ms, engine runs ${r['engineRunsAfterEdit']}`);
      console.log(`  the range form (the table in every call): ${r['rangeFormPerCallMs']} ms per call`);
      console.log(`  payload: the table ${(Number(r['payloadTableBytes']) / 1e6).toFixed(1)} MB once into BOOK, then ${r['payloadPerCallBytes']} bytes per formula`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
