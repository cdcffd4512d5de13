/**
 * The one module of the INV functions that touches the engine's results. It reads a book's tables
 * with the workbook reader the CLI and the task pane use (readWorkbook), values them with runWithCatchUp (runEngine with closed periods),
 * and boils the run down to a View (book.ts: plain data). If the engine's result types change, this
 * file is the edit.
 *
 *   const read = readBook({ Movements: grid, Settings: settings });
 *   computeView(read, {})               -> COGS / revenue / value / qty series per item
 *   computeView(read, { method: 'FIFO' }) -> the same, plus the remaining FIFO layers per item
 *   computeView(read, { period: 'All', asOf: 46112 }) -> plus periodic COGS up to 2026-03-31
 *
 * Every number comes from the same runEngine the CLI runs: COGS and revenue are summed from the
 * journal lines exactly as pipeline.itemSummaries sums them (the same account classification), so
 * with no date range INV.COGS equals the CLI's items[].cogs and totals.cogs.
 *
 * Errors: the first error diagnostic of the reader or the engine becomes the view's error
 * ("Movements row 7, column Qty: QTY_NOT_NUMBER ..."); an exception inside the engine becomes an
 * error too (a custom function must never throw).
 */
import * as N from '../engine/num';
import { runWithCatchUp } from '../engine/catchup';
import { cogsAccounts, salesAccounts, stockAccounts, type EngineResult } from '../engine/pipeline';
import { comparePeriodsWithClose } from '../engine/closing/periodic';
import type { Diagnostic, RunOptions } from '../engine/types';
import { readWorkbook, type ReadOptions, type ReadResult } from '../workbook/read';
import type { TableSource } from '../workbook/sheet';
import { SeriesBuilder, unitCostOf, unitScale, type ItemIndex, type LayerRow, type View, type ViewRequest } from './book';
import { invalid, type ErrorValue } from './values';

export type { ReadResult } from '../workbook/read';

/** "Movements row 7, column Qty: QTY_NOT_NUMBER ..." */
export function describeDiagnostic(d: Diagnostic): string {
  const where = [d.table ?? 'Workbook', d.row !== undefined ? ` row ${d.row}` : '', d.column !== undefined ? `, column ${d.column}` : ''].join('');
  return `${where}: ${d.code} ${d.message}${d.hint !== undefined ? ' ' + d.hint : ''}`;
}

function firstError(diagnostics: readonly Diagnostic[]): ErrorValue | undefined {
  const d = diagnostics.find((x) => x.severity === 'error');
  return d === undefined ? undefined : invalid(describeDiagnostic(d));
}

/** The book's tables as the engine's inputs (the CLI's and the task pane's reader). */
export function readBook(tables: TableSource, options: ReadOptions = {}): ReadResult {
  return readWorkbook(tables, options);
}

const EMPTY_SCALES = { p: 2, q: 0, c: 2 };

function emptyView(error: ErrorValue, movements: number): View {
  const none = { dates: [], cum: [] };
  const all: ItemIndex = { cogs: none, revenue: none, value: none, qty: none };
  return { error, scales: EMPTY_SCALES, all, items: new Map(), lowerCodes: new Map(), layers: undefined, periodic: undefined, movements };
}

/** One engine run over the read tables, reduced to a View. Never throws. */
export function computeView(read: ReadResult, request: ViewRequest): View {
  const movements = read.inputs.movements.length;
  const readError = firstError(read.diagnostics);
  if (readError !== undefined) return emptyView(readError, movements);
  const inputs = read.inputs;
  // With no Items table every item takes the Settings method, so overriding with it changes nothing.
  const method = request.method !== undefined && inputs.items.length === 0 && request.method === inputs.settings.method ? undefined : request.method;
  const options: { -readonly [K in keyof RunOptions]: RunOptions[K] } = {};
  if (method !== undefined) options.method = method;
  if (request.asOf !== undefined) options.asOf = request.asOf;
  if (request.period !== undefined) options.period = request.period;
  try {
    // With Settings ClosedThrough, closed periods answer as closed (SPEC 4a), like the sheets.
    const result = runWithCatchUp(inputs, options);
    return viewOfResult(result, request, movements);
  } catch (e) {
    return emptyView(invalid(`Perpetua could not value these tables (internal error: ${e instanceof Error ? e.message : String(e)}).`), movements);
  }
}

interface Builders {
  readonly cogs: SeriesBuilder;
  readonly revenue: SeriesBuilder;
  readonly value: SeriesBuilder;
  readonly qty: SeriesBuilder;
}

function builders(): Builders {
  return { cogs: new SeriesBuilder(), revenue: new SeriesBuilder(), value: new SeriesBuilder(), qty: new SeriesBuilder() };
}

function finish(b: Builders): ItemIndex {
  return { cogs: b.cogs.build(), revenue: b.revenue.build(), value: b.value.build(), qty: b.qty.build() };
}

const OTHER = 0;
const COGS = 1;
const SALES = 2;
const STOCK = 3;

/**
 * The view of one engine run: the lookup index the INV functions answer from. Reads the journal and
 * the stock ledger by column (no line or row object made), an account's class and an item's
 * builders found by the column's code in plain arrays.
 */
export function viewOfResult(result: EngineResult, request: ViewRequest, movements: number): View {
  const prepared = result.prepared;
  const perItem = new Map<string, Builders>();
  const all = builders();
  const of = (item: string): Builders => {
    let b = perItem.get(item);
    if (b === undefined) {
      b = builders();
      perItem.set(item, b);
    }
    return b;
  };
  // Same classification as pipeline.itemSummaries, so totals match the CLI to the cent (an account
  // in more than one set counts as COGS, then sales, then stock, as there).
  const cogsSet = cogsAccounts(prepared);
  const salesSet = salesAccounts(prepared);
  const stockSet = stockAccounts(prepared);
  const lines = result.journal.lines;
  const accountKind = lines.accountCodes().map((a) => (cogsSet.has(a) ? COGS : salesSet.has(a) ? SALES : stockSet.has(a) ? STOCK : OTHER));
  const itemBuilders = lines.itemCodes().map((item) => (item === undefined ? undefined : of(item)));
  for (let i = 0, n = lines.length; i < n; i++) {
    const kind = accountKind[lines.accountCodeAt(i)] as number;
    if (kind === OTHER) continue;
    const b = itemBuilders[lines.itemCodeAt(i)];
    if (b === undefined) continue;
    const date = lines.dateAt(i);
    const amount = lines.amountAt(i);
    if (kind === COGS) {
      b.cogs.add(date, amount);
      all.cogs.add(date, amount);
    } else if (kind === SALES) {
      const r = N.neg(amount);
      b.revenue.add(date, r);
      all.revenue.add(date, r);
    } else {
      b.value.add(date, amount);
      all.value.add(date, amount);
    }
  }
  const ledger = result.valuation.ledger;
  let lastItem: string | undefined;
  let lastQty: SeriesBuilder | undefined;
  for (let i = 0, n = ledger.length; i < n; i++) {
    const item = ledger.itemAt(i);
    if (item !== lastItem || lastQty === undefined) {
      lastItem = item;
      lastQty = of(item).qty;
    }
    const date = ledger.dateAt(i);
    const dq = N.sub(ledger.qtyInAt(i), ledger.qtyOutAt(i));
    lastQty.add(date, dq);
    all.qty.add(date, dq);
  }
  const items = new Map<string, ItemIndex>();
  for (const code of prepared.items.keys()) items.set(code, finish(perItem.get(code) ?? builders()));
  const lowerCodes = new Map<string, string>();
  for (const code of items.keys()) {
    const k = code.toLowerCase();
    if (!lowerCodes.has(k)) lowerCodes.set(k, code);
  }
  const { p, q, c } = prepared.scales;
  return {
    error: firstError(result.diagnostics),
    scales: { p, q, c },
    all: finish(all),
    items,
    lowerCodes,
    layers: request.method === 'FIFO' ? layersOf(result) : undefined,
    periodic: request.period === 'All' ? periodicOf(result) : undefined,
    movements,
  };
}

/** Remaining layers per item over all locations, oldest first; values exact (scale v). */
function layersOf(result: EngineResult): Map<string, LayerRow[]> {
  const { q, c, v } = result.prepared.scales;
  const byItem = new Map<string, { row: LayerRow; receipt: number }[]>();
  for (const pool of result.valuation.pools) {
    for (let i = pool.head; i < pool.layers.length; i++) {
      const l = pool.layers[i];
      if (l === undefined || N.sign(l.qty) <= 0) continue;
      const qty = N.toNumber(l.qty, q);
      const value = N.toNumber(l.value, v);
      const unitCost = l.cost !== undefined ? N.toNumber(l.cost, c) : (unitCostOf(l.value, v, l.qty, q, unitScale(c)) ?? 0);
      let list = byItem.get(pool.item);
      if (list === undefined) byItem.set(pool.item, (list = []));
      list.push({ row: { date: l.date, doc: l.doc ?? '', qty, unitCost, value }, receipt: l.receipt });
    }
  }
  const out = new Map<string, LayerRow[]>();
  for (const [item, list] of byItem) out.set(item, list.sort((x, y) => x.row.date - y.row.date || x.receipt - y.receipt).map((x) => x.row));
  return out;
}

/** Periodic COGS of the whole run as one period (period All), total and per item, at scale p. */
function periodicOf(result: EngineResult): View['periodic'] {
  const cmp = comparePeriodsWithClose(result)[0];
  if (cmp === undefined) return { total: 0, byItem: new Map() };
  const { v, p } = result.prepared.scales;
  return { total: cmp.periodic.cogs, byItem: new Map(cmp.items.map((it) => [it.item, N.rescale(it.cogs, v, p)])) };
}
