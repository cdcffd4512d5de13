/**
 * Issue 17 item 6: Excel's edge. The CLI (--json alone, Node's default heap, as a user runs it) on
 *   - a full sheet: 1,048,575 movements (row 1,048,576 is Excel's last) over 1,000 items and 5
 *     locations, as an .xlsx workbook;
 *   - 1,000,000 distinct items: a receipt of each, then 48,575 sales (again a full sheet), as CSV;
 * each in a fresh process, with the float FIFO floor over the same cells for the ratio.
 *
 *   node -r ts-node/register/transpile-only bench/edge.ts [--quick]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { InputCell } from '../src/workbook/sheet';
import { buildPackage } from '../src/cli/packageBuild';
import { zipEntries } from '../src/cli/zipWrite';
import { floatFifo } from './floor';
import { movementsGrid } from './generate';
import { cliRun } from './read';

const EXCEL_ROWS = 1_048_576;

/** n receipts of n distinct items, then sales of the first ones up to `rows` movements. */
function distinctItemsGrid(items: number, rows: number): InputCell[][] {
  const grid: InputCell[][] = [['Date', 'Type', 'Item', 'Qty', 'UnitCost', 'UnitPrice', 'Location', 'Doc']];
  const code = (i: number): string => `SKU${String(i).padStart(7, '0')}`;
  for (let i = 0; i < items; i++) grid.push([45658 + Math.floor(i / 2000), 'Receipt', code(i), 1 + (i % 9), 10 + (i % 97) / 4, null, 'Main', `R${i}`]);
  for (let i = 0; grid.length <= rows; i++) grid.push([46158 + Math.floor(i / 4000), 'Sale', code(i), 1, null, 25, 'Main', `I${i}`]);
  return grid;
}

const iso = (serial: number): string => new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 10);

function writeXlsx(grid: readonly InputCell[][], file: string): void {
  let width = 0;
  for (const r of grid) width = Math.max(width, r.length);
  const asDate = (v: InputCell): InputCell => (typeof v === 'number' ? new Date(Math.round((v - 25569) * 86_400_000)) : v);
  const rows = grid.map((r, i) => Array.from({ length: width }, (_, c) => (i > 0 && c === 0 ? asDate(r[c] ?? null) : (r[c] ?? null))));
  const parts = buildPackage([{ name: 'Movements', table: 'Movements', rows }]);
  fs.writeFileSync(file, zipEntries([...parts].map(([name, data]) => ({ name, data: [data] }))));
}

function writeCsv(grid: readonly InputCell[][], dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(path.join(dir, 'Movements.csv'), 'w');
  try {
    for (let i = 0; i < grid.length; i += 10_000) {
      const text = grid.slice(i, i + 10_000).map((r, k) => r.map((v, c) => (v === null || v === undefined ? '' : i + k > 0 && c === 0 && typeof v === 'number' ? iso(v) : String(v))).join(','));
      fs.writeSync(fd, text.join('\r\n') + '\r\n');
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function edgeRuns(quick: boolean): Record<string, unknown> {
  const rows = quick ? 100_000 : EXCEL_ROWS - 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perpetua-bench-edge-'));
  try {
    const out: Record<string, unknown> = {};
    {
      let grid: InputCell[][] | undefined = movementsGrid(rows, 1000, 5, 11);
      const floor = Math.min(floatFifo(grid, 6).ms, floatFifo(grid, 6).ms);
      const file = path.join(dir, 'full.xlsx');
      writeXlsx(grid, file);
      grid = undefined;
      const run = cliRun(file, '', path.join(dir, 'full.json'), []);
      out['fullSheetXlsx'] = { movements: rows, inputBytes: fs.statSync(file).size, ...run, floatFifoMs: floor, vsFloat: Math.round((run.ms / floor) * 10) / 10 };
      fs.rmSync(file);
    }
    {
      const items = quick ? 95_000 : 1_000_000;
      let grid: InputCell[][] | undefined = distinctItemsGrid(items, rows);
      const floor = Math.min(floatFifo(grid, 6).ms, floatFifo(grid, 6).ms);
      const csv = path.join(dir, 'items');
      writeCsv(grid, csv);
      grid = undefined;
      const run = cliRun(csv, '', path.join(dir, 'items.json'), []);
      out['distinctItemsCsv'] = { movements: rows, items, ...run, floatFifoMs: floor, vsFloat: Math.round((run.ms / floor) * 10) / 10 };
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.stdout.write(`${JSON.stringify(edgeRuns(process.argv.includes('--quick')), null, 2)}\n`);
