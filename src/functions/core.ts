/**
 * The INV custom functions as pure functions over the engine (SPEC section 8). Each takes the
 * Movements range with its header row, reads it with readWorkbook, values it with runEngine (through
 * the cache in cache.ts, so 1,000 cells over the same table cost one engine run) and looks the
 * answer up. Results are matrices (1 x 1 for one answer; one cell per code for a range of items) or
 * one ErrorValue; functions.ts converts ErrorValues to CustomFunctions.Error.
 *
 *   | Date       | Type    | Item | Qty | UnitCost | UnitPrice |
 *   | 2026-03-02 | Receipt | COAT | 10  | 100      |           |
 *   | 2026-03-09 | Sale    | COAT | 2   |          | 250       |
 *   cogs(grid) -> [[200]]   margin(grid) -> [[300]]   value(grid, 'COAT') -> [[800]]
 *   fifo(grid, 'COAT', undefined, 'layers') -> [[46083, '', 8, 100, 800]]
 *
 * Errors: a reader or engine error diagnostic -> #VALUE! "Movements row 7, column Qty:
 * QTY_NOT_NUMBER ..." (never a number from partial data); a bad argument -> #VALUE! naming it;
 * an item with no movements -> #N/A in its cell; AVGCOST of an item with no stock -> #DIV/0!.
 */
import * as N from '../engine/num';
import type { Fixed } from '../engine/num';
import { isoDate } from '../engine/dates';
import { comparePeriods, type PeriodComparison } from '../engine/periodic';
import type { PeriodKind } from '../engine/types';
import { LANDED_BASIS } from '../workbook/readEnums';
import { display, headerKey, isBlank, parseNumber } from '../workbook/cells';
import type { InputCell } from '../workbook/sheet';
import { between, bookFor, upTo, type Book, type ItemIndex } from './cache';
import {
  asGrid,
  dateArg,
  invalid,
  isErrorValue,
  itemCode,
  isOmitted,
  methodArg,
  notAvailable,
  numberArg,
  optionArg,
  perItem,
  type Cell,
  type ErrorValue,
  type Matrix,
  type Result,
} from './values';

export type { Cell, ErrorValue, Matrix, Result } from './values';
export { cacheStats, clearCache, engineRunCount } from './cache';

/** Run `body`, turning any unexpected exception into #VALUE! (a custom function must never throw). */
function guarded(body: () => Result): Result {
  try {
    return body();
  } catch (e) {
    return invalid(`Perpetua internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function range(fromArg: unknown, toArg: unknown): { from: number | undefined; to: number | undefined } | ErrorValue {
  const from = dateArg(fromArg, 'from');
  if (isErrorValue(from)) return from;
  const to = dateArg(toArg, 'to');
  if (isErrorValue(to)) return to;
  if (from !== undefined && to !== undefined && from > to) return invalid(`from (${isoDate(from)}) is after to (${isoDate(to)}).`);
  return { from, to };
}

/** The item's index, trying the code as typed and then ignoring case; #N/A when it has no movements. */
function indexOf(book: Book, code: string | undefined): ItemIndex | ErrorValue {
  if (code === undefined) return book.all;
  const exact = book.byItem.get(code);
  if (exact !== undefined) return exact;
  const other = book.byLowerCode.get(code.toLowerCase());
  const found = other === undefined ? undefined : book.byItem.get(other);
  return found ?? notAvailable(`Item ${code} has no movements in this table.`);
}

/** The code as the table spells it (for a code typed in another case). */
function resolveCode(book: Book, typed: string): string {
  return book.byItem.has(typed) ? typed : (book.byLowerCode.get(typed.toLowerCase()) ?? typed);
}

function money(book: Book, x: Fixed): number {
  return N.toNumber(x, book.result.prepared.scales.p);
}

/** Movements grid -> indexed engine run, or the error to return. */
function book(movements: unknown, request: { method?: unknown; asOf?: number | undefined; period?: PeriodKind }): Book | ErrorValue {
  if (!Array.isArray(movements)) return invalid('movements must be a range (the Movements table with its header row), not a single value.');
  const grid: ReadonlyArray<unknown> = movements;
  const method = methodArg(request.method);
  if (isErrorValue(method)) return method;
  const b = bookFor(grid, {
    ...(method !== undefined ? { method } : {}),
    ...(request.asOf !== undefined ? { asOf: request.asOf } : {}),
    ...(request.period !== undefined ? { period: request.period } : {}),
  });
  if (isErrorValue(b)) return b;
  return b.error ?? b;
}

/** INV.COGS(movements, [item], [from], [to], [method]): cost of goods sold dated within [from, to]. */
export function cogs(movements: unknown, item?: unknown, from?: unknown, to?: unknown, method?: unknown): Result {
  return guarded(() => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    const b = book(movements, { method });
    if (isErrorValue(b)) return b;
    return perItem(item, (code) => {
      const ix = indexOf(b, code);
      return isErrorValue(ix) ? ix : money(b, between(ix.cogs, r.from, r.to));
    }, false);
  });
}

/** INV.MARGIN(movements, [item], [from], [to], [method]): revenue - COGS within [from, to]. */
export function margin(movements: unknown, item?: unknown, from?: unknown, to?: unknown, method?: unknown): Result {
  return guarded(() => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    const b = book(movements, { method });
    if (isErrorValue(b)) return b;
    return perItem(item, (code) => {
      const ix = indexOf(b, code);
      if (isErrorValue(ix)) return ix;
      return money(b, N.sub(between(ix.revenue, r.from, r.to), between(ix.cogs, r.from, r.to)));
    }, false);
  });
}

/** INV.VALUE(movements, [item], [asOf], [method]): posted stock value on hand at the end of asOf. */
export function value(movements: unknown, item?: unknown, asOf?: unknown, method?: unknown): Result {
  return guarded(() => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    const b = book(movements, { method });
    if (isErrorValue(b)) return b;
    return perItem(item, (code) => {
      const ix = indexOf(b, code);
      return isErrorValue(ix) ? ix : money(b, upTo(ix.value, d));
    }, false);
  });
}

/** INV.QTY(movements, [item], [asOf]): quantity on hand (all locations) at the end of asOf. */
export function qty(movements: unknown, item?: unknown, asOf?: unknown): Result {
  return guarded(() => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    const b = book(movements, {});
    if (isErrorValue(b)) return b;
    return perItem(item, (code) => {
      const ix = indexOf(b, code);
      return isErrorValue(ix) ? ix : N.toNumber(upTo(ix.qty, d), b.result.prepared.scales.q);
    }, false);
  });
}

/** Decimals of a unit cost shown by AVGCOST and FIFO unitcost: the cost scale, at least 6. */
function unitScale(b: Book): number {
  return Math.max(6, b.result.prepared.scales.c);
}

/** value (scale p) / qty (scale q) at unitScale, rounded half up; undefined when qty is zero. */
function unitCost(b: Book, val: Fixed, q: Fixed): number | undefined {
  if (N.isZero(q)) return undefined;
  const { p, q: qs } = b.result.prepared.scales;
  const u = unitScale(b);
  // val / 10^p / (q / 10^qs) * 10^u = val * 10^(u + qs - p) / q
  const shift = u + qs - p;
  const r = shift >= 0 ? N.mulDivRound(val, N.pow10Fixed(shift), q) : N.mulDivRound(val, 1, N.mul(q, N.pow10Fixed(-shift)));
  return N.toNumber(r, u);
}

/** INV.AVGCOST(movements, item, [asOf], [method]): VALUE / QTY of the item at the end of asOf. */
export function avgCost(movements: unknown, item?: unknown, asOf?: unknown, method?: unknown): Result {
  return guarded(() => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    const b = book(movements, { method });
    if (isErrorValue(b)) return b;
    return perItem(item, (code) => {
      const ix = indexOf(b, code);
      if (isErrorValue(ix)) return ix;
      const u = unitCost(b, upTo(ix.value, d), upTo(ix.qty, d));
      return u ?? { error: 'divisionByZero', message: `Item ${code ?? ''} has no stock on hand${d !== undefined ? ' on ' + isoDate(d) : ''}, so it has no average cost.` };
    }, true);
  });
}

/**
 * INV.PERIODIC(movements, [item], [from], [to]): periodic cost of goods sold = opening stock +
 * purchases - closing stock, computed by the engine's periodic module (src/engine/periodic.ts:
 * purchases to the Purchases account, closing at the counted or book quantity valued under the
 * periodic form of the item's method). The range is read as "periodic COGS up to `to` minus
 * periodic COGS up to the day before `from`", each one periodic period from the first movement, so
 * adjacent ranges add up. All items: the comparison's total (rounded once); one item: its exact
 * periodic COGS rounded to the cent.
 */
export function periodic(movements: unknown, item?: unknown, from?: unknown, to?: unknown): Result {
  return guarded(() => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    // The whole table says which items exist (an item first moving after `to` is 0, not #N/A).
    const full = book(movements, {});
    if (isErrorValue(full)) return full;
    const end = periodicUpTo(movements, r.to);
    if (isErrorValue(end)) return end;
    const start = r.from === undefined ? undefined : periodicUpTo(movements, r.from - 1);
    if (isErrorValue(start)) return start;
    const p = full.result.prepared.scales.p;
    return perItem(item, (typed) => {
      const ix = indexOf(full, typed);
      if (isErrorValue(ix)) return ix;
      const code = typed === undefined ? undefined : resolveCode(full, typed);
      const upToEnd = end.cogsOf(code);
      const beforeStart = start === undefined ? 0 : start.cogsOf(code);
      return N.toNumber(N.sub(upToEnd, beforeStart), p);
    }, false);
  });
}

interface PeriodicUpTo {
  readonly book: Book;
  /** Periodic COGS (scale p) of an item, or of all items when undefined. */
  cogsOf(code: string | undefined): Fixed;
}

const comparisons = new WeakMap<Book, PeriodComparison | null>();

/** Periodic COGS of everything dated on or before `date`, as one periodic period. */
function periodicUpTo(movements: unknown, date: number | undefined): PeriodicUpTo | ErrorValue {
  const b = book(movements, { ...(date !== undefined ? { asOf: date } : {}), period: 'All' });
  if (isErrorValue(b)) return b;
  let cmp = comparisons.get(b);
  if (cmp === undefined) {
    cmp = comparePeriods(b.result)[0] ?? null;
    comparisons.set(b, cmp);
  }
  const { v, p } = b.result.prepared.scales;
  const found = cmp;
  return {
    book: b,
    cogsOf(code: string | undefined): Fixed {
      if (found === null) return 0;
      if (code === undefined) return found.periodic.cogs;
      const it = found.items.find((x) => x.item === code);
      return it === undefined ? 0 : N.rescale(it.cogs, v, p);
    },
  };
}

const FIFO_OUTPUTS = ['value', 'qty', 'unitcost', 'layers'] as const;

/**
 * INV.FIFO(movements, item, [asOf], [output]): the item's stock valued FIFO whatever its own
 * method. output "value" (default), "qty", "unitcost", or "layers": one row per remaining FIFO
 * layer (receipt date, doc, qty, unit cost, value), oldest first, all locations together.
 */
export function fifo(movements: unknown, item?: unknown, asOf?: unknown, output?: unknown): Result {
  return guarded(() => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    const out = optionArg(output) ?? 'value';
    if (!(FIFO_OUTPUTS as readonly string[]).includes(out)) return invalid(`output: "${out}" is not one of ${FIFO_OUTPUTS.join(', ')}.`);
    if (out !== 'layers') {
      const b = book(movements, { method: 'FIFO' });
      if (isErrorValue(b)) return b;
      return perItem(item, (code) => {
        const ix = indexOf(b, code);
        if (isErrorValue(ix)) return ix;
        if (out === 'qty') return N.toNumber(upTo(ix.qty, d), b.result.prepared.scales.q);
        const val = upTo(ix.value, d);
        if (out === 'value') return money(b, val);
        return unitCost(b, val, upTo(ix.qty, d)) ?? { error: 'divisionByZero', message: `Item ${code ?? ''} has no stock on hand, so it has no FIFO unit cost.` };
      }, true);
    }
    if (isOmitted(item)) return invalid('item is required: give one item code.');
    const cells: unknown[] = Array.isArray(item) ? (item as unknown[]).flatMap((r) => (Array.isArray(r) ? (r as unknown[]) : [r])) : [item];
    if (cells.length !== 1) return invalid('output "layers" spills the layers of one item: give a single item code, not a range.');
    const typed = itemCode(cells[0]);
    if (isErrorValue(typed)) return typed;
    if (typed === '') return invalid('item is required: give one item code.');
    const whole = book(movements, { method: 'FIFO' });
    if (isErrorValue(whole)) return whole;
    const ix = indexOf(whole, typed);
    if (isErrorValue(ix)) return ix;
    const code = resolveCode(whole, typed);
    const b = d === undefined ? whole : book(movements, { method: 'FIFO', asOf: d });
    if (isErrorValue(b)) return b;
    return layersOf(b, code, d);
  });
}

function layersOf(b: Book, code: string, asOf: number | undefined): Result {
  const { q, c, v } = b.result.prepared.scales;
  const rows: { date: number; receipt: number; row: Cell[] }[] = [];
  for (const pool of b.result.valuation.pools) {
    if (pool.item !== code) continue;
    for (let i = pool.head; i < pool.layers.length; i++) {
      const l = pool.layers[i];
      if (l === undefined || N.sign(l.qty) <= 0) continue;
      const unit = l.cost !== undefined ? N.toNumber(l.cost, c) : (unitCost(b, N.rescale(l.value, v, b.result.prepared.scales.p), l.qty) ?? 0);
      rows.push({ date: l.date, receipt: l.receipt, row: [l.date, l.doc ?? '', N.toNumber(l.qty, q), unit, N.toNumber(l.value, v)] });
    }
  }
  if (rows.length === 0) return notAvailable(`Item ${code} has no stock on hand${asOf !== undefined ? ' on ' + isoDate(asOf) : ''}, so it has no FIFO layers.`);
  rows.sort((x, y) => x.date - y.date || x.receipt - y.receipt);
  return rows.map((r) => r.row);
}

const BASIS_COLUMNS = ['Qty', 'Value', 'Weight', 'Volume'] as const;
/** Charges are allocated to the cent. */
const CENTS = 2;

/**
 * INV.LANDED(lines, charge, [basis]): the charge split over the lines to the cent, largest
 * remainder first, summing exactly to the charge (N.allocate).
 *
 * lines is either a range of values (weights; any shape, blank cells are not lines and give '') or
 * a table whose first row holds headers among Qty, Value, Weight, Volume: basis picks the column
 * (default Value, or the only column), "Equal" splits equally over the non-blank rows. The result
 * has the shape of `lines` for values; for a table, one column as tall as the table, "Allocated" in
 * the header row, so it lines up beside it.
 */
export function landed(lines: unknown, charge: unknown, basis?: unknown): Result {
  return guarded(() => {
    const grid = asGrid(lines, 'lines');
    if (isErrorValue(grid)) return grid;
    if (grid.length === 0 || (grid[0]?.length ?? 0) === 0) return invalid('lines is empty.');
    const amount = numberArg(charge, 'charge');
    if (isErrorValue(amount)) return amount;
    if (amount === undefined) return invalid('charge is required.');
    if (N.decimalsOf(amount) > CENTS) return invalid(`charge ${amount} has more than ${CENTS} decimals; give it to the cent.`);
    const total = N.fromNumber(amount, CENTS);
    const basisText = optionArg(basis);
    const basisName = basisText === undefined ? undefined : LANDED_BASIS.match(basisText);
    if (basisText !== undefined && (basisName === undefined || basisName === 'Manual')) {
      return invalid(`basis: "${basisText}" is not one of ${BASIS_COLUMNS.join(', ')}, Equal.`);
    }
    const cellAt = (r: number, c: number): InputCell => toInputCell(grid[r]?.[c]);
    const header = grid[0] ?? [];
    const hasHeader = header.some((h) => {
      const cell = toInputCell(h);
      return typeof cell === 'string' && !isBlank(cell) && typeof parseNumber(cell) !== 'number';
    });

    // Positions of the lines and their weights (as exact decimals).
    const positions: { r: number; c: number }[] = [];
    const weights: number[] = [];
    let column = -1;
    if (hasHeader) {
      const keys = header.map((h) => headerKey(display(toInputCell(h))));
      const wanted = basisName === 'Equal' ? undefined : (basisName ?? (keys.length === 1 ? undefined : 'Value'));
      if (basisName !== 'Equal') {
        column = wanted === undefined ? 0 : keys.indexOf(headerKey(wanted));
        if (column < 0) {
          const present = header.map((h) => display(toInputCell(h))).join(', ');
          return invalid(`lines has no ${wanted ?? ''} column (headers: ${present}); give basis as one of ${BASIS_COLUMNS.join(', ')}, Equal.`);
        }
      }
      for (let r = 1; r < grid.length; r++) {
        const row = grid[r] ?? [];
        if (row.every((x) => isBlank(toInputCell(x)))) continue;
        if (column < 0) {
          positions.push({ r, c: 0 });
          weights.push(1);
          continue;
        }
        const w = weightOf(cellAt(r, column), r + 1, display(toInputCell(header[column])));
        if (isErrorValue(w)) return w;
        positions.push({ r, c: column });
        weights.push(w);
      }
    } else {
      for (let r = 0; r < grid.length; r++) {
        const row = grid[r] ?? [];
        for (let c = 0; c < row.length; c++) {
          const cell = cellAt(r, c);
          if (isBlank(cell)) continue;
          const w = basisName === 'Equal' ? 1 : weightOf(cell, r + 1, `${c + 1}`);
          if (isErrorValue(w)) return w;
          positions.push({ r, c });
          weights.push(w);
        }
      }
    }
    if (positions.length === 0) return invalid('lines has no values to allocate over.');
    const scale = weights.reduce((s, w) => Math.max(s, N.decimalsOf(w)), 0);
    const shares = N.allocate(total, weights.map((w) => N.fromNumber(w, scale)));

    if (hasHeader) {
      const out: Cell[][] = grid.map((_, r) => [r === 0 ? 'Allocated' : '']);
      positions.forEach((p, k) => {
        (out[p.r] as Cell[])[0] = N.toNumber(shares[k] as Fixed, CENTS);
      });
      return out;
    }
    const width = grid.reduce((m, row) => Math.max(m, row.length), 0);
    const out: Cell[][] = grid.map(() => new Array<Cell>(width).fill(''));
    positions.forEach((p, k) => {
      (out[p.r] as Cell[])[p.c] = N.toNumber(shares[k] as Fixed, CENTS);
    });
    return out;
  });
}

function weightOf(cell: InputCell, row: number, column: string): number | ErrorValue {
  const n = parseNumber(cell);
  if (typeof n !== 'number') return invalid(`lines row ${row}, column ${column}: "${display(cell)}" is not a number.`);
  if (n < 0) return invalid(`lines row ${row}, column ${column}: ${n} is negative; weights must be zero or more.`);
  return n;
}

function toInputCell(v: unknown): InputCell {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const e: unknown = Reflect.get(v, 'error');
    if (typeof e === 'string') return { error: e };
  }
  return String(v);
}
