/**
 * The result cache behind the INV functions.
 *
 * Problem: Excel recalculating 1,000 `=INV.COGS(Movements[#All], A2)` cells calls us 1,000 times,
 * each time with its own fresh copy of the whole Movements range. Running the engine per call would
 * take minutes. So:
 *
 *   1. The grid is recognised by content, exactly: each call's grid is compared cell by cell with
 *      the cached snapshot (early exit on the first difference). This costs one pass over the cells
 *      (about a millisecond for 100,000 rows; bench/functions.ts measures it) and can never confuse
 *      two different tables, unlike a sampled or hashed fingerprint. The snapshot is a private copy,
 *      so a caller editing its array in place cannot fool it.
 *   2. A few recent grids are kept (LRU); per grid, the reader's result and a few engine runs keyed
 *      by method override and as-of date (LRU too).
 *   3. Each engine run is indexed once: per item (and for all items together) cumulative series by
 *      date of COGS, revenue, posted stock value and quantity, so every function call is
 *      a lookup plus two binary searches.
 *
 * Every number comes from the same runEngine the CLI runs: COGS and revenue are summed from the
 * journal lines exactly as pipeline.itemSummaries sums them, so with no date range INV.COGS equals
 * the CLI's items[].cogs and totals.cogs.
 */
import * as N from '../engine/num';
import type { Fixed } from '../engine/num';
import { cogsAccounts, runEngine, salesAccounts, stockAccounts, type EngineResult } from '../engine/pipeline';
import type { Diagnostic, Method, PeriodKind, RunOptions } from '../engine/types';
import { readWorkbook, type ReadResult } from '../workbook/read';
import type { CellGrid, InputCell } from '../workbook/sheet';
import { asGrid, invalid, isErrorValue, type ErrorValue } from './values';

/** A cumulative series: cum[i] is the total of everything dated on or before dates[i]. */
export interface Series {
  readonly dates: readonly number[];
  readonly cum: readonly Fixed[];
}

export interface ItemIndex {
  /** Scale p (posted): COGS lines, revenue (credit to sales as positive), stock account lines. */
  readonly cogs: Series;
  readonly revenue: Series;
  readonly value: Series;
  /** Scale q: quantity in minus out from the stock ledger. */
  readonly qty: Series;
}

export interface Book {
  readonly result: EngineResult;
  /** Set when the run has error diagnostics: every function then returns it instead of a number. */
  readonly error: ErrorValue | undefined;
  readonly all: ItemIndex;
  readonly byItem: ReadonlyMap<string, ItemIndex>;
  /** Lower-case code -> code, for items typed in another case. */
  readonly byLowerCode: ReadonlyMap<string, string>;
}

interface GridEntry {
  readonly snapshot: CellGrid;
  readonly read: ReadResult;
  readonly readError: ErrorValue | undefined;
  /** LRU: most recent last. */
  readonly books: Map<string, Book>;
}

const MAX_GRIDS = 3;
const MAX_BOOKS_PER_GRID = 6;

const grids: GridEntry[] = [];
const counters = { engineRuns: 0, reads: 0, gridHits: 0, bookHits: 0 };

/** How often the engine and the reader ran, and how often the cache answered (for tests and the bench). */
export function cacheStats(): Readonly<typeof counters> {
  return { ...counters };
}

export function engineRunCount(): number {
  return counters.engineRuns;
}

export function clearCache(): void {
  grids.length = 0;
  counters.engineRuns = 0;
  counters.reads = 0;
  counters.gridHits = 0;
  counters.bookHits = 0;
}

// ---- grid identity -------------------------------------------------------------------------------

function sameCell(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ea: unknown = Reflect.get(a, 'error');
    return typeof ea === 'string' && ea === Reflect.get(b, 'error');
  }
  return false;
}

/** True when the two grids hold the same cells (early exit on the first difference). */
export function sameGrid(snapshot: CellGrid, grid: ReadonlyArray<unknown>): boolean {
  const n = snapshot.length;
  if (grid.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const a = snapshot[i] as ReadonlyArray<InputCell>;
    const b: unknown = grid[i];
    const m = a.length;
    if (!Array.isArray(b) || b.length !== m) return false;
    for (let j = 0; j < m; j++) {
      const x = a[j];
      const y: unknown = b[j];
      if (x !== y && !sameCell(x, y)) return false;
    }
  }
  return true;
}

function copyCell(v: unknown): InputCell {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'object') {
    const e: unknown = Reflect.get(v, 'error');
    if (typeof e === 'string') return { error: e };
  }
  return String(v);
}

function snapshotOf(grid: ReadonlyArray<ReadonlyArray<unknown>>): CellGrid {
  const out: InputCell[][] = new Array<InputCell[]>(grid.length);
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i] as ReadonlyArray<unknown>;
    const copy = new Array<InputCell>(row.length);
    for (let j = 0; j < row.length; j++) copy[j] = copyCell(row[j]);
    out[i] = copy;
  }
  return out;
}

/** "Movements row 7, column Qty: QTY_NOT_NUMBER ..." */
export function describeDiagnostic(d: Diagnostic): string {
  const where = [d.table ?? 'Workbook', d.row !== undefined ? ` row ${d.row}` : '', d.column !== undefined ? `, column ${d.column}` : ''].join('');
  return `${where}: ${d.code} ${d.message}${d.hint !== undefined ? ' ' + d.hint : ''}`;
}

function firstError(diagnostics: readonly Diagnostic[]): ErrorValue | undefined {
  const d = diagnostics.find((x) => x.severity === 'error');
  return d === undefined ? undefined : invalid(describeDiagnostic(d));
}

function gridEntry(grid: ReadonlyArray<unknown>): GridEntry | ErrorValue {
  for (let k = grids.length - 1; k >= 0; k--) {
    const e = grids[k] as GridEntry;
    if (sameGrid(e.snapshot, grid)) {
      counters.gridHits++;
      if (k !== grids.length - 1) {
        grids.splice(k, 1);
        grids.push(e);
      }
      return e;
    }
  }
  // Not cached: check the shape once here (a hit has been checked row by row by sameGrid).
  const rows = asGrid(grid, 'movements');
  if (isErrorValue(rows)) return rows;
  const snapshot = snapshotOf(rows);
  counters.reads++;
  const read = readWorkbook({ Movements: snapshot });
  const entry: GridEntry = { snapshot, read, readError: firstError(read.diagnostics), books: new Map() };
  grids.push(entry);
  if (grids.length > MAX_GRIDS) grids.shift();
  return entry;
}

// ---- engine runs and their indexes -------------------------------------------------------------

class SeriesBuilder {
  private readonly dates: number[] = [];
  private readonly deltas: Fixed[] = [];
  private sorted = true;

  add(date: number, delta: Fixed): void {
    if (N.isZero(delta)) return;
    const last = this.dates[this.dates.length - 1];
    if (last !== undefined && date < last) this.sorted = false;
    this.dates.push(date);
    this.deltas.push(delta);
  }

  build(): Series {
    let order = this.dates.map((_, i) => i);
    if (!this.sorted) order = order.sort((a, b) => (this.dates[a] as number) - (this.dates[b] as number) || a - b);
    const dates: number[] = [];
    const cum: Fixed[] = [];
    let run: Fixed = 0;
    for (const i of order) {
      const d = this.dates[i] as number;
      run = N.add(run, this.deltas[i] as Fixed);
      if (dates.length > 0 && dates[dates.length - 1] === d) cum[cum.length - 1] = run;
      else {
        dates.push(d);
        cum.push(run);
      }
    }
    return { dates, cum };
  }
}

/** Cumulative total on or before `date` (undefined: everything). */
export function upTo(s: Series, date: number | undefined): Fixed {
  const n = s.dates.length;
  if (n === 0) return 0;
  if (date === undefined) return s.cum[n - 1] as Fixed;
  let lo = 0;
  let hi = n; // first index with dates[i] > date
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.dates[mid] as number) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (s.cum[lo - 1] as Fixed);
}

/** Total dated within [from, to] (either end open when undefined). */
export function between(s: Series, from: number | undefined, to: number | undefined): Fixed {
  const end = upTo(s, to);
  return from === undefined ? end : N.sub(end, upTo(s, from - 1));
}

interface Builders {
  cogs: SeriesBuilder;
  revenue: SeriesBuilder;
  value: SeriesBuilder;
  qty: SeriesBuilder;
}

function builders(): Builders {
  return {
    cogs: new SeriesBuilder(),
    revenue: new SeriesBuilder(),
    value: new SeriesBuilder(),
    qty: new SeriesBuilder(),
  };
}

function finish(b: Builders): ItemIndex {
  return {
    cogs: b.cogs.build(),
    revenue: b.revenue.build(),
    value: b.value.build(),
    qty: b.qty.build(),
  };
}

function indexBook(result: EngineResult, readError: ErrorValue | undefined): Book {
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
  // Same classification as pipeline.itemSummaries, so totals match the CLI to the cent.
  const cogsSet = cogsAccounts(prepared);
  const salesSet = salesAccounts(prepared);
  const stockSet = stockAccounts(prepared);
  for (const l of result.journal.lines) {
    if (l.item === undefined) continue;
    const b = of(l.item);
    if (cogsSet.has(l.account)) {
      b.cogs.add(l.date, l.amount);
      all.cogs.add(l.date, l.amount);
    } else if (salesSet.has(l.account)) {
      const r = N.neg(l.amount);
      b.revenue.add(l.date, r);
      all.revenue.add(l.date, r);
    } else if (stockSet.has(l.account)) {
      b.value.add(l.date, l.amount);
      all.value.add(l.date, l.amount);
    }
  }
  for (const row of result.valuation.ledger) {
    const b = of(row.item);
    const dq = N.sub(row.qtyIn, row.qtyOut);
    b.qty.add(row.date, dq);
    all.qty.add(row.date, dq);
  }
  const byItem = new Map<string, ItemIndex>();
  for (const code of prepared.items.keys()) byItem.set(code, finish(perItem.get(code) ?? builders()));
  const byLowerCode = new Map<string, string>();
  for (const code of byItem.keys()) {
    const k = code.toLowerCase();
    if (!byLowerCode.has(k)) byLowerCode.set(k, code);
  }
  return { result, error: readError ?? firstError(result.diagnostics), all: finish(all), byItem, byLowerCode };
}

export interface BookRequest {
  readonly method?: Method;
  readonly asOf?: number;
  /** Period kind for the periodic comparison (INV.PERIODIC uses All). */
  readonly period?: PeriodKind;
}

/**
 * The indexed engine run for this Movements grid, method override and as-of date, from the cache
 * when possible. Returns an ErrorValue when the grid has reader errors (the engine is then not run)
 * or the engine reports an error.
 */
export function bookFor(grid: ReadonlyArray<unknown>, request: BookRequest = {}): Book | ErrorValue {
  const entry = gridEntry(grid);
  if (isErrorValue(entry)) return entry;
  if (entry.readError !== undefined) return entry.readError;
  const inputs = entry.read.inputs;
  // With no Items table every item takes the Settings method, so overriding with it changes nothing.
  const method = request.method !== undefined && inputs.items.length === 0 && request.method === inputs.settings.method ? undefined : request.method;
  const key = `${method ?? ''}|${request.asOf ?? ''}|${request.period ?? ''}`;
  const hit = entry.books.get(key);
  if (hit !== undefined) {
    counters.bookHits++;
    entry.books.delete(key);
    entry.books.set(key, hit);
    return hit;
  }
  const options: { -readonly [K in keyof RunOptions]: RunOptions[K] } = {};
  if (method !== undefined) options.method = method;
  if (request.asOf !== undefined) options.asOf = request.asOf;
  if (request.period !== undefined) options.period = request.period;
  let book: Book;
  try {
    counters.engineRuns++;
    book = indexBook(runEngine(inputs, options), undefined);
  } catch (e) {
    return invalid(`Perpetua could not value these movements (internal error: ${e instanceof Error ? e.message : String(e)}).`);
  }
  entry.books.set(key, book);
  if (entry.books.size > MAX_BOOKS_PER_GRID) {
    const oldest = entry.books.keys().next().value;
    if (oldest !== undefined) entry.books.delete(oldest);
  }
  return book;
}
