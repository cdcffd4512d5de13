/**
 * A book's tables by content: a fast 48-bit hash (the handle's id), a private snapshot, and an exact
 * comparison used to confirm a hash hit, so two different tables can never share a book.
 *
 *   hashTables([['Movements', grid]]) -> '3f2a9c1d04be'
 *
 * The hash walks every cell once: two 32-bit multiply-xorshift lanes (FNV-style) over a type tag
 * and the cell's value (numbers by their bits, text by its characters).
 */
import type { CellGrid, InputCell } from '../workbook/sheet';

/** The tables of one book in argument order; undefined for an omitted one. */
export type NamedTables = ReadonlyArray<readonly [string, CellGrid | undefined]>;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// Held in a module constant: under jest's sandbox a global lookup of Math per call costs 20x.
const imul = Math.imul;
const M1 = 0x01000193;
const M2 = 0x5bd1e995;

/** 12 hex digits identifying the content of the tables (names, shapes and every cell). */
export function hashTables(tables: NamedTables): string {
  // Two lanes, written out (no closures) so V8 keeps them in registers: this loop is the whole cost.
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  for (const [name, grid] of tables) {
    for (let i = 0; i < name.length; i++) {
      const x = name.charCodeAt(i);
      a = imul(a ^ x, M1);
      b = imul(b ^ x, M2);
    }
    const n = grid === undefined ? -1 : grid.length;
    a = imul(a ^ n, M1);
    b = imul(b ^ n, M2);
    if (grid === undefined) continue;
    for (let r = 0; r < grid.length; r++) {
      const row = grid[r] as ReadonlyArray<unknown>;
      a = imul(a ^ (row.length | 0x40000000), M1);
      b = imul(b ^ (row.length | 0x40000000), M2);
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        let tag: number;
        if (typeof v === 'number') {
          f64[0] = v;
          const lo = u32[0] as number;
          const hi = u32[1] as number;
          a = imul(imul(a ^ 1, M1) ^ lo, M1) ^ hi;
          b = imul(imul(b ^ lo, M2) ^ hi, M2);
          b ^= b >>> 15;
          continue;
        }
        let text: string | undefined;
        if (typeof v === 'string') {
          tag = 2;
          text = v;
        } else if (v === null || v === undefined) tag = 3;
        else if (typeof v === 'boolean') tag = v ? 4 : 5;
        else if (v instanceof Date) {
          tag = 6;
          text = String(v.getTime());
        } else {
          const cell = toInputCell(v);
          tag = 7;
          text = typeof cell === 'object' && cell !== null && !(cell instanceof Date) ? cell.error : String(cell);
        }
        a = imul(a ^ tag, M1);
        b = imul(b ^ tag, M2);
        if (text !== undefined) {
          a = imul(a ^ text.length, M1);
          for (let i = 0; i < text.length; i++) {
            const x = text.charCodeAt(i);
            a = imul(a ^ x, M1);
            b = imul(b ^ x, M2);
          }
          b ^= b >>> 15;
        }
      }
    }
  }
  a ^= a >>> 16;
  a = imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = imul(b ^ (b >>> 16), 0xc2b2ae35);
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
