/**
 * Operational sheets: Margins (one flat row per invoice line, pivot-ready), Landed Costs, Received
 * Not Billed, Three-Way Match, Book vs Tax, Reorder, Absorption Variance and Diagnostics.
 */
import { isoDate, type Period } from '../../engine/dates';
import { accountClassifier } from '../../engine/accounts';
import { periodIndex } from '../../engine/periods';
import { absorption, PCT_SCALE, reorder, threeWayMatch } from '../../engine/operations';
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import type { Diagnostic } from '../../engine/types';
import { lazyTable, type EmptyReport, type OutputCell, type SheetModel } from '../sheet';
import type { InvoiceLine } from '../../engine/valuation/types';
import { col, cost, moneyP, moneyV, periodTitle, qty, qtyDecimals, text } from './common';
import { lastDate } from './stock';

export function renderMargins(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const invoices = r.valuation.invoices;
  // Rows are made when a host writes them (lazyTable): one per invoice line, pivot-ready.
  const lineRow = (i: number): OutputCell[] => {
    const line = invoices[i] as InvoiceLine;
    const revenue = N.rescale(line.revenue, s.v, s.p);
    const cogs = N.rescale(line.cogs, s.v, s.p);
    const margin = N.sub(revenue, cogs);
    const pct = N.isZero(revenue) ? null : N.toNumber(N.mulDivRound(margin, 1000000, revenue), 6);
    let replacementMargin: number | null = null;
    let replacement: number | null = null;
    if (line.replacementCost !== undefined) {
      const rc = N.rescale(N.mul(N.mul(line.qty, line.replacementCost), N.pow10Fixed(s.v - s.q - s.c)), s.v, s.p);
      replacement = N.toNumber(rc, s.p);
      replacementMargin = N.toNumber(N.sub(revenue, rc), s.p);
    }
    const item = r.prepared.items.get(line.item);
    return [
      line.date,
      text(line.doc),
      text(line.party),
      text(line.channel),
      line.item,
      text(item?.name),
      text(item?.template),
      text(item?.category),
      text(line.order),
      qty(line.qty, s),
      moneyP(revenue, s),
      moneyP(cogs, s),
      moneyP(margin, s),
      pct,
      replacement,
      replacementMargin,
      qty(line.shippedQty, s),
      N.cmp(N.abs(line.shippedQty), N.abs(line.qty)) < 0 ? 'not fully shipped: COGS so far' : null,
    ];
  };
  const line = (i: number): InvoiceLine => invoices[i] as InvoiceLine;
  const decimals = qtyDecimals(invoices.length, s, { 9: (i) => line(i).qty, 16: (i) => line(i).shippedQty });
  // Variants: items that share a Template roll up into one line per template.
  const byTemplate = new Map<string, { qty: Fixed; revenue: Fixed; cogs: Fixed }>();
  for (const line of r.valuation.invoices) {
    const template = r.prepared.items.get(line.item)?.template;
    if (template === undefined) continue;
    const t = byTemplate.get(template) ?? { qty: 0, revenue: 0, cogs: 0 };
    byTemplate.set(template, { qty: N.add(t.qty, line.qty), revenue: N.add(t.revenue, N.rescale(line.revenue, s.v, s.p)), cogs: N.add(t.cogs, N.rescale(line.cogs, s.v, s.p)) });
  }
  const templateRows: OutputCell[][] = [...byTemplate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([template, t]) => {
      const margin = N.sub(t.revenue, t.cogs);
      return [template, qty(t.qty, s), moneyP(t.revenue, s), moneyP(t.cogs, s), moneyP(margin, s), N.isZero(t.revenue) ? null : N.toNumber(N.mulDivRound(margin, 1000000, t.revenue), 6)];
    });
  return {
    key: 'margins',
    sheetName: 'Margins',
    notes: [
      'One row per invoice line (Sale and Invoice rows; a customer return with a price is a negative line). Flat and pivot-ready.',
      'Replacement-cost margin: revenue minus the quantity at the latest purchase cost known on the invoice date - the management view of what selling cost you to replace.',
    ],
    tables: [
      lazyTable({
        name: 'PP_Margins',
        columns: [
          col('Date', 'date'),
          col('Doc', 'text'),
          col('Party', 'text', 22),
          col('Channel', 'text'),
          col('Item', 'text'),
          col('Item Name', 'text', 22),
          col('Template', 'text'),
          col('Category', 'text'),
          col('Order', 'text'),
          col('Qty', 'qty'),
          col('Revenue', 'money'),
          col('COGS', 'money'),
          col('Margin', 'money'),
          col('Margin %', 'percent'),
          col('Replacement Cost', 'money'),
          col('Replacement Margin', 'money'),
          col('Shipped Qty', 'qty'),
          col('Note', 'text', 26),
        ],
      }, { length: invoices.length, at: lineRow, decimals }),
      ...(templateRows.length === 0
        ? []
        : [
            {
              name: 'PP_MarginsByTemplate',
              title: 'By template (variants rolled up)',
              columns: [col('Template', 'text'), col('Qty', 'qty'), col('Revenue', 'money'), col('COGS', 'money'), col('Margin', 'money'), col('Margin %', 'percent')],
              rows: templateRows,
            },
          ]),
    ],
    charts: [],
  };
}

export function renderLandedCosts(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const rows: OutputCell[][] = r.valuation.landed.map((a) => [
    a.date,
    a.doc,
    a.appliesTo,
    a.basis,
    text(a.receiptDoc),
    a.item,
    qty(a.receiptQty, s),
    moneyP(a.share, s),
    moneyV(a.toStock, s),
    moneyV(a.toCogs, s),
    a.source.row,
  ]);
  return {
    key: 'landed-costs',
    sheetName: 'Landed Cost Allocation',
    notes: ['Each charge split over its receipt lines to the cent (largest remainder first); the parts sum exactly to the charge. The share of units already sold went to COGS on the charge date.'],
    tables: [
      {
        name: 'PP_LandedCosts',
        columns: [col('Date', 'date'), col('Charge Doc', 'text'), col('Applies To', 'text'), col('Basis', 'text'), col('Receipt', 'text'), col('Item', 'text'), col('Receipt Qty', 'qty'), col('Share', 'money'), col('To Stock', 'money'), col('To COGS', 'money'), col('Source Row', 'integer')],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderReceivedNotBilled(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const asOf = r.prepared.options.asOf ?? lastDate(r);
  const rows: OutputCell[][] = [];
  for (const rec of r.valuation.receipts) {
    const open = N.sub(N.sub(rec.qty, rec.billedQty), rec.returnedQty);
    const openValue = N.sub(rec.value, rec.clearedValue);
    if (N.sign(open) <= 0 && N.isZero(openValue)) continue;
    rows.push([rec.date, text(rec.doc), text(rec.order), text(rec.party), rec.item, qty(rec.qty, s), qty(rec.billedQty, s), qty(rec.returnedQty, s), qty(open, s), moneyV(openValue, s), asOf - rec.date]);
  }
  return {
    key: 'received-not-billed',
    sheetName: 'Received Not Billed',
    notes: [`What sits in Stock Received Not Billed as of ${isoDate(asOf)}, by receipt, with its age in days.`],
    tables: [
      {
        name: 'PP_ReceivedNotBilled',
        columns: [col('Date', 'date'), col('Receipt', 'text'), col('Order', 'text'), col('Supplier', 'text'), col('Item', 'text'), col('Received', 'qty'), col('Billed', 'qty'), col('Returned', 'qty'), col('Open Qty', 'qty'), col('Open Value', 'money'), col('Age (days)', 'integer')],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderThreeWayMatch(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const tol = r.prepared.inputs.settings.matchTolerancePct;
  const pct = (x: Fixed | undefined): number | null => (x === undefined ? null : N.toNumber(x, PCT_SCALE));
  const rows: OutputCell[][] = threeWayMatch(r).map((a) => [
    a.order,
    a.item,
    qty(a.poQty, s),
    moneyV(a.poValue, s),
    qty(a.recQty, s),
    moneyV(a.recValue, s),
    qty(a.billQty, s),
    moneyV(a.billAmount, s),
    pct(a.qtyRecPct),
    pct(a.qtyBillPct),
    pct(a.pricePct),
    a.findings.length === 0 ? 'Matched' : a.findings.join('; '),
  ]);
  return {
    key: 'three-way-match',
    sheetName: 'Three-Way Match',
    notes: [`Purchase orders vs receipts vs bills per Order and Item. Differences beyond ${tol}% (Settings MatchTolerancePct) are listed in Status.`],
    tables: [
      {
        name: 'PP_ThreeWayMatch',
        columns: [col('Order', 'text'), col('Item', 'text'), col('PO Qty', 'qty'), col('PO Value', 'money'), col('Received Qty', 'qty'), col('Received Value', 'money'), col('Billed Qty', 'qty'), col('Billed Amount', 'money'), col('Qty Diff % (Rec vs PO)', 'percent'), col('Qty Diff % (Bill vs Rec)', 'percent'), col('Price Diff % (Bill vs PO)', 'percent'), col('Status', 'text', 40)],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderBookVsTax(r: EngineResult, periods: readonly Period[]): SheetModel | undefined {
  const tax = r.tax;
  if (tax === undefined) return undefined;
  const s = r.prepared.scales;
  const bookMethod = r.method;
  const byItem = new Map(tax.items.map((i) => [i.item, i]));
  const rows: OutputCell[][] = [];
  for (const b of r.items) {
    const t = byItem.get(b.item);
    const tc = t?.cogs ?? 0;
    const tv = t?.value ?? 0;
    rows.push([b.item, text(b.name), b.method, tax.method, moneyP(b.cogs, s), moneyP(tc, s), moneyP(N.sub(b.cogs, tc), s), moneyP(b.value, s), moneyP(tv, s), moneyP(N.sub(b.value, tv), s)]);
  }
  rows.push(['Total', null, bookMethod, tax.method, moneyP(r.totals.cogs, s), moneyP(tax.cogs, s), moneyP(N.sub(r.totals.cogs, tax.cogs), s), moneyP(r.totals.inventoryValue, s), moneyP(tax.inventoryValue, s), moneyP(N.sub(r.totals.inventoryValue, tax.inventoryValue), s)]);
  // By period: COGS in the period and closing value at its end, both books.
  const classes = accountClassifier(r.prepared);
  const perPeriod = (lines: typeof r.journal.lines): { cogs: Fixed[]; closing: Fixed[] } => {
    const cogs = periods.map((): Fixed => 0);
    const moved = periods.map((): Fixed => 0);
    // Each line lands in one period (binary search); closing values are the running sums.
    for (const l of lines) {
      const cls = classes.classOf(l.account);
      if (cls !== 'cogs' && cls !== 'stock') continue;
      const i = periodIndex(periods, l.date);
      if (cls === 'cogs') {
        if (i >= 0 && i < periods.length && l.date >= (periods[i] as Period).start) cogs[i] = N.add(cogs[i] as Fixed, l.amount);
      } else if (i < periods.length) moved[i < 0 ? 0 : i] = N.add(moved[i < 0 ? 0 : i] as Fixed, l.amount);
    }
    const closing: Fixed[] = [];
    let run: Fixed = 0;
    for (const x of moved) closing.push((run = N.add(run, x)));
    return { cogs, closing };
  };
  const bp = perPeriod(r.journal.lines);
  const tp = perPeriod(tax.journal.lines);
  const periodRows: OutputCell[][] = periods.map((p, i) => [
    periodTitle(p.label),
    moneyP(bp.cogs[i] as Fixed, s),
    moneyP(tp.cogs[i] as Fixed, s),
    moneyP(N.sub(bp.cogs[i] as Fixed, tp.cogs[i] as Fixed), s),
    moneyP(bp.closing[i] as Fixed, s),
    moneyP(tp.closing[i] as Fixed, s),
    moneyP(N.sub(bp.closing[i] as Fixed, tp.closing[i] as Fixed), s),
  ]);
  const reserve = tax.method === 'LIFO' ? ' The difference in closing value is the LIFO reserve.' : '';
  return {
    key: 'book-vs-tax',
    sheetName: 'Book vs Tax',
    notes: [`Book method ${bookMethod}; tax (memorandum) method ${tax.method}. The tax book posts nothing; it values the same movements another way.${reserve}`],
    tables: [
      {
        name: 'PP_BookVsTaxByItem',
        columns: [col('Item', 'text'), col('Name', 'text', 22), col('Book Method', 'text'), col('Tax Method', 'text'), col('Book COGS', 'money'), col('Tax COGS', 'money'), col('COGS Difference', 'money'), col('Book Closing Value', 'money'), col('Tax Closing Value', 'money'), col('Value Difference', 'money')],
        rows,
      },
      {
        name: 'PP_BookVsTaxByPeriod',
        title: 'By period',
        columns: [col('Period', 'text'), col('Book COGS', 'money'), col('Tax COGS', 'money'), col('COGS Difference', 'money'), col('Book Closing', 'money'), col('Tax Closing', 'money'), col('Closing Difference', 'money')],
        rows: periodRows,
      },
    ],
    charts: [],
  };
}

export function renderReorder(r: EngineResult): SheetModel | undefined {
  const report = reorder(r);
  if (report.watched === 0) return undefined;
  const s = r.prepared.scales;
  const asOf = report.asOf;
  const rows: OutputCell[][] = report.lines.map((l) => [
    l.item,
    text(r.prepared.items.get(l.item)?.name),
    qty(l.available, s),
    qty(l.level, s),
    qty(l.reorderQty, s),
    qty(l.suggested, s),
    qty(l.shippedLast90, s),
    l.leadTimeDays ?? null,
    l.leadDemand === undefined ? null : N.toNumber(l.leadDemand, s.q),
  ]);
  return {
    key: 'reorder',
    sheetName: 'Reorder',
    notes: [`Items whose available quantity (excluding Quarantine, Returns and Rework) is at or below ReorderLevel as of ${isoDate(asOf)}. Second opinion: shipments of the last 90 days x lead time / 90.`],
    tables: [
      {
        name: 'PP_Reorder',
        columns: [col('Item', 'text'), col('Name', 'text', 22), col('Available', 'qty'), col('Reorder Level', 'qty'), col('Reorder Qty', 'qty'), col('Suggested Qty', 'qty'), col('Shipped Last 90 Days', 'qty'), col('Lead Time (days)', 'integer'), col('Demand Over Lead Time', 'qty')],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderAbsorption(r: EngineResult, periods: readonly Period[]): SheetModel | undefined {
  const lines = absorption(r, periods);
  if (lines === undefined) return undefined;
  const s = r.prepared.scales;
  const account = r.prepared.chart.role('AbsorbedLaborOverhead');
  const rows: OutputCell[][] = lines.map((l, i) => [
    periodTitle((periods[i] as Period).label),
    moneyP(l.absorbed, s),
    moneyP(l.actual, s),
    moneyP(l.variance, s),
    N.sign(l.variance) > 0 ? 'under-absorbed' : N.sign(l.variance) < 0 ? 'over-absorbed' : 'exact',
  ]);
  return {
    key: 'absorption-variance',
    sheetName: 'Absorption Variance',
    notes: [`Labor and overhead absorbed into builds (credited to ${account}) against the actual costs booked to that account (Bill rows with Account ${account}). Positive variance = under-absorbed.`],
    tables: [
      {
        name: 'PP_AbsorptionVariance',
        columns: [col('Period', 'text'), col('Absorbed', 'money'), col('Actual', 'money'), col('Variance', 'money'), col('Status', 'text')],
        rows,
      },
    ],
    charts: [],
  };
}

/** Diagnostics, and the reports not created because they had no rows (SPEC section 5). */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], empty: readonly EmptyReport[] = []): SheetModel {
  const emptyTable: SheetModel['tables'] =
    empty.length === 0
      ? []
      : [
          {
            name: 'PP_EmptyReports',
            title: 'Reports not created (no rows)',
            columns: [col('Report', 'text', 28), col('Reason', 'text', 50)],
            rows: empty.map((e) => [e.sheetName, 'the run produced no rows for it']),
          },
        ];
  return {
    key: 'diagnostics',
    sheetName: 'Diagnostics',
    notes: [diagnostics.length === 0 ? 'No problems found.' : `${diagnostics.filter((d) => d.severity === 'error').length} errors, ${diagnostics.filter((d) => d.severity === 'warning').length} warnings. Rows count the header as row 1.`],
    tables: [
      {
        name: 'PP_Diagnostics',
        columns: [col('Severity', 'text'), col('Code', 'text', 22), col('Table', 'text'), col('Row', 'integer'), col('Column', 'text'), col('Message', 'text', 60), col('Hint', 'text', 50)],
        rows: diagnostics.map((d) => [d.severity, d.code, text(d.table), d.row ?? null, text(d.column), d.message, text(d.hint)]),
      },
      ...emptyTable,
    ],
    charts: [],
  };
}

export { cost };
