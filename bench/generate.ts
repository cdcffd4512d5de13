/**
 * Deterministic synthetic Movements tables for the benchmarks: a seeded generator, so every run values
 * the same million movements. Cells are what Excel hands us: serial dates, text, numbers.
 */
import type { InputCell } from '../src/workbook/sheet';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Location', 'Doc', 'Order'];

/**
 * n movements over `items` items and `locations` locations: receipts (40%), sales (45%), transfers,
 * adjustments and counts; never short of stock (so NegativeStock Block never fires).
 */
export function movementsGrid(n: number, items: number, locations: number, seed = 42): InputCell[][] {
  const next = rng(seed);
  const locs = Array.from({ length: locations }, (_, i) => (i === 0 ? 'Main' : `WH${i}`));
  const onHand = new Float64Array(items * locations);
  const grid: InputCell[][] = new Array(n + 1);
  grid[0] = HEADER;
  const start = 45658; // 2025-01-01
  for (let i = 0; i < n; i++) {
    const date = start + Math.floor((i / n) * 730);
    const it = Math.floor(next() * items);
    const li = locations === 1 ? 0 : Math.floor(next() * locations);
    const k = it * locations + li;
    const item = `ITEM${String(it).padStart(4, '0')}`;
    const loc = locs[li] as string;
    const r = next();
    const have = onHand[k] as number;
    if (r < 0.4 || have < 1) {
      const q = 1 + Math.floor(next() * 50);
      const cost = Math.round((5 + next() * 95) * 100) / 100;
      onHand[k] = have + q;
      grid[i + 1] = [date, 'Receipt', item, q, cost, null, loc, `R${i}`, `PO${i >> 3}`];
    } else if (r < 0.85 || locations === 1) {
      const q = 1 + Math.floor(next() * Math.min(have, 20));
      const price = Math.round((10 + next() * 190) * 100) / 100;
      onHand[k] = have - q;
      grid[i + 1] = [date, 'Sale', item, q, null, price, loc, `INV${i}`, null];
    } else if (r < 0.95) {
      const q = 1 + Math.floor(next() * Math.min(have, 10));
      const lj = (li + 1) % locations;
      onHand[k] = have - q;
      onHand[it * locations + lj] = (onHand[it * locations + lj] as number) + q;
      grid[i + 1] = [date, 'Transfer', item, q, null, null, loc, `T${i}`, null];
      (grid[i + 1] as InputCell[]).push(locs[lj] as string);
    } else {
      const q = -Math.min(have, 1 + Math.floor(next() * 2));
      onHand[k] = have + q;
      grid[i + 1] = [date, 'Adjust', item, q, null, null, loc, `ADJ${i}`, null];
    }
  }
  grid[0] = [...HEADER, 'ToLocation'];
  return grid;
}
