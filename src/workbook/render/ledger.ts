/**
 * The Journal and the Trial Balance. Amounts come from the posted journal at posting precision, so
 * the totals add up to the cent. Totals are never data rows: each table has a totals row of
 * SUBTOTAL(109, ...) formulas (a filter shows the filtered total; a PivotTable or a sort over the
 * body counts nothing twice).
 *
 *   Trial Balance            Debit      Credit     (closing balance, on its side)
 *   1400 Inventory         9,368.40
 *   4000 Sales                       34,573.00
 *   Total                 93,108.44  93,108.44    (totals row)
 */
import { periodsBetween, type Period } from '../../engine/dates';
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import { lazyTable, type OutputCell, type SheetModel } from '../sheet';
import { code, col, grouped, moneyP, text } from './common';
import { chartAccounts, journalTotals, ledgerLines, scalesOf } from './ledgerView';

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
  // A catch-up entry (closed periods, SPEC 4a) can be dated after the last movement: it is the last line.
  const tail = r.journal.lines.last();
  if (tail !== undefined) hi = Math.max(hi, tail.date);
  return periodsBetween(lo, hi, kind, r.prepared.inputs.settings.fiscalYearStart);
}

/** Progress hook for the big renderers: rows just rendered. */
export type RowsDone = (rows: number) => void;

export function renderJournal(r: EngineResult, rowsDone?: RowsDone): SheetModel {
  const s = scalesOf(r);
  const names = r.prepared.chart.accounts;
  const lines = r.journal.lines;
  // Rows are made when a host writes them (lazyTable): a million lines are never a million arrays.
  const lineRow = (i: number): OutputCell[] => {
    const amount = lines.amountAt(i);
    const account = lines.accountAt(i);
    const positive = N.sign(amount) > 0;
    return [
      lines.dateAt(i),
      lines.entryAt(i),
      lines.kindAt(i),
      text(lines.docAt(i)),
      code(account),
      names.get(account)?.name ?? null,
      positive ? moneyP(amount, s) : null,
      positive ? null : moneyP(N.neg(amount), s),
      text(lines.itemAt(i)),
      text(lines.locationAt(i)),
      lines.memoAt(i),
      lines.sourceAt(i).table,
      lines.sourceAt(i).row,
    ];
  };
  if (rowsDone !== undefined) rowsDone(lines.length);
  const t = journalTotals(r);
  const money = (x: Fixed): string => grouped(N.toDecimalString(x, s.p));
  return {
    key: 'journal',
    sheetName: 'Journal',
    notes: [`${grouped(String(t.entries))} entries, every one balanced to the cent. Debits ${money(t.debits)} = credits ${money(t.credits)}.`],
    tables: [
      lazyTable({
        name: 'PP_Journal',
        columns: [
          col('Date', 'date'),
          col('Entry', 'integer'),
          col('Kind', 'text'),
          col('Doc', 'text'),
          col('Account', 'code'),
          col('Account Name', 'text', 28),
          col('Debit', 'money'),
          col('Credit', 'money'),
          col('Item', 'text'),
          col('Location', 'text'),
          col('Memo', 'text', 40),
          col('Source Table', 'text'),
          col('Source Row', 'integer'),
        ],
        totals: [{ label: 'Total' }, undefined, undefined, undefined, undefined, undefined, { sum: true }, { sum: true }],
      }, { length: lines.length, at: lineRow }),
    ],
    charts: [],
  };
}

interface Turnover {
  debit: Fixed;
  credit: Fixed;
}

/**
 * Closing balance of every account that moved, on its side (Debit or Credit), with the period's
 * debits and credits posted beside it. Accounts that never moved are left out.
 */
export function renderTrialBalance(r: EngineResult): SheetModel {
  const s = scalesOf(r);
  const turnover = new Map<string, Turnover>();
  for (const l of ledgerLines(r)) {
    const t = turnover.get(l.account) ?? { debit: 0, credit: 0 };
    if (N.sign(l.amount) > 0) t.debit = N.add(t.debit, l.amount);
    else t.credit = N.sub(t.credit, l.amount);
    turnover.set(l.account, t);
  }
  const rows: OutputCell[][] = [];
  for (const a of chartAccounts(r)) {
    const t = turnover.get(a.code);
    if (t === undefined) continue;
    const balance = N.sub(t.debit, t.credit);
    const debitSide = N.sign(balance) >= 0;
    rows.push([
      code(a.code),
      a.name,
      a.type,
      debitSide ? moneyP(balance, s) : null,
      debitSide ? null : moneyP(N.neg(balance), s),
      moneyP(t.debit, s),
      moneyP(t.credit, s),
    ]);
  }
  return {
    key: 'trial-balance',
    sheetName: 'Trial Balance',
    notes: ['Closing balance of each account that moved, in Debit or Credit; the two totals are equal when the books balance. Debits and credits posted are beside.'],
    tables: [
      {
        name: 'PP_TrialBalance',
        columns: [
          col('Account', 'code'),
          col('Name', 'text', 32),
          col('Type', 'text', 10),
          col('Debit', 'money'),
          col('Credit', 'money'),
          col('Debits Posted', 'money'),
          col('Credits Posted', 'money'),
        ],
        rows,
        totals: [{ label: 'Total' }, undefined, undefined, { sum: true }, { sum: true }, { sum: true }, { sum: true }],
      },
    ],
    charts: [],
  };
}
