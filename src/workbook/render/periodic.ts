/**
 * The "Periodic vs Perpetual" sheet and the summary JSON's `periods[]`, from comparePeriods.
 *
 * Table PP_PeriodicVsPerpetual: one row per period, both systems side by side and the difference
 * split into shrinkage, method effect, timing and other (they add up to the difference exactly).
 * A chart of both gross margins by period. Table PP_InvoiceMargins: the margin of every invoice
 * line, best first and worst last within each period - something only the perpetual side knows.
 */
import { isoDate } from '../../engine/dates';
import type { EngineResult } from '../../engine/pipeline';
import type { PeriodComparison, PeriodInvoiceMargin } from '../../engine/periodic';
import type { Scales } from '../../engine/prepare';
import * as N from '../../engine/num';
import { lazyTable, type OutputCell, type SheetModel } from '../sheet';
import type { SummaryPeriod } from '../summaryTypes';
import { col, decP, moneyP, periodTitle, qty, qtyDecimals, text } from './common';

export function renderPeriodicSheet(result: EngineResult, comparison: readonly PeriodComparison[]): SheetModel {
  const s = result.prepared.scales;
  const settings = result.prepared.inputs.settings;
  const kind = result.prepared.options.period ?? settings.period;
  const m = (x: N.Fixed): number => moneyP(x, s);
  const rows: OutputCell[][] = comparison.map((p) => [
    periodTitle(p.period),
    m(p.revenue),
    m(p.perpetual.cogs),
    m(p.perpetual.grossMargin),
    m(p.perpetual.closingValue),
    m(p.periodic.openingValue),
    m(p.periodic.purchases),
    m(p.periodic.closingValue),
    m(p.periodic.cogs),
    m(p.periodic.grossMargin),
    m(p.difference),
    m(p.explanation.shrinkage),
    m(p.explanation.methodEffect),
    m(p.explanation.timing),
    m(p.explanation.other),
  ]);
  // One row per invoice line, period by period: made when a host writes them (lazyTable).
  const offsets: number[] = [0];
  for (const p of comparison) offsets.push((offsets[offsets.length - 1] as number) + p.invoiceCount);
  let k = 0;
  const invoiceAt = (i: number): PeriodInvoiceMargin => {
    if (i < (offsets[k] as number) || i >= (offsets[k + 1] as number)) k = periodOfRow(offsets, i);
    return (comparison[k] as PeriodComparison).invoices[i - (offsets[k] as number)] as PeriodInvoiceMargin;
  };
  const invoiceRow = (i: number): OutputCell[] => {
    const l = invoiceAt(i);
    return [(comparison[k] as PeriodComparison).period, l.date, text(l.doc), text(l.party), l.item, qty(l.qty, s), m(l.revenue), m(l.cogs), m(l.margin), N.isZero(l.revenue) ? null : marginPct(l.margin, l.revenue)];
  };
  const invoiceCount = offsets[offsets.length - 1] as number;
  const notes: string[] = [
    `Periodic vs perpetual ${kind === 'All' ? 'over the whole span of the movements' : 'by ' + kind.toLowerCase()}, in ${settings.baseCurrency}.`,
    'Perpetual: every shipment is costed the moment it leaves; COGS and the stock value come from the journal.',
    'Periodic: purchases go to a Purchases account and COGS = opening stock + purchases - closing stock, known only at period end. Closing stock is the physical count (the last Count in the period\'s last 7 days, rolled forward to the period end), else the book quantity, valued by the periodic form of each item\'s method (FIFO: latest purchases; LIFO: oldest layers; average: weighted average of the period).',
    'Difference = periodic COGS - perpetual COGS = Shrinkage + Method Effect + Timing + Other. Shrinkage: units the counts found missing, at periodic cost (perpetual books them to Stock Adjustment, not COGS). Method Effect: periodic vs perpetual form of the method. Timing: goods shipped but not yet invoiced (held in Goods Delivered Not Invoiced under CogsTiming=Invoice). Other: internal use, revaluations, rounding.',
    'Per-invoice margins (second table) exist only in the perpetual system: periodic gives one lump margin per period.',
  ];
  const timingNotes = comparison
    .filter((p) => !N.isZero(p.timingDetail.invoicedNotShipped) || !N.isZero(p.timingDetail.shippedNotInvoiced))
    .map((p) => `${p.period}: invoiced but not shipped by period end ${decP(p.timingDetail.invoicedNotShipped, s)} revenue; shipped but not invoiced ${decP(p.timingDetail.shippedNotInvoiced, s)} cost.`);
  const countNotes = comparison
    .filter((p) => p.counts.length > 0)
    .map((p) => `${p.period}: closing counts used - ${p.counts.map((c) => `${c.item}@${c.location} ${isoDate(c.date)} counted ${N.toDecimalString(c.counted, s.q)} (book ${N.toDecimalString(c.bookBefore, s.q)})`).join('; ')}.`);
  return {
    key: 'periodic-vs-perpetual',
    sheetName: 'Periodic vs Perpetual',
    notes: [...notes, ...timingNotes, ...countNotes],
    tables: [
      {
        name: 'PP_PeriodicVsPerpetual',
        title: 'Periodic vs perpetual by period',
        columns: [
          col('Period', 'text'),
          col('Revenue', 'money'),
          col('Perpetual COGS', 'money'),
          col('Perpetual Margin', 'money'),
          col('Perpetual Closing', 'money'),
          col('Periodic Opening', 'money'),
          col('Purchases', 'money'),
          col('Periodic Closing', 'money'),
          col('Periodic COGS', 'money'),
          col('Periodic Margin', 'money'),
          col('Difference', 'money'),
          col('Shrinkage', 'money'),
          col('Method Effect', 'money'),
          col('Timing', 'money'),
          col('Other', 'money'),
        ],
        rows,
      },
      lazyTable({
        name: 'PP_InvoiceMargins',
        title: 'Per-invoice margins (perpetual only), best first and worst last in each period',
        columns: [
          col('Period', 'text'),
          col('Date', 'date'),
          col('Invoice', 'text'),
          col('Party', 'text'),
          col('Item', 'text'),
          col('Qty', 'qty'),
          col('Revenue', 'money'),
          col('COGS', 'money'),
          col('Margin', 'money'),
          col('Margin %', 'percent'),
        ],
      }, { length: invoiceCount, at: invoiceRow, decimals: qtyDecimals(invoiceCount, s, { 5: (i) => invoiceAt(i).qty }) }),
    ],
    charts: [{ kind: 'column', title: 'Gross margin by period: perpetual vs periodic', table: 0, categoryColumn: 0, seriesColumns: [3, 9] }],
  };
}

/** The period whose rows hold row i: the last k with offsets[k] <= i (offsets ascending, from 0). */
function periodOfRow(offsets: readonly number[], i: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** margin / revenue as a fraction rounded to 4 decimals (a percent cell shows 12.34%). */
function marginPct(margin: N.Fixed, revenue: N.Fixed): number {
  return N.toNumber(N.mulDivRound(margin, 10000, revenue), 4);
}

/** The summary JSON's periods[] (SPEC section 9), exact decimal strings at posting precision. */
export function periodsForSummary(comparison: readonly PeriodComparison[], scales: Scales): SummaryPeriod[] {
  const d = (x: N.Fixed): string => N.toDecimalString(x, scales.p);
  return comparison.map((p) => ({
    period: p.period,
    revenue: d(p.revenue),
    perpetual: { cogs: d(p.perpetual.cogs), closingValue: d(p.perpetual.closingValue), grossMargin: d(p.perpetual.grossMargin) },
    periodic: {
      openingValue: d(p.periodic.openingValue),
      purchases: d(p.periodic.purchases),
      closingValue: d(p.periodic.closingValue),
      cogs: d(p.periodic.cogs),
      grossMargin: d(p.periodic.grossMargin),
    },
  }));
}
