/**
 * Issue 16: closed periods. The same movements valued without ClosedThrough and with it, 1% of the
 * rows dated in the closed periods entered after the close (back-dated), for two closing dates:
 * halfway through the two years and at the end of the second-last month (the usual month-end case:
 * the closed run then covers 96% of the rows). Ratios are taken in the same process, each the best of
 * two alternating runs (`--runs N`: of N), by CPU time; the engine ratio (runEngine vs runWithCatchUp)
 * and the whole run's (valueWorkbook: read, engine, periodic comparison, every sheet model).
 */
import { runWithCatchUp } from '../src/engine/catchup';
import { runEngine } from '../src/engine/pipeline';
import { readWorkbook } from '../src/workbook/read';
import { valueWorkbook } from '../src/workbook/run';
import type { InputCell } from '../src/workbook/sheet';
import { movementsGrid, rng } from './generate';

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}
/**
 * Wall time, and this process's CPU time (user + system, GC threads included): on a machine shared
 * with other work the CPU time is the steadier figure, so the ratios are taken from it.
 */
function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  gc();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10, cpuMs: Math.round((c.user + c.system) / 100) / 10, value };
}

/** The grid with an Entered column: `share` of the rows dated on or before `closedThrough` entered after it. */
export function backdatedGrid(grid: readonly (readonly InputCell[])[], closedThrough: number, share: number, seed: number): InputCell[][] {
  const next = rng(seed);
  const header = [...(grid[0] as InputCell[]), 'Entered'];
  const width = header.length;
  const out: InputCell[][] = [header];
  for (let i = 1; i < grid.length; i++) {
    const row = [...(grid[i] as InputCell[])];
    while (row.length < width - 1) row.push(null);
    const date = row[0] as number;
    row.push(date <= closedThrough && next() < share ? closedThrough + 1 + Math.floor(next() * 20) : null);
    out.push(row);
  }
  return out;
}

export function benchCatchUp(n: number, whole: boolean, runs = 2): Record<string, unknown> {
  const grid = movementsGrid(n, 1000, 5, 7);
  const locations = [['Location', 'Kind'], ['Main', 'Normal'], ['WH1', 'Normal'], ['WH2', 'Normal'], ['WH3', 'Normal'], ['WH4', 'Quarantine']];
  const start = 45658; // 2025-01-01, as in generate.ts
  const closes = { halfway: start + 364, secondLastMonth: 46356 }; // 2025-12-31, 2026-11-30
  const out: Record<string, unknown> = { movements: n };
  for (const [name, ct] of Object.entries(closes)) {
    const tables = { Movements: backdatedGrid(grid, ct, 0.01, 3), Locations: locations };
    const closedSettings = [['Setting', 'Value'], ['ClosedThrough', ct]];
    const read = readWorkbook(tables);
    const readClosed = readWorkbook({ ...tables, Settings: closedSettings });
    const backdated = readClosed.inputs.movements.filter((m) => m.entered !== undefined && m.date <= ct).length;
    const closedRows = readClosed.inputs.movements.filter((m) => m.date <= ct).length;
    let plain = { ms: Infinity, cpuMs: Infinity };
    let closed = { ms: Infinity, cpuMs: Infinity };
    let catchUpLines = 0;
    const best = (a: { ms: number; cpuMs: number }, b: { ms: number; cpuMs: number }): { ms: number; cpuMs: number } => ({ ms: Math.min(a.ms, b.ms), cpuMs: Math.min(a.cpuMs, b.cpuMs) });
    for (let k = 0; k < runs; k++) {
      plain = best(plain, time(() => runEngine(read.inputs).journal.lines.length));
      const c = time(() => runWithCatchUp(readClosed.inputs));
      closed = best(closed, c);
      catchUpLines = c.value.catchUp?.book.lines.length ?? 0;
    }
    const row: Record<string, unknown> = {
      closedThrough: ct,
      closedRowsShare: Math.round((closedRows / n) * 100) / 100,
      backdatedRows: backdated,
      catchUpLines,
      engineMs: plain.ms,
      engineWithCloseMs: closed.ms,
      engineCpuMs: plain.cpuMs,
      engineWithCloseCpuMs: closed.cpuMs,
      engineRatio: Math.round((closed.cpuMs / plain.cpuMs) * 100) / 100,
    };
    if (whole) {
      let wPlain = { ms: Infinity, cpuMs: Infinity };
      let wClosed = { ms: Infinity, cpuMs: Infinity };
      for (let k = 0; k < runs; k++) {
        wPlain = best(wPlain, time(() => valueWorkbook(tables).sheets.length));
        wClosed = best(wClosed, time(() => valueWorkbook({ ...tables, Settings: closedSettings }).sheets.length));
      }
      row['wholeRunMs'] = wPlain.ms;
      row['wholeRunWithCloseMs'] = wClosed.ms;
      row['wholeRunCpuMs'] = wPlain.cpuMs;
      row['wholeRunWithCloseCpuMs'] = wClosed.cpuMs;
      row['wholeRunRatio'] = Math.round((wClosed.cpuMs / wPlain.cpuMs) * 100) / 100;
    }
    out[name] = row;
  }
  return out;
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const whole = !process.argv.includes('--engine-only');
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 2;
  process.stdout.write(JSON.stringify(benchCatchUp(quick ? 100_000 : 1_000_000, whole, runs > 0 ? runs : 2), null, 2) + '\n');
}
