/**
 * Timing of the workbook reader on a large Movements table.
 *
 *   node -r ts-node/register/transpile-only bench/read.ts [rows]
 *
 * Builds cell grids the way hosts deliver them, then times readWorkbook on each (best of 3 runs
 * after a first, cold run that is reported too; a full garbage collection precedes each run):
 *   - typed:  Office.js / exceljs style (Date as serial number, Qty and UnitCost numbers);
 *   - text:   CSV style (every cell is text: ISO dates, numeric text);
 * and prints rows per second. Target: 1,000,000 typed rows in under ~400 ms.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { readWorkbook } from '../src/workbook/read';
import type { CellGrid, InputCell } from '../src/workbook/sheet';

// A full collection before each timed run, so a run does not pay for the previous run's garbage.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const rows = Number(process.argv[2] ?? 1_000_000);
const TYPES = ['Receipt', 'Shipment', 'Sale', 'Transfer', 'Adjust'] as const;
const HEADER = ['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'Location', 'ToLocation', 'Doc'];

function build(asText: boolean): CellGrid {
  const grid: InputCell[][] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const type = TYPES[i % TYPES.length] ?? 'Receipt';
    const serial = 46023 + Math.floor(i / 3000);
    const qty = 1 + (i % 17);
    const cost = 10 + (i % 97) / 4;
    const toLocation = type === 'Transfer' ? 'Store' : null;
    grid.push(
      asText
        ? [isoText(serial), type, `ITEM${i % 5000}`, String(qty), String(cost), 'Main', toLocation ?? '', `D${i}`]
        : [serial, type, `ITEM${i % 5000}`, qty, cost, 'Main', toLocation, `D${i}`],
    );
  }
  return grid;
}

function isoText(serial: number): string {
  const d = new Date((serial - 25569) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function time(label: string, grid: CellGrid): void {
  const run = (): { ms: number; n: number; d: number } => {
    collect();
    const t0 = process.hrtime.bigint();
    const r = readWorkbook({ Movements: grid });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ms, n: r.inputs.movements.length, d: r.diagnostics.length };
  };
  const cold = run(); // the first run pays for JIT warm-up, as a one-shot CLI run does
  const runs = [run(), run(), run()];
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const perSec = Math.round((best.n / best.ms) * 1000);
  console.log(
    `${label.padEnd(6)} ${rows.toLocaleString('en-US')} rows: cold ${cold.ms.toFixed(0)} ms, best ${best.ms.toFixed(0)} ms ` +
      `(runs ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms), ${perSec.toLocaleString('en-US')} rows/s, ` +
      `${best.n.toLocaleString('en-US')} movements, ${best.d} diagnostics`,
  );
}

time('typed', build(false));
time('text', build(true));
