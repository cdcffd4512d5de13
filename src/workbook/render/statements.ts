/**
 * Profit and Loss and Balance Sheet, shaped as an accountant reads them, and still pivot-safe: the
 * table body holds one line per account (Section, Account, Name, one column per period, Total for
 * the P&L), never a total; the statement's subtotals are lines under the table whose cells are
 * live formulas over it (SUMIFS on the Section column), their values computed exactly here.
 *
 *   Profit and Loss                 Jan 2026   Feb 2026      Total
 *   Revenue                        12,000.00  22,573.00  34,573.00
 *   Cost of goods sold              5,000.00   9,517.60  14,517.60
 *   Gross profit                    7,000.00  13,055.40  20,055.40   = Revenue - COGS
 *   Gross margin %                     58.3%      57.8%      58.0%
 *   Price variance / Stock adjustments / Capitalised expenses / Other ... (one line each present)
 *   Net result
 *
 * Sections come from the engine's account classifier (sales, COGS) and the chart's roles, so
 * Gross profit equals the summary JSON's grossMargin whenever every sale and COGS line carries its
 * item (they always do when posted by the engine).
 */
import type { Period } from '../../engine/dates';
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import type { AccountRole } from '../../engine/types';
import type { BelowRow, FormulaCell, LayoutCell, OutputCell, SheetModel } from '../sheet';
import { code, col, moneyP, periodTitle, ref } from './common';
import { accountClasses, chartAccounts, ledgerLines, periodIndex, periodKindOf, scalesOf, type LedgerAccount } from './ledgerView';

/** In-period (P&L) or cumulative (balance sheet) sum per account and period, scale p. */
function balancesByPeriod(r: EngineResult, periods: readonly Period[], cumulative: boolean): Map<string, Fixed[]> {
  const out = new Map<string, Fixed[]>();
  const n = periods.length;
  for (const l of ledgerLines(r)) {
    const idx = periodIndex(periods, l.date);
    const arr = out.get(l.account) ?? new Array<Fixed>(n).fill(0);
    if (cumulative) for (let i = idx; i < n; i++) arr[i] = N.add(arr[i] as Fixed, l.amount);
    else arr[idx] = N.add(arr[idx] as Fixed, l.amount);
    out.set(l.account, arr);
  }
  return out;
}

const sumFixed = (xs: readonly Fixed[]): Fixed => xs.reduce<Fixed>((a, b) => N.add(a, b), 0);

/** P&L headings in statement order, and whether a heading adds to the result (+1) or costs (-1). */
const PL_SECTIONS = ['Revenue', 'Cost of goods sold', 'Other income', 'Price variance', 'Stock adjustments', 'Capitalised expenses', 'Purchases', 'Other expenses'] as const;
type PlSection = (typeof PL_SECTIONS)[number];

const ROLE_SECTION: Partial<Record<AccountRole, PlSection>> = {
  PurchasePriceVariance: 'Price variance',
  StockAdjustment: 'Stock adjustments',
  ExpensesIncludedInValuation: 'Capitalised expenses',
  Purchases: 'Purchases',
};

function plSection(a: LedgerAccount, classes: ReturnType<typeof accountClasses>): PlSection | undefined {
  if (a.type === 'Income') return classes.sales.has(a.code) ? 'Revenue' : 'Other income';
  if (a.type !== 'Expense') return undefined;
  if (classes.cogs.has(a.code)) return 'Cost of goods sold';
  for (const [role, section] of Object.entries(ROLE_SECTION) as Array<[AccountRole, PlSection]>) if (classes.byRole(role) === a.code) return section;
  return 'Other expenses';
}

function formula(f: string, value: number | string): FormulaCell {
  return { formula: f, value };
}

export function renderProfitAndLoss(r: EngineResult, periods: readonly Period[]): SheetModel {
  const s = scalesOf(r);
  const classes = accountClasses(r);
  const bal = balancesByPeriod(r, periods, false);
  const n = periods.length;
  const rows: OutputCell[][] = [];
  const bySection = new Map<PlSection, Fixed[]>();
  const lines: Array<{ section: PlSection; account: LedgerAccount; shown: Fixed[] }> = [];
  for (const a of chartAccounts(r)) {
    const section = plSection(a, classes);
    const b = bal.get(a.code);
    if (section === undefined || b === undefined) continue;
    const shown = b.map((x) => (a.type === 'Income' ? N.neg(x) : x));
    if (shown.every((x) => N.isZero(x))) continue;
    lines.push({ section, account: a, shown });
  }
  lines.sort((x, y) => PL_SECTIONS.indexOf(x.section) - PL_SECTIONS.indexOf(y.section));
  for (const { section, account, shown } of lines) {
    rows.push([section, code(account.code), account.name, ...shown.map((x) => moneyP(x, s)), moneyP(sumFixed(shown), s)]);
    const t = bySection.get(section) ?? new Array<Fixed>(n + 1).fill(0);
    [...shown, sumFixed(shown)].forEach((x, i) => (t[i] = N.add(t[i] as Fixed, x)));
    bySection.set(section, t);
  }
  const headers = [...periods.map((p) => periodTitle(p.label)), 'Total'];
  const zero = new Array<Fixed>(n + 1).fill(0);
  const amounts = (section: PlSection): Fixed[] => bySection.get(section) ?? zero;
  const sectionLine = (section: PlSection, label = section): BelowRow => ({
    cells: [label, null, null, ...headers.map((h, i) => formula(`SUMIFS(${ref(h)},${ref('Section')},"${section}")`, moneyP(amounts(section)[i] as Fixed, s)))],
  });
  const below: BelowRow[] = [sectionLine('Revenue'), sectionLine('Cost of goods sold')];
  const gross = amounts('Revenue').map((x, i) => N.sub(x, amounts('Cost of goods sold')[i] as Fixed));
  below.push({ strong: true, cells: ['Gross profit', null, null, ...headers.map((_, i) => formula('{below:0}-{below:1}', moneyP(gross[i] as Fixed, s)))] });
  below.push({
    format: 'percent',
    cells: [
      'Gross margin %',
      null,
      null,
      ...headers.map((_, i) => {
        const rev = amounts('Revenue')[i] as Fixed;
        return formula('IF({below:0}=0,"",{below:2}/{below:0})', N.isZero(rev) ? '' : N.toNumber(gross[i] as Fixed, s.p) / N.toNumber(rev, s.p));
      }),
    ],
  });
  // The other headings present, then the net result: gross profit + other income - the costs.
  let net = gross;
  let netFormula = '{below:2}';
  for (const section of PL_SECTIONS.slice(2)) {
    if (!bySection.has(section)) continue;
    const sign = section === 'Other income' ? 1 : -1;
    netFormula += `${sign > 0 ? '+' : '-'}{below:${below.length}}`;
    net = net.map((x, i) => (sign > 0 ? N.add(x, amounts(section)[i] as Fixed) : N.sub(x, amounts(section)[i] as Fixed)));
    below.push(sectionLine(section));
  }
  below.push({ strong: true, cells: ['Net result', null, null, ...headers.map((_, i) => formula(netFormula, moneyP(net[i] as Fixed, s)))] });
  return {
    key: 'profit-and-loss',
    sheetName: 'Profit and Loss',
    notes: [`One column per ${periodKindOf(r).toLowerCase()} period and a Total. Revenue and costs shown positive; the statement under the table is live formulas over it.`],
    tables: [
      {
        name: 'PP_ProfitAndLoss',
        columns: [col('Section', 'text', 22), col('Account', 'code'), col('Name', 'text', 32), ...headers.map((h) => col(h, 'money'))],
        rows,
        below,
      },
    ],
    charts: [],
  };
}

const BS_SECTIONS = [
  { type: 'Asset', section: 'Assets' },
  { type: 'Liability', section: 'Liabilities' },
  { type: 'Equity', section: 'Equity' },
] as const;

export function renderBalanceSheet(r: EngineResult, periods: readonly Period[]): SheetModel {
  const s = scalesOf(r);
  const bal = balancesByPeriod(r, periods, true);
  const n = periods.length;
  const rows: OutputCell[][] = [];
  const totals = new Map<string, Fixed[]>();
  const add = (section: string, xs: readonly Fixed[]): void => {
    const t = totals.get(section) ?? new Array<Fixed>(n).fill(0);
    xs.forEach((x, i) => (t[i] = N.add(t[i] as Fixed, x)));
    totals.set(section, t);
  };
  for (const { type, section } of BS_SECTIONS) {
    for (const a of chartAccounts(r)) {
      if (a.type !== type) continue;
      const b = bal.get(a.code);
      if (b === undefined) continue;
      const shown = b.map((x) => (type === 'Asset' ? x : N.neg(x)));
      if (shown.every((x) => N.isZero(x))) continue;
      rows.push([section, code(a.code), a.name, ...shown.map((x) => moneyP(x, s))]);
      add(section, shown);
    }
  }
  // Current result: income - expenses to date, not yet closed to retained earnings: part of equity.
  const result = new Array<Fixed>(n).fill(0);
  for (const a of chartAccounts(r)) {
    if (a.type !== 'Income' && a.type !== 'Expense') continue;
    bal.get(a.code)?.forEach((x, i) => (result[i] = N.sub(result[i] as Fixed, x)));
  }
  if (result.some((x) => !N.isZero(x))) {
    rows.push(['Equity', null, 'Current result (not yet closed)', ...result.map((x) => moneyP(x, s))]);
    add('Equity', result);
  }
  const headers = periods.map((p) => periodTitle(p.label));
  const zero = new Array<Fixed>(n).fill(0);
  const of = (section: string): Fixed[] => totals.get(section) ?? zero;
  const line = (label: string, section: string, strong = false): BelowRow => ({
    strong,
    cells: [label, null, null, ...headers.map((h, i) => formula(`SUMIFS(${ref(h)},${ref('Section')},"${section}")`, moneyP(of(section)[i] as Fixed, s)))],
  });
  const lAndE = of('Liabilities').map((x, i) => N.add(x, of('Equity')[i] as Fixed));
  const cells = (label: string, f: string, xs: readonly Fixed[]): LayoutCell[] => [label, null, null, ...xs.map((x) => formula(f, moneyP(x, s)))];
  const below: BelowRow[] = [
    line('Total assets', 'Assets', true),
    line('Total liabilities', 'Liabilities'),
    line('Total equity (with current result)', 'Equity'),
    { strong: true, cells: cells('Total liabilities and equity', '{below:1}+{below:2}', lAndE) },
    { cells: cells('Difference (zero when balanced)', '{below:0}-{below:3}', of('Assets').map((x, i) => N.sub(x, lAndE[i] as Fixed))) },
  ];
  return {
    key: 'balance-sheet',
    sheetName: 'Balance Sheet',
    notes: ['Balances at the end of each period. Liabilities and equity shown positive; the totals under the table are live formulas over it.'],
    tables: [
      {
        name: 'PP_BalanceSheet',
        columns: [col('Section', 'text', 14), col('Account', 'code'), col('Name', 'text', 34), ...headers.map((h) => col(h, 'money'))],
        rows,
        below,
      },
    ],
    charts: [],
  };
}
