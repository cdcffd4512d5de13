/**
 * Periodic versus perpetual in the words an accountant would use with a client, built from the
 * comparison view (runView.ts): one sentence per period on how much and which way periodic cost of
 * goods sold differs, then what explains it, e.g.
 *
 *   "Periodic COGS is 12.00 higher in March 2026: 1 SCARF missing at the count (shrinkage 12.00).
 *    Periodic margin 856.00 against perpetual 868.00."
 */
import { difference, formatMoney, isNegativeAmount, isZeroAmount } from './format';
import type { ComparisonView, DifferenceParts, MissingAtCount, PeriodView } from './runView';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03" -> "March 2026", "2026-Q1" -> "Q1 2026", "FY2027" stays, "All" -> "the whole period". */
export function periodName(label: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month !== null) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const quarter = /^(.+)-Q([1-4])$/.exec(label);
  if (quarter !== null) return `Q${quarter[2]} ${quarter[1]}`;
  return label === 'All' ? 'the whole period' : label;
}

/** "Mar 2026" style, for chart axes. */
export function shortPeriodName(label: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month !== null) return `${(MONTHS[Number(month[2]) - 1] ?? month[2] ?? '').slice(0, 3)} ${month[1]}`;
  const quarter = /^(.+)-Q([1-4])$/.exec(label);
  if (quarter !== null) return `Q${quarter[2]} ${quarter[1]}`;
  return label;
}

function decimalsOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** A rounded sheet figure with separators and the run's money decimals (display only). */
export function figure(n: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

function abs(s: string): string {
  return s.startsWith('-') ? s.slice(1) : s;
}

function missingWords(list: readonly MissingAtCount[]): string {
  const byItem = new Map<string, number>();
  for (const m of list) byItem.set(m.item, (byItem.get(m.item) ?? 0) + m.qty);
  const parts = [...byItem].map(([item, qty]) => `${figure(qty, Number.isInteger(qty) ? 0 : 2)} ${item}`);
  const said = parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
  return `${said} missing at the count${byItem.size > 1 ? 's' : ''}`;
}

/** What explains the difference, as clauses ("1 SCARF missing at the count (shrinkage 12.00)"). */
export function reasons(parts: DifferenceParts, missing: readonly MissingAtCount[], decimals: number): string[] {
  const out: string[] = [];
  const f = (n: number): string => figure(n, decimals);
  if (parts.shrinkage > 0) out.push(`${missing.length > 0 ? missingWords(missing) : 'stock missing at the count'} (shrinkage ${f(parts.shrinkage)})`);
  if (parts.shrinkage < 0) out.push(`the count found more than the books (shrinkage ${f(parts.shrinkage)})`);
  if (parts.method !== 0) out.push(`closing stock priced for the period as a whole rather than sale by sale (method ${f(parts.method)})`);
  if (parts.timing !== 0) out.push(`goods shipped but not yet invoiced at period end (timing ${f(parts.timing)})`);
  if (parts.other !== 0) out.push(`internal use, revaluations or rounding (other ${f(parts.other)})`);
  return out;
}

/** The sentences for one period. */
export function periodStory(p: PeriodView, currency: string): string {
  const decimals = decimalsOf(p.perpetualCogs);
  const when = periodName(p.period);
  const diff = difference(p.periodicCogs, p.perpetualCogs);
  if (isZeroAmount(diff)) {
    return `In ${when} both give the same COGS, ${formatMoney(p.perpetualCogs, currency)}: perpetual knew it on every invoice, periodic only after the count.`;
  }
  const way = isNegativeAmount(diff) ? 'lower' : 'higher';
  const why = p.parts === undefined ? [] : reasons(p.parts, p.missing, decimals);
  const head = `Periodic COGS is ${formatMoney(abs(diff))} ${way} in ${when}`;
  const margins = `Periodic margin ${formatMoney(p.periodicMargin)} against perpetual ${formatMoney(p.perpetualMargin)} ${currency}.`;
  return `${head}${why.length === 0 ? '.' : `: ${why.join('; ')}.`} ${margins}`;
}

export function comparisonStory(view: ComparisonView): string[] {
  return view.periods.map((p) => periodStory(p, view.currency));
}
