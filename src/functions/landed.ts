/**
 * INV.LANDED: a charge split over lines to the cent, largest remainder first (N.allocate, the
 * engine's own allocation), summing exactly to the charge. Needs no book and no engine run.
 *
 *   landed([[1], [1], [1]], 100) -> [[33.34], [33.33], [33.33]]
 *   landed([['Qty', 'Weight'], [1, 10], [2, 30]], 80, 'Weight') -> [['Allocated'], [20], [60]]
 */
import * as N from '../engine/num';
import type { Fixed } from '../engine/num';
import { LANDED_BASIS } from '../workbook/readEnums';
import { display, headerKey, isBlank, parseNumber } from '../workbook/cells';
import type { InputCell } from '../workbook/sheet';
import { toInputCell } from './tables';
import { asGrid, guarded, invalid, isErrorValue, numberArg, optionArg, type Cell, type ErrorValue, type Result } from './values';

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

