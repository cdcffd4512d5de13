/**
 * Timing of the INV custom functions over a 100,000-row Movements table.
 *
 *   node -r ts-node/register/transpile-only bench/functions.ts
 *
 * Measures, each with a fresh cache:
 *   - cold:      the first INV.COGS call (reader + engine + indexing);
 *   - scalar:    1,000 INV.COGS(grid copy, item) calls, each given its own copy of the array, the
 *                way Excel hands every cell its own arguments (includes the cold first call).
 *                Target: under 2 s in all;
 *   - compare:   one cache check of a copied grid (cell-by-cell comparison with the snapshot);
 *   - vector:    one INV.COGS call with a 1,000-item range, cold (engine included) and warm.
 *                Target: under 300 ms.
 * The copies are made outside the timed region. Copies from JSON.parse hold distinct string
 * objects (as Excel's deserialised arguments do), so the comparison really compares text.
 */
import { cacheStats, clearCache, cogs } from '../src/functions/core';

const ROWS = 100_000;
const ITEMS = 1_000;
const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Doc'];

function buildGrid(): unknown[][] {
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

export async function benchFunctions(): Promise<Record<string, number>> {
  const json = JSON.stringify(buildGrid());
  const items = Array.from({ length: ITEMS }, (_, i) => [`ITEM${String(i).padStart(4, '0')}`]);

  // Cold single call.
  clearCache();
  let t0 = process.hrtime.bigint();
  const first = cogs(JSON.parse(json) as unknown[][], [[items[0]?.[0]]]);
  const coldMs = ms(t0);
  if (!Array.isArray(first)) throw new Error(`bench grid has errors: ${JSON.stringify(first)}`);

  // 1,000 scalar calls, each given an array that is not the one the cache holds: independent
  // deserialisations (distinct row arrays and distinct string objects, as Excel's arguments), made
  // once and rotated, because parsing 1,000 copies of 100,000 rows would take minutes.
  const copies = Array.from({ length: 4 }, () => JSON.parse(json) as unknown[][]);
  clearCache();
  let scalarMs = 0;
  let compareMs = 0;
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < ITEMS; k++) {
    const copy = copies[k % copies.length] as unknown[][];
    t0 = process.hrtime.bigint();
    const r = cogs(copy, [[items[k]?.[0]]]);
    const t = ms(t0);
    scalarMs += t;
    if (k > 0) compareMs += t;
    if (!Array.isArray(r)) throw new Error('unexpected error value');
  }
  const cpu = process.cpuUsage(cpu0);
  const scalarRuns = cacheStats().engineRuns;

  // Vectorized: one call with 1,000 items, cold then warm.
  clearCache();
  const copy = JSON.parse(json) as unknown[][];
  t0 = process.hrtime.bigint();
  cogs(copy, items);
  const vectorColdMs = ms(t0);
  const copy2 = JSON.parse(json) as unknown[][];
  t0 = process.hrtime.bigint();
  const v = cogs(copy2, items);
  const vectorWarmMs = ms(t0);
  if (!Array.isArray(v) || v.length !== ITEMS) throw new Error('vector result has the wrong shape');

  return {
    rows: ROWS,
    coldFirstCallMs: round1(coldMs),
    scalar1000CallsMs: round1(scalarMs),
    scalar1000CallsCpuMs: round1((cpu.user + cpu.system) / 1000),
    scalarCallWarmAvgMs: round1(compareMs / (ITEMS - 1)),
    scalarEngineRuns: scalarRuns,
    vector1000ItemsColdMs: round1(vectorColdMs),
    vector1000ItemsWarmMs: round1(vectorWarmMs),
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

if (require.main === module) {
  benchFunctions().then(
    (r) => {
      console.log(`INV functions over ${r.rows?.toLocaleString('en-US')} movement rows`);
      console.log(`  cold first INV.COGS call (read + engine + index): ${r.coldFirstCallMs} ms`);
      console.log(`  1,000 scalar INV.COGS calls, each with its own copy: ${r.scalar1000CallsMs} ms in all (target < 2000; CPU ${r.scalar1000CallsCpuMs} ms), engine runs: ${r.scalarEngineRuns}`);
      console.log(`    of which a warm call (grid comparison + lookup) averages ${r.scalarCallWarmAvgMs} ms`);
      console.log(`  one INV.COGS call with 1,000 items: cold ${r.vector1000ItemsColdMs} ms, warm ${r.vector1000ItemsWarmMs} ms (target < 300)`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
