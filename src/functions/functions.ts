/**
 * Excel custom functions, namespace INV (from the manifest). Each is a thin wrapper over core.ts:
 * it passes Excel's arguments through, and converts the core's tagged error values to
 * `CustomFunctions.Error` (#VALUE!, #N/A, #DIV/0! with a message). The webpack
 * custom-functions-metadata-plugin reads the JSDoc below to produce functions.json and appends the
 * `CustomFunctions.associate(id, fn)` calls to this file, so the functions stay top-level
 * declarations with the names used here.
 *
 * Every function returns a matrix (any[][]): one value shows as one cell, a range of item codes
 * spills one answer per code, INV.FIFO(..., "layers") and INV.LANDED spill tables. Errors for the
 * whole call are thrown as CustomFunctions.Error (Excel shows the error and its message); an error
 * for one code of a range sits in that code's cell. Everything is synchronous: no promise, so no
 * unhandled rejection.
 *
 * No DOM, React or Office.js imports: the only Office object used is the runtime's
 * CustomFunctions global, looked up when an error is built (so this file also loads in Node tests).
 */
import * as core from './core';
import { isErrorValue, type Cell, type ErrorKind, type ErrorValue, type Result } from './values';

const ERROR_CODES: Readonly<Record<ErrorKind, string>> = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
};

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

/**
 * Cost of goods sold of the movements dated from..to (all dates when omitted), as the journal posts it.
 * @customfunction COGS
 * @param movements The Movements table with its header row, e.g. Movements[#All].
 * @param [item] An item code, or a range of codes (spills one result per code). Omitted: all items.
 * @param [from] First date (an Excel date or ISO text such as 2026-03-01). Omitted: from the start.
 * @param [to] Last date, inclusive. Omitted: to the end.
 * @param [method] FIFO, LIFO, AVERAGE, STANDARD, LAST or SPECIFIC, overriding every item's method.
 * @returns {any[][]} The cost of goods sold.
 */
export function cogsFunction(movements: any[][], item?: any[][], from?: any, to?: any, method?: string): any[][] {
  return toExcel(core.cogs(movements, item, from, to, method));
}

/**
 * An item's stock valued first-in first-out, whatever its own method.
 * @customfunction FIFO
 * @param movements The Movements table with its header row.
 * @param item An item code, or a range of codes (not for "layers").
 * @param [asOf] Value at the end of this date. Omitted: after every movement.
 * @param [output] "value" (default), "qty", "unitcost", or "layers" (spills receipt date, doc, qty, unit cost, value of each remaining layer).
 * @returns {any[][]} The FIFO value, quantity, unit cost or layers.
 */
export function fifoFunction(movements: any[][], item: any[][], asOf?: any, output?: string): any[][] {
  return toExcel(core.fifo(movements, item, asOf, output));
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
 * @param movements The Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [asOf] Value at the end of this date. Omitted: after every movement.
 * @param [method] Overrides every item's valuation method.
 * @returns {any[][]} The stock value.
 */
export function valueFunction(movements: any[][], item?: any[][], asOf?: any, method?: string): any[][] {
  return toExcel(core.value(movements, item, asOf, method));
}

/**
 * Quantity on hand over all locations.
 * @customfunction QTY
 * @param movements The Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [asOf] Quantity at the end of this date. Omitted: after every movement.
 * @returns {any[][]} The quantity on hand.
 */
export function qtyFunction(movements: any[][], item?: any[][], asOf?: any): any[][] {
  return toExcel(core.qty(movements, item, asOf));
}

/**
 * Average cost of an item's stock on hand: VALUE / QTY.
 * @customfunction AVGCOST
 * @param movements The Movements table with its header row.
 * @param item An item code, or a range of codes.
 * @param [asOf] At the end of this date. Omitted: after every movement.
 * @param [method] Overrides every item's valuation method.
 * @returns {any[][]} The average unit cost.
 */
export function avgCostFunction(movements: any[][], item: any[][], asOf?: any, method?: string): any[][] {
  return toExcel(core.avgCost(movements, item, asOf, method));
}

/**
 * Gross margin (revenue - cost of goods sold) of the movements dated from..to.
 * @customfunction MARGIN
 * @param movements The Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [from] First date. Omitted: from the start.
 * @param [to] Last date, inclusive. Omitted: to the end.
 * @param [method] Overrides every item's valuation method.
 * @returns {any[][]} The gross margin.
 */
export function marginFunction(movements: any[][], item?: any[][], from?: any, to?: any, method?: string): any[][] {
  return toExcel(core.margin(movements, item, from, to, method));
}

/**
 * Periodic cost of goods sold: opening stock + purchases - closing stock for from..to.
 * @customfunction PERIODIC
 * @param movements The Movements table with its header row.
 * @param [item] An item code, or a range of codes. Omitted: all items.
 * @param [from] First date of the period. Omitted: from the start.
 * @param [to] Last date of the period, inclusive. Omitted: to the end.
 * @returns {any[][]} The periodic cost of goods sold.
 */
export function periodicFunction(movements: any[][], item?: any[][], from?: any, to?: any): any[][] {
  return toExcel(core.periodic(movements, item, from, to));
}
