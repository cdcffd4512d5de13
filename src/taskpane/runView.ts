/**
 * The one place the pane reads an engine run (PaneRun: summary, diagnostics, sheet models). Panels
 * render these views, never the engine's own shapes, so a change in the engine's results is an edit
 * here only. Money stays as exact decimal strings from the summary; the split of a difference comes
 * from the Periodic vs Perpetual sheet model, whose cells already hold the rounded figures.
 */
import { periodTitle } from '../workbook/render/common';
import type { Diagnostic } from '../engine/types';
import { isoFromSerial } from '../workbook/cells';
import type { OutputCell, SheetModel, SheetTable } from '../workbook/sheet';
import type { PaneRun } from './engineProtocol';

export interface ErrorView {
  readonly errors: number;
  readonly warnings: number;
  /** Distinct table rows that have at least one error (the rows a run skips). */
  readonly rows: number;
  /** Movements rows with an error, ascending. */
  readonly movementRows: readonly number[];
}

export function errorView(diagnostics: readonly Diagnostic[]): ErrorView {
  const rows = new Set<string>();
  const movementRows = new Set<number>();
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'warning') warnings += 1;
    if (d.severity !== 'error') continue;
    errors += 1;
    if (d.table !== undefined && d.row !== undefined) rows.add(`${d.table}\u0000${d.row}`);
    if (d.table === 'Movements' && d.row !== undefined) movementRows.add(d.row);
  }
  return { errors, warnings, rows: rows.size, movementRows: [...movementRows].sort((a, b) => a - b) };
}

/** Parts of the periodic-minus-perpetual difference, as rounded sheet figures (display only). */
export interface DifferenceParts {
  readonly shrinkage: number;
  readonly method: number;
  readonly timing: number;
  readonly other: number;
}

export interface MissingAtCount {
  readonly item: string;
  readonly location: string;
  readonly qty: number;
}

export interface PeriodView {
  /** The engine's label: 2026-03, 2026-Q1, FY2027, All. */
  readonly period: string;
  readonly revenue: string;
  readonly perpetualCogs: string;
  readonly periodicCogs: string;
  readonly perpetualMargin: string;
  readonly periodicMargin: string;
  readonly parts?: DifferenceParts;
  /** Units the period's counts found short of the book (from the Stock Ledger's Count rows). */
  readonly missing: readonly MissingAtCount[];
}

export interface ComparisonView {
  readonly currency: string;
  readonly periods: readonly PeriodView[];
  /** The generated sheet holding every detail, when the run made one. */
  readonly sheetName?: string;
}

function column(table: SheetTable, header: string): number {
  return table.columns.findIndex((c) => c.header.toLowerCase() === header.toLowerCase());
}

function num(cell: OutputCell | undefined): number {
  return typeof cell === 'number' ? cell : 0;
}

function partsByPeriod(sheet: SheetModel | undefined): Map<string, DifferenceParts> {
  const out = new Map<string, DifferenceParts>();
  const table = sheet?.tables.find((t) => column(t, 'Shrinkage') >= 0);
  if (table === undefined) return out;
  const [p, s, m, t, o] = ['Period', 'Shrinkage', 'Method Effect', 'Timing', 'Other'].map((h) => column(table, h));
  for (const row of table.rows) {
    const period = row[p ?? -1];
    if (typeof period !== 'string') continue;
    out.set(period, { shrinkage: num(row[s ?? -1]), method: num(row[m ?? -1]), timing: num(row[t ?? -1]), other: num(row[o ?? -1]) });
  }
  return out;
}

/** The period a date falls in, when the labels say how (months, or one period for everything). */
function periodOfDate(serial: number, labels: readonly string[]): string | undefined {
  if (labels.length === 1 && labels[0] === 'All') return 'All';
  if (labels.every((l) => /^\d{4}-\d{2}$/.test(l))) return isoFromSerial(serial).slice(0, 7);
  return undefined;
}

function missingByPeriod(ledger: SheetModel | undefined, labels: readonly string[]): Map<string, MissingAtCount[]> {
  const out = new Map<string, MissingAtCount[]>();
  const table = ledger?.tables.find((t) => column(t, 'Qty Out') >= 0 && column(t, 'Type') >= 0);
  if (table === undefined) return out;
  const [d, ty, it, lo, qo] = ['Date', 'Type', 'Item', 'Location', 'Qty Out'].map((h) => column(table, h));
  for (const row of table.rows) {
    const date = row[d ?? -1];
    const out_ = row[qo ?? -1];
    if (row[ty ?? -1] !== 'Count' || typeof date !== 'number' || typeof out_ !== 'number' || out_ <= 0) continue;
    const period = periodOfDate(date, labels);
    if (period === undefined) continue;
    const list = out.get(period) ?? [];
    list.push({ item: String(row[it ?? -1] ?? ''), location: String(row[lo ?? -1] ?? ''), qty: out_ });
    out.set(period, list);
  }
  return out;
}

export function comparisonView(run: PaneRun): ComparisonView {
  const sheet = run.sheets.find((s) => s.key === 'periodic-vs-perpetual');
  const ledger = run.sheets.find((s) => s.key === 'stock-ledger');
  const parts = partsByPeriod(sheet);
  const labels = run.summary.periods.map((p) => p.period);
  const missing = missingByPeriod(ledger, labels);
  return {
    currency: run.summary.baseCurrency,
    ...(sheet === undefined ? {} : { sheetName: sheet.sheetName }),
    periods: run.summary.periods.map((p) => {
      // The sheet labels periods as accountants do ("Mar 2026"); the summary keeps "2026-03".
      const split = parts.get(p.period) ?? parts.get(periodTitle(p.period));
      return {
        period: p.period,
        revenue: p.revenue,
        perpetualCogs: p.perpetual.cogs,
        periodicCogs: p.periodic.cogs,
        perpetualMargin: p.perpetual.grossMargin,
        periodicMargin: p.periodic.grossMargin,
        ...(split === undefined ? {} : { parts: split }),
        missing: missing.get(p.period) ?? [],
      };
    }),
  };
}

export interface TotalsView {
  readonly currency: string;
  readonly inventoryValue: string;
  readonly cogs: string;
  readonly revenue: string;
  readonly grossMargin: string;
  readonly debits: string;
  readonly credits: string;
}

export function totalsView(run: PaneRun): TotalsView {
  return { currency: run.summary.baseCurrency, ...run.summary.totals };
}

/** The run's method as the summary states it (the --method override, else the Settings method). */
export function runMethod(run: PaneRun): string {
  return run.summary.method;
}
