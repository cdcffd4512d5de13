/**
 * Growable columns for the engine's big results (stock-ledger rows, consumed layers, journal lines).
 *
 * A million movements make about a million ledger rows and three million journal lines. Held as one
 * object each they cost well over a kilobyte per movement and most of the run's time in the garbage
 * collector, which copies every surviving object at least once. Held as columns they cost a few bytes
 * per field, and a typed array is never scanned by the collector at all.
 *
 * - FixedColumn: exact values (num.ts Fixed) in a Float64Array. A number there is a safe integer, so
 *   the double holds it exactly; the rare bigint (past 2^53) is kept aside by index, its slot NaN.
 * - NumberColumn: integers (seq, dates) in a Float64Array (exact up to 2^53); IntColumn: 32-bit ones.
 * - RefColumn: strings and other shared references in a plain array (one pointer each; the strings
 *   themselves are the movements' own, never copied).
 * - CodeColumn: a reference column of few distinct values, as 4-byte codes.
 * - SparseColumn: a field that is set on few rows (notes, batches), by index.
 *
 *   const c = new FixedColumn(); c.push(12345); c.push(2n ** 60n); c.get(1) === 2n ** 60n
 */
import type { Fixed } from './num';

const INITIAL = 1024;

/**
 * The next capacity for `need` slots: doubling while small, then half as much again, so a column
 * whose size was guessed a little short does not end up with twice the room it needs (its slots live
 * outside the JS heap, and V8 runs a full collection for every 64 MB of them allocated).
 */
function capacityFor(current: number, need: number): number {
  let n = Math.max(current, 1);
  while (n < need) n = n < 1 << 20 ? n * 2 : n + (n >> 1);
  return n;
}

/** A copy of `a` with room for `need` slots: exactly that many for a reserve, else by capacityFor. */
function grown(a: Float64Array, need: number, exact = false): Float64Array {
  const n = exact ? need : capacityFor(a.length, need);
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

export class NumberColumn {
  private data: Float64Array = new Float64Array(INITIAL);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = x;
  }
  /** Room for n slots without growing (a size known up front saves the copies). */
  reserve(n: number): void {
    if (n > this.data.length) this.data = grown(this.data, n, true);
  }
  get(i: number): number {
    return this.data[i] as number;
  }
  set(i: number, x: number): void {
    this.data[i] = x;
  }
}

/** Integers in [-2^31, 2^31) (indexes, links) in an Int32Array. */
export class IntColumn {
  private data = new Int32Array(INITIAL);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }
  get(i: number): number {
    return this.data[i] as number;
  }
  set(i: number, x: number): void {
    this.data[i] = x;
  }
  reserve(n: number): void {
    if (n > this.data.length) this.grow(n, true);
  }
  /** Length at least n, new slots set to `fill`. */
  extend(n: number, fill: number): void {
    if (n <= this.length) return;
    if (n > this.data.length) this.grow(n);
    this.data.fill(fill, this.length, n);
    this.length = n;
  }
  private grow(need: number, exact = false): void {
    const b = new Int32Array(exact ? need : capacityFor(this.data.length, need));
    b.set(this.data);
    this.data = b;
  }
}

export class FixedColumn {
  private data: Float64Array = new Float64Array(INITIAL);
  private big: Map<number, bigint> | undefined;
  length = 0;

  push(x: Fixed): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.put(this.length++, x);
  }
  reserve(n: number): void {
    if (n > this.data.length) this.data = grown(this.data, n, true);
  }
  get(i: number): Fixed {
    const x = this.data[i] as number;
    return x === x ? x : (this.big?.get(i) as bigint);
  }
  set(i: number, x: Fixed): void {
    this.put(i, x);
  }
  private put(i: number, x: Fixed): void {
    if (typeof x === 'number') {
      this.data[i] = x;
      if (this.big !== undefined) this.big.delete(i);
    } else {
      this.data[i] = NaN;
      (this.big ??= new Map()).set(i, x);
    }
  }
}

export class RefColumn<T> {
  private data: (T | undefined)[] = new Array<T | undefined>(INITIAL);
  length = 0;

  push(x: T): void {
    if (this.length === this.data.length) {
      // Doubling while small, not the array's own 1.5x: fewer large copies, fewer full collections.
      const b = new Array<T | undefined>(capacityFor(this.data.length, this.length + 1));
      for (let i = 0; i < this.length; i++) b[i] = this.data[i];
      this.data = b;
    }
    this.data[this.length++] = x;
  }
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const b = new Array<T | undefined>(n);
    for (let i = 0; i < this.length; i++) b[i] = this.data[i];
    this.data = b;
  }
  get(i: number): T {
    return this.data[i] as T;
  }
  set(i: number, x: T): void {
    this.data[i] = x;
  }
}

/**
 * A column of few distinct values (accounts, kinds, items, locations): each row a 4-byte code into a
 * table of the distinct values, so the collector never scans the rows. Consecutive repeats (an
 * entry's lines share item and location) skip the lookup.
 */
export class CodeColumn<T> {
  private codes = new Int32Array(INITIAL);
  private readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  private last: T | undefined;
  private lastCode = -1;
  length = 0;

  push(x: T): void {
    if (this.length === this.codes.length) {
      const b = new Int32Array(capacityFor(this.codes.length, this.length + 1));
      b.set(this.codes);
      this.codes = b;
    }
    this.codes[this.length++] = this.codeOf(x);
  }
  reserve(n: number): void {
    if (n <= this.codes.length) return;
    const b = new Int32Array(n);
    b.set(this.codes);
    this.codes = b;
  }
  private codeOf(x: T): number {
    if (x === this.last && this.lastCode >= 0) return this.lastCode;
    let c = this.index.get(x);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(x);
      this.index.set(x, c);
    }
    this.last = x;
    this.lastCode = c;
    return c;
  }
  get(i: number): T {
    return this.values[this.codes[i] as number] as T;
  }
  set(i: number, x: T): void {
    this.codes[i] = this.codeOf(x);
  }
  /** Row i's code: an index into `distinct()`, so a report can sum per value in a plain array. */
  codeAt(i: number): number {
    return this.codes[i] as number;
  }
  /** The distinct values, by code. */
  distinct(): readonly T[] {
    return this.values;
  }
  /** The code of a value, or undefined when no row holds it. */
  codeFor(x: T): number | undefined {
    return this.index.get(x);
  }
}

export class SparseColumn<T> {
  private readonly data = new Map<number, T>();

  get(i: number): T | undefined {
    return this.data.get(i);
  }
  set(i: number, x: T | undefined): void {
    if (x === undefined) this.data.delete(i);
    else this.data.set(i, x);
  }
}

/**
 * An optional exact value per movement seq (the cost of each issue): a Float64Array sized to the
 * movements, NaN where nothing is set, a bigint kept aside (its slot +Infinity). A Map of a million
 * numbers cost a hash entry each and a rehash on every doubling; this is 8 bytes a movement.
 *
 *   const c = new FixedBySeq(3); c.set(2, 125); c.get(2) === 125; c.get(0) === undefined
 */
export class FixedBySeq {
  private data: Float64Array;
  private big: Map<number, bigint> | undefined;

  constructor(size: number) {
    this.data = new Float64Array(Math.max(size, 1)).fill(NaN);
  }
  get(seq: number): Fixed | undefined {
    const x = this.data[seq];
    if (x === undefined || x !== x) return undefined;
    if (x === Infinity) return this.big?.get(seq);
    return x;
  }
  set(seq: number, x: Fixed): void {
    if (seq >= this.data.length) {
      const b = new Float64Array(capacityFor(this.data.length, seq + 1)).fill(NaN);
      b.set(this.data);
      this.data = b;
    }
    if (typeof x === 'number') this.data[seq] = x;
    else {
      this.data[seq] = Infinity;
      (this.big ??= new Map()).set(seq, x);
    }
  }
}
