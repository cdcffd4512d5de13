/**
 * Display helpers over the summary's exact decimal strings. Money is never turned into a float for
 * arithmetic: comparisons and differences go through the engine's fixed-point module; a float is
 * used only for pixel geometry in the chart.
 */
import * as N from '../engine/num';

/** Enough decimals for any summary string (Precision is at most 6). */
const SCALE = 8;

function decimals(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function sameAmount(a: string, b: string): boolean {
  return N.cmp(N.fromDecimalString(a, SCALE), N.fromDecimalString(b, SCALE)) === 0;
}

/** a - b, exact, with the larger of the two inputs' decimals. */
export function difference(a: string, b: string): string {
  const places = Math.max(decimals(a), decimals(b));
  return N.toDecimalString(N.sub(N.fromDecimalString(a, places), N.fromDecimalString(b, places)), places);
}

export function isZeroAmount(a: string): boolean {
  return N.isZero(N.fromDecimalString(a, SCALE));
}

export function isNegativeAmount(a: string): boolean {
  return N.sign(N.fromDecimalString(a, SCALE)) < 0;
}

/** "1234567.5" -> "1,234,567.5"; "-200.00" -> "-200.00". Digits are kept as given. */
export function groupDigits(s: string): string {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  return `${negative ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac}`;
}

export function formatMoney(s: string, currency?: string): string {
  return currency === undefined || currency === '' ? groupDigits(s) : `${groupDigits(s)} ${currency}`;
}

/** Margin as a percentage of revenue, one decimal; undefined when there is no revenue. */
export function marginPercent(margin: string, revenue: string): string | undefined {
  const r = N.fromDecimalString(revenue, SCALE);
  if (N.isZero(r)) return undefined;
  const pct = N.mulDivRound(N.fromDecimalString(margin, SCALE), 1000, r);
  return `${N.toDecimalString(pct, 1)}%`;
}

/** Pixel geometry only. */
export function toPlotNumber(s: string): number {
  return Number(s);
}

export function formatCount(n: number): string {
  return groupDigits(String(Math.round(n)));
}

/**
 * Separators for the decimal figures inside a sentence ("Debits 5096.00" -> "Debits 5,096.00").
 * Only numbers with a decimal point are touched, so years, dates, row numbers and document codes
 * (2026, 2026-03-31, INV-1001) stay as written.
 */
export function groupNumbersInText(text: string): string {
  return text.replace(/(?<![\w.,-])-?\d{4,}\.\d+(?![\w.-])/g, (n) => groupDigits(n));
}
