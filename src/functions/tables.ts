/**
 * A book's tables by content: a fast 48-bit hash (the handle's id), a private snapshot, and an exact
 * comparison used to confirm a hash hit, so two different tables can never share a book.
 *
 *   hashTables([['Movements', grid]]) -> '3f2a9c1d04be'
 *
 * The hash walks every cell once: two 32-bit multiply-xorshift lanes over a type tag and the cell's
 * value (numbers by their bits, text by its characters). About as fast as the walk itself.
 */
import type { CellGrid, InputCell } from '../workbook/sheet';

/** The tables of one book in argument order; undefined for an omitted one. */
export type NamedTables = ReadonlyArray<readonly [string, CellGrid | undefined]>;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** 12 hex digits identifying the content of the tables (names, shapes and every cell). */
export function hashTables(tables: NamedTables): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (x: number): void => {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995);
    b ^= b >>> 15;
  };
  const text = (s: string): void => {
    mix(s.length);
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  };
  for (const [name, grid] of tables) {
    text(name);
    if (grid === undefined) {
      mix(0x7fffffff);
      continue;
    }
    mix(grid.length);
    for (const row of grid) {
      mix(row.length | 0x40000000);
      for (const v of row) {
        if (typeof v === 'number') {
          f64[0] = v;
          mix(1);
          mix(u32[0] as number);
          mix(u32[1] as number);
        } else if (typeof v === 'string') {
          mix(2);
          text(v);
        } else if (v === null || v === undefined) mix(3);
        else if (typeof v === 'boolean') mix(v ? 4 : 5);
        else if (v instanceof Date) {
          f64[0] = v.getTime();
          mix(6);
          mix(u32[0] as number);
          mix(u32[1] as number);
        } else {
          const c = toInputCell(v);
          mix(7);
          text(typeof c === 'object' && c !== null && !(c instanceof Date) ? c.error : String(c));
        }
      }
    }
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + ((b >>> 0) & 0xffff).toString(16).padStart(4, '0');
}

function sameCell(a: InputCell, b: InputCell): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !(a instanceof Date) && !(b instanceof Date)) return a.error === b.error;
  return false;
}

function sameGrid(x: CellGrid | undefined, y: CellGrid | undefined): boolean {
  if (x === undefined || y === undefined) return x === y;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] as readonly InputCell[];
    const s = y[i] as readonly InputCell[];
    if (r.length !== s.length) return false;
    // y may hold host cells (an Excel error object): reduce one to an InputCell before comparing.
    for (let j = 0; j < r.length; j++) if (r[j] !== s[j] && !sameCell(r[j], toInputCell(s[j]))) return false;
  }
  return true;
}

/** Exact equality of two books' tables. */
export function sameTables(x: NamedTables, y: NamedTables): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) {
    const [n, g] = x[k] as readonly [string, CellGrid | undefined];
    const [m, h] = y[k] as readonly [string, CellGrid | undefined];
    if (n !== m || !sameGrid(g, h)) return false;
  }
  return true;
}

/** A cell as a host hands it over, reduced to an InputCell (Excel errors arrive as objects with an error code). */
export function toInputCell(v: unknown): InputCell {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'object') {
    const e: unknown = Reflect.get(v, 'error') ?? Reflect.get(v, 'code');
    if (typeof e === 'string') return { error: e };
  }
  return String(v);
}

/** A private copy of a grid of host cells (the caller may reuse its arrays). */
export function snapshotGrid(grid: ReadonlyArray<ReadonlyArray<unknown>>): CellGrid {
  const out: InputCell[][] = new Array<InputCell[]>(grid.length);
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i] as ReadonlyArray<unknown>;
    const copy = new Array<InputCell>(row.length);
    for (let j = 0; j < row.length; j++) copy[j] = toInputCell(row[j]);
    out[i] = copy;
  }
  return out;
}
