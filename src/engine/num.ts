/**
 * Exact fixed-point arithmetic for the valuation hot loop.
 *
 * Problem: decimal.js on every operation is exact but far too slow for a million movements, and
 * floating point is fast but wrong (0.1 + 0.2). Every number the engine handles is a decimal with a
 * known, small number of places, so it can be held as an integer count of 10^-scale units:
 * $12.34 at scale 2 is 1234. Sums and products of such integers are exact.
 *
 * A `Fixed` is that integer: a JavaScript number while it is a safe integer (|x| <= 2^53 - 1), and a
 * bigint beyond. Every operation takes the number fast path and checks the result; on overflow it
 * redoes the step in bigint, so nothing is ever rounded silently. Results are normalised back to a
 * number when they fit, so `x === 0` is the zero test and numbers dominate.
 *
 *   fromNumber(12.34, 2) === 1234;  mul(1234, 3) === 3702;  toDecimalString(3702, 2) === "37.02"
 *
 * The only rounding is explicit: `mulDivRound` / `rescale` round half away from zero (the
 * accountant's "round half up"), used for moving-average issues, proportional splits and posting.
 */

import Decimal from 'decimal.js';

/** decimal.js with enough precision that no conversion here ever rounds by accident. */
const ExactDecimal = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });

export type Fixed = number | bigint;

const MAX = Number.MAX_SAFE_INTEGER;

export const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const POW10N: readonly bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** Exact decimal text of a fixed value as a decimal.js Decimal (for hosts that want one). */
export function toDecimal(a: Fixed, scale: number): Decimal {
  return new ExactDecimal(a.toString()).dividedBy(new ExactDecimal(10).pow(scale));
}

function pow10n(k: number): bigint {
  return POW10N[k] ?? 10n ** BigInt(k);
}

function big(a: Fixed): bigint {
  return typeof a === 'bigint' ? a : BigInt(a);
}

/** Back to a number when it fits, so the fast path stays fast. */
export function norm(x: bigint): Fixed {
  return x <= 9007199254740991n && x >= -9007199254740991n ? Number(x) : x;
}

export function add(a: Fixed, b: Fixed): Fixed {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return norm(big(a) + big(b));
}

export function sub(a: Fixed, b: Fixed): Fixed {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return norm(big(a) - big(b));
}

export function mul(a: Fixed, b: Fixed): Fixed {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    // If the true product is within 2^53 the double product is exact; if it is not, the rounded
    // double is at least 2^53 too, so this test never accepts an inexact result.
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  return norm(big(a) * big(b));
}

export function neg(a: Fixed): Fixed {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : norm(-a);
}

export function cmp(a: Fixed, b: Fixed): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sign(a: Fixed): number {
  return a > 0 ? 1 : a < 0 ? -1 : 0;
}

export function isZero(a: Fixed): boolean {
  return a === 0;
}

export function min(a: Fixed, b: Fixed): Fixed {
  return cmp(a, b) <= 0 ? a : b;
}

export function abs(a: Fixed): Fixed {
  return sign(a) < 0 ? neg(a) : a;
}

/** round(a * b / c), half away from zero. c must not be zero. */
export function mulDivRound(a: Fixed, b: Fixed, c: Fixed): Fixed {
  if (typeof a === 'number' && typeof b === 'number' && typeof c === 'number') {
    const p = a * b;
    if (p <= MAX && p >= -MAX) {
      const r = p % c;
      let q = (p - r) / c;
      if (r !== 0 && 2 * Math.abs(r) >= Math.abs(c)) q += Math.sign(p) * Math.sign(c);
      return q === 0 ? 0 : q;
    }
  }
  const p = big(a) * big(b);
  const d = big(c);
  let q = p / d;
  const r = p - q * d;
  const ar = r < 0n ? -r : r;
  const ad = d < 0n ? -d : d;
  if (r !== 0n && 2n * ar >= ad) q += (p < 0n) !== (d < 0n) ? -1n : 1n;
  return norm(q);
}

/** a * b / c exactly when it divides, else undefined. */
export function mulDivExact(a: Fixed, b: Fixed, c: Fixed): Fixed | undefined {
  const p = big(a) * big(b);
  const d = big(c);
  return p % d === 0n ? norm(p / d) : undefined;
}

/** Change scale: multiply by 10^(to-from), or divide and round half away from zero. */
export function rescale(a: Fixed, from: number, to: number): Fixed {
  if (to === from) return a;
  if (to > from) return mul(a, pow10Fixed(to - from));
  return mulDivRound(a, 1, pow10Fixed(from - to));
}

export function pow10Fixed(k: number): Fixed {
  return k < 16 ? (POW10[k] as number) : norm(pow10n(k));
}

/** Decimal places in the shortest round-trip form of x ("12.5" -> 1, "1e-7" -> 7, "1200" -> 0). */
export function decimalsOf(x: number): number {
  if (Number.isInteger(x)) return 0;
  // Fast path for ordinary money and quantities (up to 6 places, well inside 2^53).
  if (Math.abs(x) < 1e9) {
    for (let k = 1; k <= 6; k++) {
      const p = POW10[k] as number;
      if (Math.round(x * p) / p === x) return k;
    }
  }
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? 0 : s.length - dot - 1;
  }
  const mantissa = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - exp);
}

/** The decimal that x's shortest form shows, as an integer at `scale` (rounded half up if finer). */
export function fromNumber(x: number, scale: number): Fixed {
  if (x === 0) return 0;
  const p = POW10[scale];
  if (p !== undefined) {
    const r = Math.round(x * p);
    if (Math.abs(r) <= MAX && r / p === x) return r === 0 ? 0 : r;
  }
  return fromDecimalString(String(x), scale);
}

/**
 * Parse decimal text ("-12.345", "1.5e-7") exactly to an integer at `scale`, rounded half away from
 * zero when it has more places. This is the edge where text becomes a fixed value, so it goes
 * through decimal.js (arbitrary precision, no float on the way).
 */
export function fromDecimalString(s: string, scale: number): Fixed {
  const d = new ExactDecimal(s.trim()).times(new ExactDecimal(10).pow(scale)).toDecimalPlaces(0, ExactDecimal.ROUND_HALF_UP);
  return norm(BigInt(d.toFixed(0)));
}

/** Exact decimal text of a fixed value: toDecimalString(-1234, 2) === "-12.34". */
export function toDecimalString(a: Fixed, scale: number): string {
  const negative = a < 0;
  let digits = (negative ? (typeof a === 'number' ? -a : -a) : a).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return negative ? '-' + digits : digits;
}

/** Like toDecimalString, without trailing fractional zeros: quantities read "8", not "8.00". */
export function toPlainString(a: Fixed, scale: number): string {
  const s = toDecimalString(a, scale);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** The nearest double, for writing a cell (money already rounded to cents is exact as shown). */
export function toNumber(a: Fixed, scale: number): number {
  if (typeof a === 'number') {
    const p = POW10[scale];
    if (p !== undefined) return a / p;
  }
  return Number(toDecimalString(a, scale));
}

/** Sum of a list. */
export function sum(xs: Iterable<Fixed>): Fixed {
  let s: Fixed = 0;
  for (const x of xs) s = add(s, x);
  return s;
}

/**
 * Split `total` over `weights` so the parts sum exactly to total: each part is the floor of its
 * exact share, then the units left over go one each to the largest remainders (ties: earlier first).
 * All zero weights split equally. Used for landed costs (at cents) and revaluations (at value scale).
 */
export function allocate(total: Fixed, weights: readonly Fixed[]): Fixed[] {
  const n = weights.length;
  if (n === 0) return [];
  let w = weights.map((x) => big(x));
  let wsum = w.reduce((s, x) => s + x, 0n);
  if (wsum === 0n) {
    w = w.map(() => 1n);
    wsum = BigInt(n);
  }
  const t = big(total);
  const negative = t < 0n;
  const at = negative ? -t : t;
  const parts: bigint[] = [];
  const rems: { i: number; r: bigint }[] = [];
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = at * (w[i] as bigint);
    const q = p / wsum;
    parts.push(q);
    given += q;
    rems.push({ i, r: p - q * wsum });
  }
  let left = at - given;
  rems.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (let k = 0; left > 0n; k = (k + 1) % n) {
    const idx = (rems[k] as { i: number }).i;
    parts[idx] = (parts[idx] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((p) => norm(negative ? -p : p));
}

/**
 * Decimals past the posting precision on which every divided value is rounded (a share of a layer,
 * an average issue, a split of a bill): values live on a grid of 10^-(p + VALUE_GUARD), whatever
 * other rows in the run widened the value scale to, so one extra decimal elsewhere changes nothing
 * (SPEC section 4, independence). The value scale is never below p + VALUE_GUARD.
 */
export const VALUE_GUARD = 4;
