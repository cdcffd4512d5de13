/**
 * The floor every bench figure is compared with: a plain floating-point FIFO over the same cell
 * arrays (no exactness, no journal, no ledger). One loop, so the ratios of all sections compare.
 * Columns: Type at 1, Item at 2, Qty at 3, UnitCost at 4; pools by item, and by location too when
 * `locationCol` is given. Receipts add a layer; Sale, Adjust and Transfer issue |Qty| FIFO.
 */
export function floatFifo(grid: readonly (readonly unknown[])[], locationCol?: number): { ms: number; cogs: number } {
  const t0 = process.hrtime.bigint();
  const pools = new Map<string, { q: number[]; c: number[]; head: number }>();
  let cogs = 0;
  for (let i = 1; i < grid.length; i++) {
    const row = grid[i] as unknown[];
    const type = row[1] as string;
    const key = locationCol === undefined ? (row[2] as string) : (row[2] as string) + '|' + (row[locationCol] as string);
    let p = pools.get(key);
    if (p === undefined) {
      p = { q: [], c: [], head: 0 };
      pools.set(key, p);
    }
    let qty = row[3] as number;
    if (type === 'Receipt') {
      p.q.push(qty);
      p.c.push(row[4] as number);
    } else if (type === 'Sale' || type === 'Adjust' || type === 'Transfer') {
      qty = Math.abs(qty);
      while (qty > 0 && p.head < p.q.length) {
        const t = Math.min(qty, p.q[p.head] as number);
        cogs += t * (p.c[p.head] as number);
        p.q[p.head] = (p.q[p.head] as number) - t;
        qty -= t;
        if (p.q[p.head] === 0) p.head++;
      }
    }
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cogs };
}
