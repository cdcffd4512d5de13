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
import { mostDecimals } from '../layout';

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

/**
 * An identifier (account code...) for a 'code' column: a canonical whole number ("1400", not
 * "0100", not "1e3") becomes a number, so Excel shows no number-as-text warning and the reader
 * reads it back as the same text; anything else stays text.
 */
export function code(x: string | undefined): OutputCell {
  if (x === undefined) return null;
  return /^[1-9]\d{0,14}$/.test(x) ? Number(x) : x;
}

/** A decimal string with thousands separators, for titles and notes: "93108.44" -> "93,108.44". */
export function grouped(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (m === null) return decimal;
  return `${m[1] ?? ''}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A period as an accountant labels it: "2026-01" -> "Jan 2026", "2026-Q1" -> "Q1 2026",
 * "2026" -> "FY 2026", "FY2027" -> "FY 2027", "FY2027-Q2" -> "Q2 FY 2027"; "All" stays.
 * (The summary JSON keeps the engine's labels: outside tools read those.)
 */
export function periodTitle(label: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m !== null) return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
  m = /^(\d{4})-Q(\d)$/.exec(label);
  if (m !== null) return `Q${m[2]} ${m[1]}`;
  m = /^FY(\d{4})-Q(\d)$/.exec(label);
  if (m !== null) return `Q${m[2]} FY ${m[1]}`;
  m = /^(?:FY)?(\d{4})$/.exec(label);
  if (m !== null) return `FY ${m[1]}`;
  return label;
}

/** A column of the row's own table in a formula (resolved by the layout): {table}[Header]. */
export function ref(header: string): string {
  return `{table}[${header.replace(/['#[\]]/g, (ch) => `'${ch}`)}]`;
}

/**
 * A lazy table's answer to "how many decimals does qty column c need" (RowSource.decimals), read
 * from the engine's values of its n rows instead of making the rows: `columns` maps a column index
 * to row i's exact quantity (scale q).
 *
 *   qtyDecimals(ledger.length, s, { 6: (i) => ledger.qtyInAt(i) })(6) -> 0 for whole units
 */
export function qtyDecimals(n: number, s: Scales, columns: Readonly<Record<number, (i: number) => Fixed>>): (c: number) => number | undefined {
  return (c) => {
    const at = columns[c];
    return at === undefined ? undefined : mostDecimals(n, (i) => qty(at(i), s));
  };
}
