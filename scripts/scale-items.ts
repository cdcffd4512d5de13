/**
 * Scale check (not a test): N distinct items, each received once and sold once across two years,
 * timed stage by stage against a plain float loop over the same movements in the same run.
 *   npx ts-node --transpile-only scripts/scale-items.ts 100000 250000 1000000
 * itemSummaries (pipeline.ts) is timed only up to SUMMARY_MAX items (it scans all pools per item).
 */
import { prepare } from '../src/engine/prepare';
import { valueMovements } from '../src/engine/value';
import { accountBalances, itemSummaries, totalsOf, type EngineResult } from '../src/engine/pipeline';
import { comparePeriods } from '../src/engine/periodic';
import { buildMigration } from '../src/engine/migration';
import { DEFAULT_SETTINGS, type Diagnostic, type Inputs, type Movement } from '../src/engine/types';

const SUMMARY_MAX = 20_000;
const START = 46023; // 2026-01-01

function inputsOf(n: number): Inputs {
  const movements: Movement[] = [];
  for (let i = 0; i < n; i++) {
    const day = START + Math.floor((i * 730) / n);
    const item = `IT${i}`;
    movements.push({ seq: movements.length, source: { table: 'Movements', row: movements.length + 2 }, date: day, type: 'Receipt', item, qty: 10, unitCost: 1 + (i % 97) / 100 });
  }
  for (let i = 0; i < n; i++) {
    const day = START + Math.min(729, Math.floor((i * 730) / n) + 3);
    movements.push({ seq: movements.length, source: { table: 'Movements', row: movements.length + 2 }, date: day, type: 'Sale', item: `IT${i}`, qty: 4, unitPrice: 3.5 });
  }
  return { settings: { ...DEFAULT_SETTINGS }, accounts: [], locations: [], items: [], kits: [], movements, landedCosts: [] };
}

/** The floor: FIFO over the same movements with floats and one Map of arrays. */
function floatFloor(inputs: Inputs): number {
  const layers = new Map<string, { q: number; c: number }[]>();
  let cogs = 0;
  const sorted = [...inputs.movements].sort((a, b) => a.date - b.date || a.seq - b.seq);
  for (const m of sorted) {
    let ls = layers.get(m.item);
    if (ls === undefined) layers.set(m.item, (ls = []));
    if (m.type === 'Receipt') ls.push({ q: m.qty, c: m.unitCost ?? 0 });
    else {
      let need = m.qty;
      while (need > 0 && ls.length > 0) {
        const l = ls[0] as { q: number; c: number };
        const t = Math.min(need, l.q);
        cogs += t * l.c;
        l.q -= t;
        need -= t;
        if (l.q === 0) ls.shift();
      }
    }
  }
  return cogs;
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
};

for (const arg of process.argv.slice(2)) {
  const n = Number(arg);
  const inputs = inputsOf(n);
  const [, floor] = time(() => floatFloor(inputs));
  const diagnostics: Diagnostic[] = [];
  const [prep, tPrep] = time(() => prepare(inputs, {}, diagnostics));
  const [valuation, tValue] = time(() => valueMovements(prep, diagnostics));
  const [accounts, tAcc] = time(() => accountBalances(prep, valuation.journal));
  let tSum = NaN;
  let items: EngineResult['items'] = [];
  if (n <= SUMMARY_MAX) [items, tSum] = time(() => itemSummaries(prep, valuation, valuation.journal));
  const result: EngineResult = { prepared: prep, valuation, journal: valuation.journal, accounts, items, totals: totalsOf(items, valuation.journal), tax: undefined, diagnostics, method: 'FIFO' };
  const [periods, tPer] = time(() => comparePeriods(result));
  const [, tMig] = time(() => buildMigration(result));
  const mb = Math.round(process.memoryUsage().rss / 1e6);
  const r = (x: number): string => (Number.isNaN(x) ? '-' : `${Math.round(x)} ms (${(x / floor).toFixed(1)}x)`);
  console.log(
    `${n} items, ${inputs.movements.length} movements: float floor ${Math.round(floor)} ms | prepare ${r(tPrep)} | value+post ${r(tValue)} | accounts ${r(tAcc)} | itemSummaries ${r(tSum)} | periodic ${r(tPer)} (${periods.length} periods) | migration ${r(tMig)} | rss ${mb} MB`,
  );
}
