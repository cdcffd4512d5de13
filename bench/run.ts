/**
 * `npm run bench`: prints the performance figures as JSON. Never a pass/fail test: the figures are
 * read against the targets in the issues (see docs/performance.md).
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/run.ts [--quick] [--only engine,full,...]
 */
import { runEngine } from '../src/engine/pipeline';
import { prepare } from '../src/engine/prepare';
import { valueMovements } from '../src/engine/valuation/walk';
import { Poster } from '../src/engine/post';
import type { Diagnostic, Inputs, Method } from '../src/engine/types';
import { readWorkbook } from '../src/workbook/read';
import { renderStockLedger } from '../src/workbook/render/stock';
import { valueWorkbook } from '../src/workbook/run';
import { rowAt, rowCount } from '../src/workbook/sheet';
import { movementsGrid, rng } from './generate';
import { floatFifo as floatFifoAt } from './floor';

/** The floor over the generated grid: pools by item and location (column 6). */
const floatFifo = (grid: readonly (readonly unknown[])[]): { ms: number; cogs: number } => floatFifoAt(grid, 6);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg === undefined ? undefined : new Set(onlyArg.slice(7).split(','));
const want = (name: string): boolean => only === undefined || only.has(name);
const N_ENGINE = quick ? 100_000 : 1_000_000;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}
function ms(t0: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
}
function peakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
/** The live heap: collected first (outside every timed span), so garbage not yet collected is not counted. */
function heapMb(): number {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
}

const SECTIONS = ['engine', 'full', 'cli', 'excel', 'functions', 'catchup', 'edge'];

/**
 * Without --only, each section runs in its own process (so one section's heap cannot weigh on the
 * next, and peak memory is per section) and the parent prints them together.
 */
async function orchestrate(): Promise<void> {
  const { spawnSync } = await import('child_process');
  const out: Record<string, unknown> = { machine: { node: process.version, cpus: require('os').cpus().length, totalMemGb: Math.round(require('os').totalmem() / 2 ** 30) }, movements: N_ENGINE };
  for (const section of SECTIONS) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '-r', 'ts-node/register/transpile-only', __filename, `--only=${section}`, ...(quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
      out[section] = { failed: true, exitCode: child.status, stderr: (child.stderr ?? '').split('\n').slice(-8).join('\n') };
      continue;
    }
    const parsed = JSON.parse(child.stdout) as Record<string, unknown>;
    for (const [k, v] of Object.entries(parsed)) if (k !== 'machine' && k !== 'movements') out[k === 'peakRssMb' ? `${section}PeakRssMb` : k] = v;
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

async function main(): Promise<void> {
  if (only === undefined) return orchestrate();
  const out: Record<string, unknown> = { machine: { node: process.version, cpus: require('os').cpus().length }, movements: N_ENGINE };

  if (want('engine')) {
    // Issue 11: value + post per method at 1,000,000 movements over 1,000 items (one location), as a
    // multiple of a plain float FIFO loop over the same cells; and a scaling row (FIFO) at 100k, 400k
    // and 1M movements, where the time per movement must stay flat.
    const scaling: Record<string, unknown>[] = [];
    for (const n of quick ? [25_000, 100_000] : [100_000, 400_000, 1_000_000]) {
      const g = movementsGrid(n, 1000, 1, 42);
      gc();
      const floorN = Math.min(floatFifo(g).ms, floatFifo(g).ms);
      const read = readWorkbook({ Movements: g });
      gc();
      const t0 = process.hrtime.bigint();
      const prep = prepare(read.inputs, {}, []);
      const poster = new Poster(prep.scales, prep.chart.role('Rounding'));
      valueMovements(prep, [], poster);
      poster.finish();
      const t = ms(t0);
      scaling.push({ movements: n, valueAndPostMs: t, usPerMovement: Math.round((t * 1000 / n) * 100) / 100, floatFifoMs: floorN, floatUsPerMovement: Math.round((floorN * 1000 / n) * 1000) / 1000, ratio: Math.round((t / floorN) * 100) / 100 });
    }
    const grid = movementsGrid(N_ENGINE, 1000, 1, 42);
    gc();
    const floor = floatFifo(grid);
    const floor2 = floatFifo(grid);
    const floorMs = Math.min(floor.ms, floor2.ms);
    const perMethod: Record<string, unknown> = {};
    for (const method of ['FIFO', 'LIFO', 'AVERAGE'] as Method[]) {
      gc();
      const t0 = process.hrtime.bigint();
      const read = readWorkbook({ Movements: grid, Settings: [['Setting', 'Value'], ['Method', method]] });
      const tParse = ms(t0);
      gc();
      const t1 = process.hrtime.bigint();
      const diags: Diagnostic[] = [];
      const prep = prepare(read.inputs, {}, diags);
      const poster = new Poster(prep.scales, prep.chart.role('Rounding'));
      const valuation = valueMovements(prep, diags, poster);
      const journal = poster.finish();
      const tValue = ms(t1);
      const t3 = process.hrtime.bigint();
      const r = runEngineFrom(read.inputs, prep, valuation, journal);
      const sheet = renderStockLedger(r);
      // Every row made once, as a writer makes them (the table is lazy).
      const ledgerTable = sheet.tables[0];
      let ledgerRows = 0;
      if (ledgerTable !== undefined) for (let i = 0; i < rowCount(ledgerTable); i++) ledgerRows += rowAt(ledgerTable, i).length > 0 ? 1 : 0;
      const tLedger = ms(t3);
      perMethod[method] = {
        parseMs: tParse,
        valueAndPostMs: tValue,
        stockLedgerSheetMs: tLedger,
        totalMs: Math.round((tParse + tValue + tLedger) * 10) / 10,
        valueVsFloatFifo: Math.round((tValue / floorMs) * 100) / 100,
        ledgerRows,
        errors: diags.filter((d) => d.severity === 'error').length + read.diagnostics.filter((d) => d.severity === 'error').length,
        heapMb: heapMb(),
      };
    }
    out['engine'] = { floatFifoFloorMs: floorMs, perMethod, scaling, peakRssMb: peakMb() };
  }

  if (want('full')) {
    // Issue 8: the full pipeline (read, engine, postings, every report, sheet models), 1,000 items x 5 locations.
    const grid = movementsGrid(N_ENGINE, 1000, 5, 7);
    const locations = [['Location', 'Kind'], ['Main', 'Normal'], ['WH1', 'Normal'], ['WH2', 'Normal'], ['WH3', 'Normal'], ['WH4', 'Quarantine']];
    gc();
    const t0 = process.hrtime.bigint();
    const run = valueWorkbook({ Movements: grid, Locations: locations });
    const t = ms(t0);
    const heapAfterRun = heapMb();
    // Big tables make their rows on demand (lazyTable): make every row once, as a writer does, so
    // the figure shows where that cost went rather than hiding it.
    const t1 = process.hrtime.bigint();
    let rows = 0;
    let cells = 0;
    for (const sh of run.sheets) for (const tb of sh.tables) for (let i = 0; i < rowCount(tb); i++, rows++) cells += rowAt(tb, i).length;
    const tRows = ms(t1);
    out['fullPipeline'] = {
      ms: t,
      rowsMadeMs: tRows,
      totalMs: Math.round((t + tRows) * 10) / 10,
      sheets: run.sheets.length,
      sheetRows: rows,
      sheetCells: cells,
      journalLines: run.result.journal.lines.length,
      peakRssMb: peakMb(),
      heapMb: heapAfterRun,
      balanced: run.summary.totals.debits === run.summary.totals.credits,
    };
  }

  if (want('cli')) {
    // Issue 15: .xlsx in, every sheet out, against the same movements as CSV (bench/read.ts).
    const { cliXlsxVsCsv } = await import('./read');
    out['cliXlsxVsCsv'] = await cliXlsxVsCsv(quick ? 20_000 : 100_000);
  }

  if (want('edge')) {
    // Issue 17 item 6: a full sheet of movements, and a million distinct items (bench/edge.ts).
    const { edgeRuns } = await import('./edge');
    out['edge'] = edgeRuns(quick);
  }

  if (want('excel')) {
    const { measureJournalWrite } = await import('../src/excel/measure');
    const res: Record<string, unknown> = {};
    for (const n of quick ? [100_000] : [100_000, 1_000_000, 1_100_000]) {
      gc();
      const t0 = process.hrtime.bigint();
      const m = await measureJournalWrite(n);
      res[`journal${n}`] = { ...m, ms: ms(t0) };
    }
    out['excelWritePlan'] = res;
  }

  if (want('functions')) {
    const { benchFunctions } = await import('./functions');
    out['customFunctions'] = await benchFunctions();
  }
  if (want('catchup')) {
    // Issue 16: closed periods, 1% back-dated rows, within 1.5x of a run without ClosedThrough.
    const { benchCatchUp } = await import('./catchup');
    out['closedPeriods'] = benchCatchUp(N_ENGINE, true);
  }
  out['peakRssMb'] = peakMb();
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

import type { EngineResult } from '../src/engine/pipeline';
import type { Prepared } from '../src/engine/prepare';
import type { ValuationResult } from '../src/engine/valuation/types';
import type { Journal } from '../src/engine/post';
import { report } from '../src/engine/report';
function runEngineFrom(inputs: Inputs, prepared: Prepared, valuation: ValuationResult, journal: Journal): EngineResult {
  void inputs;
  return { prepared, valuation, journal, ...report(prepared, valuation, journal), tax: undefined, diagnostics: [], method: valuation.method };
}
void runEngine;
void rng;

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
