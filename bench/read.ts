/**
 * Reading benchmarks.
 *
 * 1. The CLI on .xlsx versus CSV (issue 15): the same n movements as an .xlsx workbook (a
 *    Movements table, dates as date cells) and as a CSV folder; `perpetua value IN --out OUT.xlsx
 *    --json FILE` on each, every generated sheet written. Each run is its own process, so peak
 *    memory (maxRSS) is per run. Used by `npm run bench` (section cli) through cliXlsxVsCsv.
 *
 *      node -r ts-node/register/transpile-only bench/read.ts --cli [movements]
 *
 * 2. The workbook reader (src/workbook) on a large Movements table:
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

const rows = Number(process.argv.find((a, i) => i >= 2 && /^\d+$/.test(a)) ?? 1_000_000);
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

// ---------------------------------------------------------------------------------------------
// 1. The CLI on .xlsx versus CSV.

export interface CliRun {
  readonly ms: number;
  /** CPU time (user + system) of the run: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly exitCode: number;
  readonly peakRssMb: number;
  readonly outputBytes: number;
}

/** Writes the same movements as an .xlsx workbook and a CSV folder into `dir`. */
export async function writeInputs(n: number, dir: string): Promise<{ xlsx: string; csv: string }> {
  const fs = await import('fs');
  const path = await import('path');
  const { movementsGrid } = await import('./generate');
  const { buildPackage } = await import('../src/cli/packageBuild');
  const { zipEntries } = await import('../src/cli/zipWrite');
  const grid = movementsGrid(n, 1000, 5, 11);
  const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
  const asDate = (v: InputCell): InputCell => (typeof v === 'number' ? new Date(Math.round((v - 25569) * 86_400_000)) : v);
  const rowsOut = grid.map((r, i) => Array.from({ length: width }, (_, c) => (i > 0 && c === 0 ? asDate(r[c] ?? null) : (r[c] ?? null))));
  const xlsx = path.join(dir, 'movements.xlsx');
  const parts = buildPackage([{ name: 'Movements', table: 'Movements', rows: rowsOut }]);
  fs.writeFileSync(xlsx, zipEntries([...parts].map(([name, data]) => ({ name, data: [data] }))));
  const csv = path.join(dir, 'csv');
  fs.mkdirSync(csv, { recursive: true });
  const text = (v: InputCell, c: number, i: number): string =>
    v === null || v === undefined ? '' : i > 0 && c === 0 && typeof v === 'number' ? isoText(v) : String(v);
  fs.writeFileSync(path.join(csv, 'Movements.csv'), grid.map((r, i) => Array.from({ length: width }, (_, c) => text(r[c], c, i)).join(',')).join('\r\n') + '\r\n');
  return { xlsx, csv };
}

/**
 * One CLI run in a fresh process: wall time of main(), exit code, peak memory. `heapFlags` are the
 * child's V8 flags (default: a large heap; [] for Node's own default heap, as a user runs it). The
 * young generation is always what bin/perpetua.js gives the CLI (64 MB semi-spaces).
 */
export function cliRun(input: string, out: string, json: string, heapFlags: readonly string[] = ['--max-old-space-size=8192']): CliRun {
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const fs = require('fs') as typeof import('fs');
  const child = spawnSync(process.execPath, [...heapFlags, '--max-semi-space-size=64', '-r', 'ts-node/register/transpile-only', __filename, '--one', input, out, json], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench run failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Omit<CliRun, 'outputBytes'>;
  return { ...r, outputBytes: fs.existsSync(out) ? fs.statSync(out).size : 0 };
}

/** The CLI on the same n movements as .xlsx and as CSV; the ratio is the 2x target. */
export async function cliXlsxVsCsv(n: number): Promise<Record<string, unknown>> {
  const fs = await import('fs');
  const os = await import('os');
  const path = await import('path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perpetua-bench-read-'));
  try {
    const { xlsx, csv } = await writeInputs(n, dir);
    const runX = cliRun(xlsx, path.join(dir, 'x-out.xlsx'), path.join(dir, 'x.json'));
    const runC = cliRun(csv, path.join(dir, 'c-out.xlsx'), path.join(dir, 'c.json'));
    const same = fs.readFileSync(path.join(dir, 'x.json'), 'utf8') === fs.readFileSync(path.join(dir, 'c.json'), 'utf8');
    return {
      movements: n,
      inputXlsxBytes: fs.statSync(xlsx).size,
      xlsx: runX,
      csv: runC,
      xlsxVsCsv: Math.round((runX.ms / runC.ms) * 100) / 100,
      xlsxVsCsvCpu: Math.round((runX.cpuMs / runC.cpuMs) * 100) / 100,
      sameSummary: same,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One CLI run in this process; an empty `out` means --json alone (no sheet is built). */
async function one(input: string, out: string, json: string): Promise<void> {
  const { main } = await import('../src/cli/main');
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const argv = ['value', input, ...(out === '' ? [] : ['--out', out]), '--json', json];
  const exitCode = await main(argv, { stdout: () => undefined, stderr: (t) => process.stderr.write(t) });
  const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
  const cpu = process.cpuUsage(c0);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, exitCode, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--one') {
    void one(argv[1] ?? '', argv[2] ?? '', argv[3] ?? '');
  } else if (argv[0] === '--cli') {
    void cliXlsxVsCsv(Number(argv[1] ?? 100_000)).then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
  } else {
    time('typed', build(false));
    time('text', build(true));
  }
}
