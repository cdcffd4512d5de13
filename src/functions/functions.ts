/**
 * Excel custom functions, namespace INV (from the manifest). Each is a thin wrapper over core.ts:
 * it passes Excel's arguments through, and converts the core's tagged error values to
 * `CustomFunctions.Error` (#VALUE!, #N/A, #DIV/0! with a message). The webpack
 * custom-functions-metadata-plugin reads the JSDoc below to produce functions.json and appends the
 * `CustomFunctions.associate(id, fn)` calls to this file, so the functions stay top-level
 * declarations with the names used here. webpack.config.js adds `allowErrorForDataTypeAny: true`
 * to functions.json, so error cells reach the functions (and get a message) instead of Excel
 * skipping the call.
 *
 * INV.BOOK takes the tables once and returns a handle; every other function takes that handle or the
 * Movements range first. Engine runs happen in the engine worker when the runtime has Web Workers
 * (runner.ts), so the functions are async and @cancelable: Excel's CancelableInvocation tells the
 * book cache a formula gave up, and a run nobody waits for any more is stopped. INV.LANDED needs no
 * engine run and stays synchronous.
 *
 * Every function but BOOK returns a matrix (any[][]): one value shows as one cell, a range of item
 * codes spills one answer per code, INV.FIFO(..., "layers") and INV.LANDED on a table spill tables
 * with a header row. Errors for the whole call reject the promise with CustomFunctions.Error (Excel
 * shows the error and its message); an error for one code of a range sits in that code's cell.
 *
 * No DOM, React or Office.js imports: the Office objects used (the CustomFunctions and Office
 * globals, Worker) are looked up when needed, so this file also loads in Node tests.
 */
import { officeLocale } from '../excel/locale';
import { setRunner, type CancelSignal } from './books';
import * as core from './core';
import { createFunctionsWorker } from './engineWorker';
import { ThreadRunner, WorkerRunner } from './runner';
import { isErrorValue, setLocaleSource, type Cell, type ErrorKind, type ErrorValue, type Result } from './values';

const ERROR_CODES: Readonly<Record<ErrorKind, string>> = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
};

// Engine runs go to a Web Worker where the runtime has one (Excel's shared runtime), else stay here.
if (typeof Worker === 'function') setRunner(new WorkerRunner(createFunctionsWorker, new ThreadRunner()));

// Text dates, in arguments and in the tables, follow the workbook's locale (Office's content language).
setLocaleSource(officeLocale);

/** An Excel error object for an ErrorValue: CustomFunctions.Error in Excel, a plain Error elsewhere. */
export function excelError(e: ErrorValue): Error {
  const runtime: unknown = Reflect.get(globalThis, 'CustomFunctions');
  if (typeof runtime === 'object' && runtime !== null) {
    const ctor: unknown = Reflect.get(runtime, 'Error');
    const codes: unknown = Reflect.get(runtime, 'ErrorCode');
    if (typeof ctor === 'function' && typeof codes === 'object' && codes !== null) {
      const code: unknown = Reflect.get(codes, e.error);
      const made: unknown = Reflect.construct(ctor, [code ?? ERROR_CODES[e.error], e.message]);
      if (made instanceof Error) return made;
    }
  }
  const plain = new Error(e.message);
  plain.name = ERROR_CODES[e.error];
  return plain;
}

/** Core result -> what Excel gets: a matrix whose error cells are error objects, or a thrown error. */
export function toExcel(r: Result): any[][] {
  if (isErrorValue(r)) throw excelError(r);
  return r.map((row) => row.map((c: Cell) => (isErrorValue(c) ? excelError(c) : c)));
}

/** A CancelSignal fed by Excel's invocation (undefined outside Excel). */
function signalOf(invocation: CustomFunctions.CancelableInvocation | undefined): CancelSignal | undefined {
  if (invocation === undefined || invocation === null || typeof invocation !== 'object') return undefined;
  const listeners: (() => void)[] = [];
  invocation.onCanceled = (): void => {
    for (const l of listeners.splice(0)) l();
  };
  return { onCancel: (l) => void listeners.push(l) };
}

/** An async core result -> what Excel gets (a matrix, or a rejection with CustomFunctions.Error). */
async function settle(r: Promise<Result>): Promise<any[][]> {
  return toExcel(await r);
}

/**
 * One engine run over the workbook's tables; returns a short handle to pass to the other INV functions.
 * @customfunction BOOK
 * @cancelable
 * @param movements The Movements table with its header row, e.g. Movements[#All].
 * @param [settings] The Settings table with its header row (Settings[#All]).
 * @param [items] The Items table with its header row.
 * @param [landedCosts] The LandedCosts table with its header row.
 * @param [accounts] The Accounts table with its header row.
 * @param [locations] The Locations table with its header row.
 * @param [kits] The Kits table with its header row.
 * @returns A handle such as "Book 3f2a9c1d04be · 12,345 movements".
 */
export async function bookFunction(
  movements: any[][],
  settings?: any[][],
  items?: any[][],
  landedCosts?: any[][],
  accounts?: any[][],
  locations?: any[][],
  kits?: any[][],
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<string> {
  const r = await core.bookWith([movements, settings, items, landedCosts, accounts, locations, kits], signalOf(invocation));
  if (isErrorValue(r)) throw excelError(r);
  return r;
}

/**
 * Cost of goods sold of the movements dated from..to (all dates when omitted), as the journal posts it.
 * @customfunction COGS
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row (Movements[#All]).
 * @param [item] An item code, or a range of codes (spills one result per code). Omitted: all items.
 * @param [from] First date (an Excel date or ISO text such as 2026-03-01). Omitted: from the start.
 * @param [to] Last date, inclusive. Omitted: to the end.
 * @param [method] FIFO, LIFO, AVERAGE, STANDARD, LAST or SPECIFIC, overriding every item's method.
 * @returns The cost of goods sold.
 */
export function cogsFunction(movements: any[][], item?: any[][], from?: any, to?: any, method?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.cogs(movements, item, from, to, method, signalOf(invocation)));
}

/**
 * An item's stock valued first-in first-out, whatever its own method.
 * @customfunction FIFO
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param item An item code, or a range of codes (not for "layers").
 * @param [asOf] Value at the end of this date. Omitted: after every movement.
 * @param [output] "value" (default), "qty", "unitcost", or "layers" (spills receipt date, doc, qty, unit cost, value of each remaining layer).
 * @returns The FIFO value, quantity, unit cost or layers.
 */
export function fifoFunction(movements: any[][], item: any[][], asOf?: any, output?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.fifo(movements, item, asOf, output, signalOf(invocation)));
}

/**
 * Splits a charge over lines to the cent, largest remainder first; the parts sum exactly to the charge.
 * @customfunction LANDED
 * @param lines A range of values (weights), or a table with Qty, Value, Weight or Volume headers.
 * @param charge The charge to allocate, e.g. freight 250.00.
 * @param [basis] With a table: the column to allocate by (Qty, Value, Weight, Volume) or Equal. Default Value.
 * @returns {any[][]} Each line's share of the charge.
 */
export function landedFunction(lines: any[][], charge: number, basis?: string): any[][] {
  return toExcel(core.landed(lines, charge, basis));
}

/**
 * Stock value on hand, as posted to the stock accounts.
 * @customfunction VALUE
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [asOf] Value at the end of this date. Omitted: after every movement.
 * @param [method] Overrides every item's valuation method.
 * @returns The stock value.
 */
export function valueFunction(movements: any[][], item?: any[][], asOf?: any, method?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.value(movements, item, asOf, method, signalOf(invocation)));
}

/**
 * Quantity on hand over all locations.
 * @customfunction QTY
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [asOf] Quantity at the end of this date. Omitted: after every movement.
 * @returns The quantity on hand.
 */
export function qtyFunction(movements: any[][], item?: any[][], asOf?: any, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.qty(movements, item, asOf, signalOf(invocation)));
}

/**
 * Average cost of an item's stock on hand: VALUE / QTY.
 * @customfunction AVGCOST
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param item An item code, or a range of codes.
 * @param [asOf] At the end of this date. Omitted: after every movement.
 * @param [method] Overrides every item's valuation method.
 * @returns The average unit cost.
 */
export function avgCostFunction(movements: any[][], item: any[][], asOf?: any, method?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.avgCost(movements, item, asOf, method, signalOf(invocation)));
}

/**
 * Gross margin (revenue - cost of goods sold) of the movements dated from..to.
 * @customfunction MARGIN
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [from] First date. Omitted: from the start.
 * @param [to] Last date, inclusive. Omitted: to the end.
 * @param [method] Overrides every item's valuation method.
 * @returns The gross margin.
 */
export function marginFunction(movements: any[][], item?: any[][], from?: any, to?: any, method?: string, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.margin(movements, item, from, to, method, signalOf(invocation)));
}

/**
 * Periodic cost of goods sold: opening stock + purchases - closing stock for from..to.
 * @customfunction PERIODIC
 * @cancelable
 * @param movements A book from INV.BOOK, or the Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [from] First date of the period. Omitted: from the start.
 * @param [to] Last date of the period, inclusive. Omitted: to the end.
 * @returns The periodic cost of goods sold.
 */
export function periodicFunction(movements: any[][], item?: any[][], from?: any, to?: any, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return settle(core.periodic(movements, item, from, to, signalOf(invocation)));
}
