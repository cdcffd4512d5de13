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
 * - NumberColumn: small integers (seq, dates, indexes) in a Float64Array (exact up to 2^53).
 * - RefColumn: strings and other shared references in a plain array (one pointer each; the strings
 *   themselves are the movements' own, never copied).
 * - SparseColumn: a field that is set on few rows (notes, batches), by index.
 *
 *   const c = new FixedColumn(); c.push(12345); c.push(2n ** 60n); c.get(1) === 2n ** 60n
 */
import type { Fixed } from './num';

const INITIAL = 1024;

function grown(a: Float64Array, need: number): Float64Array {
  let n = a.length;
  while (n < need) n *= 2;
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
  get(i: number): number {
    return this.data[i] as number;
  }
  set(i: number, x: number): void {
    this.data[i] = x;
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
  private readonly data: T[] = [];

  get length(): number {
    return this.data.length;
  }
  push(x: T): void {
    this.data.push(x);
  }
  get(i: number): T {
    return this.data[i] as T;
  }
  set(i: number, x: T): void {
    this.data[i] = x;
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
