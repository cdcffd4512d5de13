/**
 * The accounting sheets: Journal, Trial Balance, Balance Sheet and Profit and Loss (one column per
 * period). All amounts come from the posted journal at posting precision, so the statements add up
 * to the cent and the Balance Sheet's check row is exactly zero.
 */
import { isoDate, periodsBetween, type Period } from '../../engine/dates';
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import type { AccountType } from '../../engine/types';
import type { OutputCell, SheetModel } from '../sheet';
import { col, moneyP, text } from './common';

export function reportPeriods(r: EngineResult): Period[] {
  const ms = r.prepared.movements;
  const first = ms[0];
  const last = ms[ms.length - 1];
  const kind = r.prepared.options.period ?? r.prepared.inputs.settings.period;
  if (first === undefined || last === undefined) return [];
  let lo = first.date;
  let hi = last.date;
  for (const l of r.prepared.landedCosts) {
    lo = Math.min(lo, l.date);
    hi = Math.max(hi, l.date);
  }
  return periodsBetween(lo, hi, kind, r.prepared.inputs.settings.fiscalYearStart);
}

/** Progress hook for the big renderers: rows just rendered. */
export type RowsDone = (rows: number) => void;

export function renderJournal(r: EngineResult, rowsDone?: RowsDone): SheetModel {
  const s = r.prepared.scales;
  const names = r.prepared.chart.accounts;
  const lines = r.journal.lines;
  const rows: OutputCell[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    if (rowsDone !== undefined && (i & 0x3fff) === 0x3fff) rowsDone(0x4000);
    const l = lines[i] as (typeof lines)[number];
    const positive = N.sign(l.amount) > 0;
    rows[i] = [
      l.date,
      l.entry,
      l.kind,
      text(l.doc),
      l.account,
      names.get(l.account)?.name ?? null,
      positive ? moneyP(l.amount, s) : null,
      positive ? null : moneyP(N.neg(l.amount), s),
      text(l.item),
      text(l.location),
      l.memo,
      l.source.table,
      l.source.row,
    ];
  }
  if (rowsDone !== undefined) rowsDone(lines.length & 0x3fff);
  return {
    key: 'journal',
    sheetName: 'Journal',
    notes: [`${r.journal.entryCount} entries, every one balanced to the cent. Debits ${N.toDecimalString(r.totals.debits, s.p)} = credits ${N.toDecimalString(r.totals.credits, s.p)}.`],
    tables: [
      {
        name: 'PP_Journal',
        columns: [
          col('Date', 'date'),
          col('Entry', 'integer'),
          col('Kind', 'text'),
          col('Doc', 'text'),
          col('Account', 'text'),
          col('Account Name', 'text', 28),
          col('Debit', 'money'),
          col('Credit', 'money'),
          col('Item', 'text'),
          col('Location', 'text'),
          col('Memo', 'text', 40),
          col('Source Table', 'text'),
          col('Source Row', 'integer'),
        ],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderTrialBalance(r: EngineResult): SheetModel {
  const s = r.prepared.scales;
  const rows: OutputCell[][] = r.accounts.map((a) => [a.account, a.name, a.type, text(a.role), moneyP(a.debit, s), moneyP(a.credit, s), moneyP(a.balance, s)]);
  let d: Fixed = 0;
  let c: Fixed = 0;
  for (const a of r.accounts) {
    d = N.add(d, a.debit);
    c = N.add(c, a.credit);
  }
  rows.push(['Total', null, null, null, moneyP(d, s), moneyP(c, s), moneyP(N.sub(d, c), s)]);
  return {
    key: 'trial-balance',
    sheetName: 'Trial Balance',
    notes: ['Balance = debit - credit. The total balance is zero when the books balance.'],
    tables: [
      {
        name: 'PP_TrialBalance',
        columns: [col('Account', 'text'), col('Name', 'text', 30), col('Type', 'text'), col('Role', 'text', 24), col('Debit', 'money'), col('Credit', 'money'), col('Balance', 'money')],
        rows,
      },
    ],
    charts: [],
  };
}

/** Cumulative (balance sheet) or in-period (P&L) balances per account and period. */
function balancesByPeriod(r: EngineResult, periods: readonly Period[], cumulative: boolean): Map<string, Fixed[]> {
  const out = new Map<string, Fixed[]>();
  const n = periods.length;
  for (const l of r.journal.lines) {
    let idx = -1;
    for (let i = 0; i < n; i++) {
      const p = periods[i] as Period;
      if (l.date >= p.start && l.date <= p.end) {
        idx = i;
        break;
      }
    }
    if (idx < 0) idx = l.date < (periods[0]?.start ?? 0) ? 0 : n - 1;
    const arr = out.get(l.account) ?? new Array<Fixed>(n).fill(0);
    if (cumulative) for (let i = idx; i < n; i++) arr[i] = N.add(arr[i] as Fixed, l.amount);
    else arr[idx] = N.add(arr[idx] as Fixed, l.amount);
    out.set(l.account, arr);
  }
  return out;
}

const SIGN: Record<AccountType, 1 | -1> = { Asset: 1, Expense: 1, Liability: -1, Equity: -1, Income: -1 };

export function renderBalanceSheet(r: EngineResult, periods: readonly Period[]): SheetModel {
  const s = r.prepared.scales;
  const bal = balancesByPeriod(r, periods, true);
  const n = periods.length;
  const rows: OutputCell[][] = [];
  const sums: Record<string, Fixed[]> = {};
  const section = (type: AccountType): void => {
    const total = new Array<Fixed>(n).fill(0);
    for (const a of r.prepared.chart.list) {
      if (a.type !== type) continue;
      const b = bal.get(a.code);
      if (b === undefined) continue;
      const shown = b.map((x) => (SIGN[type] === 1 ? x : N.neg(x)));
      if (shown.every((x) => N.isZero(x))) continue;
      rows.push([type, a.code, a.name, ...shown.map((x) => moneyP(x, s))]);
      shown.forEach((x, i) => (total[i] = N.add(total[i] as Fixed, x)));
    }
    rows.push([type, null, `Total ${type}`, ...total.map((x) => moneyP(x, s))]);
    sums[type] = total;
  };
  section('Asset');
  section('Liability');
  section('Equity');
  // Current result: income - expenses to date (not yet closed to retained earnings).
  const result = new Array<Fixed>(n).fill(0);
  for (const a of r.prepared.chart.list) {
    if (a.type !== 'Income' && a.type !== 'Expense') continue;
    const b = bal.get(a.code);
    if (b === undefined) continue;
    b.forEach((x, i) => (result[i] = N.sub(result[i] as Fixed, x)));
  }
  rows.push(['Equity', null, 'Current result (income - expenses)', ...result.map((x) => moneyP(x, s))]);
  const check = new Array<Fixed>(n).fill(0).map((_, i) =>
    N.sub(N.sub(N.sub((sums['Asset'] as Fixed[])[i] as Fixed, (sums['Liability'] as Fixed[])[i] as Fixed), (sums['Equity'] as Fixed[])[i] as Fixed), result[i] as Fixed),
  );
  rows.push(['Check', null, 'Assets - (liabilities + equity + current result)', ...check.map((x) => moneyP(x, s))]);
  return {
    key: 'balance-sheet',
    sheetName: 'Balance Sheet',
    notes: ['Balances at each period end. The check row is zero when assets = liabilities + equity + current result.'],
    tables: [
      {
        name: 'PP_BalanceSheet',
        columns: [col('Section', 'text'), col('Account', 'text'), col('Name', 'text', 34), ...periods.map((p) => col(p.label === 'All' ? 'All' : `${p.label} (${isoDate(p.end)})`, 'money'))],
        rows,
      },
    ],
    charts: [],
  };
}

export function renderProfitAndLoss(r: EngineResult, periods: readonly Period[]): SheetModel {
  const s = r.prepared.scales;
  const bal = balancesByPeriod(r, periods, false);
  const n = periods.length;
  const rows: OutputCell[][] = [];
  const totals: Record<string, Fixed[]> = {};
  for (const type of ['Income', 'Expense'] as const) {
    const total = new Array<Fixed>(n).fill(0);
    for (const a of r.prepared.chart.list) {
      if (a.type !== type) continue;
      const b = bal.get(a.code);
      if (b === undefined) continue;
      const shown = b.map((x) => (type === 'Income' ? N.neg(x) : x));
      if (shown.every((x) => N.isZero(x))) continue;
      rows.push([type, a.code, a.name, ...shown.map((x) => moneyP(x, s))]);
      shown.forEach((x, i) => (total[i] = N.add(total[i] as Fixed, x)));
    }
    rows.push([type, null, `Total ${type === 'Income' ? 'income' : 'expenses'}`, ...total.map((x) => moneyP(x, s))]);
    totals[type] = total;
  }
  const net = (totals['Income'] as Fixed[]).map((x, i) => N.sub(x, (totals['Expense'] as Fixed[])[i] as Fixed));
  rows.push(['Result', null, 'Net result', ...net.map((x) => moneyP(x, s))]);
  return {
    key: 'profit-and-loss',
    sheetName: 'Profit and Loss',
    notes: [`One column per ${r.prepared.options.period ?? r.prepared.inputs.settings.period} period. Income shown positive, expenses positive.`],
    tables: [
      {
        name: 'PP_ProfitAndLoss',
        columns: [col('Section', 'text'), col('Account', 'text'), col('Name', 'text', 34), ...periods.map((p) => col(p.label, 'money'))],
        rows,
      },
    ],
    charts: [],
  };
}
