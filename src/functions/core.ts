/**
 * The INV custom functions as plain async functions (SPEC section 8), free of the Office runtime.
 * INV.BOOK names one engine run over a workbook's tables (books.ts); every other function takes that
 * book, or the Movements range itself, as its first argument, and looks its answer up in one of the
 * book's views (book.ts). Results are matrices (1 x 1 for one answer; one cell per code for a range
 * of items) or one ErrorValue; functions.ts converts ErrorValues to CustomFunctions.Error.
 *
 *   | Date       | Type    | Item | Qty | UnitCost | UnitPrice |
 *   | 2026-03-02 | Receipt | COAT | 10  | 100      |           |
 *   | 2026-03-09 | Sale    | COAT | 2   |          | 250       |
 *   await book(grid) -> 'Book 3f2a9c1d04be · 2 movements'
 *   await cogs(handle) -> [[200]]   await margin(grid) -> [[300]]   await value(handle, 'COAT') -> [[800]]
 *   await fifo(handle, 'COAT', undefined, 'layers') -> [['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value'], [46083, '', 8, 100, 800]]
 *
 * Errors: a reader or engine error diagnostic -> #VALUE! "Movements row 7, column Qty:
 * QTY_NOT_NUMBER ..." (never a number from partial data); a bad argument -> #VALUE! naming it;
 * an item with no movements -> #N/A in its cell; AVGCOST of an item with no stock -> #DIV/0!.
 */
import * as N from '../engine/num';
import type { Fixed } from '../engine/num';
import { isoDate } from '../engine/dates';
import { between, unitCostOf, unitScale, upTo, type ItemIndex, type View, type ViewRequest } from './book';
import { bookOfFirst, bookOfTables, handleOf, viewOf, type Book, type CancelSignal } from './books';
import { CancelledRun } from './runner';
import { dateArg, invalid, isErrorValue, isOmitted, itemCode, methodArg, notAvailable, optionArg, perItem, type Cell, type ErrorValue, type Result } from './values';

export type { Cell, ErrorValue, Matrix, Result } from './values';
export { bookStats, clearBooks } from './books';
export { landed } from './landed';
export { CancelledRun } from './runner';

/** The header row of INV.FIFO(..., "layers"). */
export const LAYER_HEADERS = ['Receipt date', 'Doc', 'Qty', 'Unit cost', 'Value'] as const;

/** Run `body`; an unexpected exception becomes #VALUE! (a cancellation passes through). */
async function guarded<T>(body: () => Promise<T | ErrorValue>): Promise<T | ErrorValue> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CancelledRun) throw e;
    return invalid(`Perpetua internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * INV.BOOK(movements, [settings], [items], [landedCosts], [accounts], [locations], [kits]): runs the
 * engine once over the tables and returns the book's handle, or the first error of the tables.
 */
export function book(...args: [...tables: unknown[]]): Promise<string | ErrorValue> {
  return bookWith(args);
}

export function bookWith(tables: readonly unknown[], cancel?: CancelSignal): Promise<string | ErrorValue> {
  return guarded(async () => {
    const b = bookOfTables(tables);
    if (isErrorValue(b)) return b;
    const v = await viewOf(b, {}, cancel);
    return v.error ?? handleOf(b, v);
  });
}

/** The first argument's book and the view asked for, or the error to return. */
async function viewFor(first: unknown, request: { method?: unknown; asOf?: number | undefined; period?: ViewRequest['period'] }, cancel?: CancelSignal): Promise<{ book: Book; view: View } | ErrorValue> {
  const method = methodArg(request.method);
  if (isErrorValue(method)) return method;
  const b = bookOfFirst(first);
  if (isErrorValue(b)) return b;
  const view = await viewOf(
    b,
    {
      ...(method !== undefined ? { method } : {}),
      ...(request.asOf !== undefined ? { asOf: request.asOf } : {}),
      ...(request.period !== undefined ? { period: request.period } : {}),
    },
    cancel,
  );
  return view.error ?? { book: b, view };
}

function range(fromArg: unknown, toArg: unknown): { from: number | undefined; to: number | undefined } | ErrorValue {
  const from = dateArg(fromArg, 'from');
  if (isErrorValue(from)) return from;
  const to = dateArg(toArg, 'to');
  if (isErrorValue(to)) return to;
  if (from !== undefined && to !== undefined && from > to) return invalid(`from (${isoDate(from)}) is after to (${isoDate(to)}).`);
  return { from, to };
}

/** The code as the book spells it: exact, else ignoring case; undefined when it has no movements. */
function resolveCode(view: View, typed: string): string | undefined {
  if (view.items.has(typed)) return typed;
  return view.lowerCodes.get(typed.toLowerCase());
}

/** The item's index; #N/A when it has no movements. */
function indexOf(view: View, code: string | undefined): ItemIndex | ErrorValue {
  if (code === undefined) return view.all;
  const found = resolveCode(view, code);
  const ix = found === undefined ? undefined : view.items.get(found);
  return ix ?? notAvailable(`Item ${code} has no movements in this book.`);
}

function money(view: View, x: Fixed): number {
  return N.toNumber(x, view.scales.p);
}

/** value (scale p) / qty (scale q) at the unit-cost scale; undefined when qty is zero. */
function unitCost(view: View, val: Fixed, q: Fixed): number | undefined {
  return unitCostOf(val, view.scales.p, q, view.scales.q, unitScale(view.scales.c));
}

/** Per item of the item argument, a lookup in one view of the first argument's book. */
async function lookup(
  first: unknown,
  item: unknown,
  request: { method?: unknown; asOf?: number | undefined },
  required: boolean,
  one: (view: View, ix: ItemIndex, code: string | undefined) => Cell,
  cancel?: CancelSignal,
): Promise<Result> {
  const r = await viewFor(first, request, cancel);
  if (isErrorValue(r)) return r;
  return perItem(item, (code) => {
    const ix = indexOf(r.view, code);
    return isErrorValue(ix) ? ix : one(r.view, ix, code);
  }, required);
}

/** INV.COGS(book, [item], [from], [to], [method]): cost of goods sold dated within [from, to]. */
export function cogs(first: unknown, item?: unknown, from?: unknown, to?: unknown, method?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    return lookup(first, item, { method }, false, (v, ix) => money(v, between(ix.cogs, r.from, r.to)), cancel);
  });
}

/** INV.MARGIN(book, [item], [from], [to], [method]): revenue - COGS within [from, to]. */
export function margin(first: unknown, item?: unknown, from?: unknown, to?: unknown, method?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    return lookup(first, item, { method }, false, (v, ix) => money(v, N.sub(between(ix.revenue, r.from, r.to), between(ix.cogs, r.from, r.to))), cancel);
  });
}

/** INV.VALUE(book, [item], [asOf], [method]): posted stock value on hand at the end of asOf. */
export function value(first: unknown, item?: unknown, asOf?: unknown, method?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    return lookup(first, item, { method }, false, (v, ix) => money(v, upTo(ix.value, d)), cancel);
  });
}

/** INV.QTY(book, [item], [asOf]): quantity on hand (all locations) at the end of asOf. */
export function qty(first: unknown, item?: unknown, asOf?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    return lookup(first, item, {}, false, (v, ix) => N.toNumber(upTo(ix.qty, d), v.scales.q), cancel);
  });
}

/** INV.AVGCOST(book, item, [asOf], [method]): VALUE / QTY of the item at the end of asOf. */
export function avgCost(first: unknown, item?: unknown, asOf?: unknown, method?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    return lookup(
      first,
      item,
      { method },
      true,
      (v, ix, code) =>
        unitCost(v, upTo(ix.value, d), upTo(ix.qty, d)) ?? {
          error: 'divisionByZero',
          message: `Item ${code ?? ''} has no stock on hand${d !== undefined ? ' on ' + isoDate(d) : ''}, so it has no average cost.`,
        },
      cancel,
    );
  });
}

/**
 * INV.PERIODIC(book, [item], [from], [to]): periodic cost of goods sold = opening stock + purchases -
 * closing stock, from the engine's periodic comparison (purchases to the Purchases account, closing
 * at the counted or book quantity valued under the periodic form of the item's method). The range
 * is "periodic COGS up to `to` minus periodic COGS up to the day before `from`", each one periodic
 * period from the first movement, so adjacent ranges add up.
 */
export function periodic(first: unknown, item?: unknown, from?: unknown, to?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const r = range(from, to);
    if (isErrorValue(r)) return r;
    // The whole book says which items exist (an item first moving after `to` is 0, not #N/A).
    const full = await viewFor(first, {}, cancel);
    if (isErrorValue(full)) return full;
    const end = await viewFor(first, { period: 'All', ...(r.to !== undefined ? { asOf: r.to } : {}) }, cancel);
    if (isErrorValue(end)) return end;
    const start = r.from === undefined ? undefined : await viewFor(first, { period: 'All', asOf: r.from - 1 }, cancel);
    if (isErrorValue(start)) return start;
    const cogsOf = (v: View | undefined, code: string | undefined): Fixed => {
      const p = v?.periodic;
      if (p === undefined) return 0;
      return code === undefined ? p.total : (p.byItem.get(code) ?? 0);
    };
    return perItem(item, (typed) => {
      const code = typed === undefined ? undefined : resolveCode(full.view, typed);
      if (typed !== undefined && code === undefined) return notAvailable(`Item ${typed} has no movements in this book.`);
      return money(full.view, N.sub(cogsOf(end.view, code), cogsOf(start?.view, code)));
    }, false);
  });
}

const FIFO_OUTPUTS = ['value', 'qty', 'unitcost', 'layers'] as const;

/**
 * INV.FIFO(book, item, [asOf], [output]): the item's stock valued FIFO whatever its own method.
 * output "value" (default), "qty", "unitcost", or "layers": a header row, then one row per remaining
 * FIFO layer (receipt date, doc, qty, unit cost, value), oldest first, all locations together.
 */
export function fifo(first: unknown, item?: unknown, asOf?: unknown, output?: unknown, cancel?: CancelSignal): Promise<Result> {
  return guarded(async () => {
    const d = dateArg(asOf, 'asOf');
    if (isErrorValue(d)) return d;
    const out = optionArg(output) ?? 'value';
    if (!(FIFO_OUTPUTS as readonly string[]).includes(out)) return invalid(`output: "${out}" is not one of ${FIFO_OUTPUTS.join(', ')}.`);
    if (out !== 'layers') {
      return lookup(first, item, { method: 'FIFO' }, true, (v, ix, code) => {
        if (out === 'qty') return N.toNumber(upTo(ix.qty, d), v.scales.q);
        const val = upTo(ix.value, d);
        if (out === 'value') return money(v, val);
        return unitCost(v, val, upTo(ix.qty, d)) ?? { error: 'divisionByZero', message: `Item ${code ?? ''} has no stock on hand, so it has no FIFO unit cost.` };
      }, cancel);
    }
    if (isOmitted(item)) return invalid('item is required: give one item code.');
    const cells: unknown[] = Array.isArray(item) ? (item as unknown[]).flatMap((r) => (Array.isArray(r) ? (r as unknown[]) : [r])) : [item];
    if (cells.length !== 1) return invalid('output "layers" spills the layers of one item: give a single item code, not a range.');
    const typed = itemCode(cells[0]);
    if (isErrorValue(typed)) return typed;
    if (typed === '') return invalid('item is required: give one item code.');
    // The whole book says which items exist (an item first moving after asOf has no layers, not #N/A).
    const whole = await viewFor(first, { method: 'FIFO' }, cancel);
    if (isErrorValue(whole)) return whole;
    const code = resolveCode(whole.view, typed);
    if (code === undefined) return notAvailable(`Item ${typed} has no movements in this book.`);
    const r = d === undefined ? whole : await viewFor(first, { method: 'FIFO', asOf: d }, cancel);
    if (isErrorValue(r)) return r;
    const layers = r.view.layers?.get(code) ?? [];
    if (layers.length === 0) return notAvailable(`Item ${code} has no stock on hand${d !== undefined ? ' on ' + isoDate(d) : ''}, so it has no FIFO layers.`);
    return [[...LAYER_HEADERS], ...layers.map((l): Cell[] => [l.date, l.doc, l.qty, l.unitCost, l.value])];
  });
}
