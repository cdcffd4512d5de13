/**
 * Small helpers every sheet renderer uses, so money, quantities and dates look the same on every
 * generated sheet and in every host. Values arrive as exact fixed-point integers (engine/num.ts) and
 * leave as cell numbers: money rounded to the posting precision (exact as displayed), quantities at
 * their own scale.
 */
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { Scales } from '../../engine/prepare';
import type { ColumnFormat, ColumnSpec, OutputCell } from '../sheet';

export function col(header: string, format: ColumnFormat, width?: number): ColumnSpec {
  return width === undefined ? { header, format } : { header, format, width };
}

/** Money already at posting precision (scale p) -> cell number. */
export function moneyP(x: Fixed, s: Scales): number {
  return N.toNumber(x, s.p);
}

/** An exact value at value scale -> cell number rounded to posting precision. */
export function moneyV(x: Fixed, s: Scales): number {
  return N.toNumber(N.rescale(x, s.v, s.p), s.p);
}

export function qty(x: Fixed, s: Scales): number {
  return N.toNumber(x, s.q);
}

/** A unit rate value/qty for display (6 decimals), or null when qty is zero. */
export function rate(value: Fixed, quantity: Fixed, s: Scales): number | null {
  if (N.isZero(quantity)) return null;
  // value at scale v, qty at scale q -> unit value at scale 6
  const r = N.mulDivRound(value, N.pow10Fixed(6 + s.q), N.mul(quantity, N.pow10Fixed(s.v)));
  return N.toNumber(r, 6);
}

/** A unit cost at cost scale c -> cell number. */
export function cost(x: Fixed, s: Scales): number {
  return N.toNumber(x, s.c);
}

/** Optional text -> cell (null when absent). */
export function text(x: string | undefined): OutputCell {
  return x === undefined ? null : x;
}

/** Exact decimal strings for JSON. */
export function decP(x: Fixed, s: Scales): string {
  return N.toDecimalString(x, s.p);
}
export function decV(x: Fixed, s: Scales): string {
  return N.toDecimalString(N.rescale(x, s.v, s.p), s.p);
}
export function decQ(x: Fixed, s: Scales): string {
  return N.toDecimalString(x, s.q);
}
