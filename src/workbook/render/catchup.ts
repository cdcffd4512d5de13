/**
 * The Catch-up sheet (SPEC section 4a): what rows entered after ClosedThrough changed in the closed
 * periods, and where it was posted. One row per book, item, location and account: the net through
 * ClosedThrough as closed and as recomputed, the difference posted on the first open day, and the
 * back-dated rows that caused it (table and row numbers). A second table lists every back-dated row.
 * Not created when nothing was caught up (a report with no rows is not created).
 *
 * Also the one-line message the task pane shows after a run:
 *   "3 back-dated rows changed closed periods: 412.50 caught up on 1 Apr"
 */
import type { CatchUpLine, ClosedBooksResult } from '../../engine/catchup';
import { civil, isoDate } from '../../engine/dates';
import * as N from '../../engine/num';
import type { Fixed } from '../../engine/num';
import type { Movement, SourceRef } from '../../engine/types';
import type { OutputCell, SheetModel } from '../sheet';
import { col, moneyP, text } from './common';

const MAX_ROWS_IN_CELL = 200;

function rowList(causes: readonly SourceRef[]): { table: string | null; rows: string | null } {
  if (causes.length === 0) return { table: null, rows: null };
  const tables = [...new Set(causes.map((c) => c.table))];
  const shown = causes.slice(0, MAX_ROWS_IN_CELL).map((c) => (tables.length > 1 ? `${c.table} ${c.row}` : String(c.row)));
  const more = causes.length > MAX_ROWS_IN_CELL ? ` +${causes.length - MAX_ROWS_IN_CELL} more` : '';
  return { table: tables.join(', '), rows: shown.join(', ') + more };
}

export function renderCatchUp(r: ClosedBooksResult): SheetModel | undefined {
  const cu = r.catchUp;
  if (cu === undefined || (cu.book.lines.length === 0 && (cu.tax?.lines.length ?? 0) === 0)) return undefined;
  const s = r.prepared.scales;
  const name = (code: string): string | null => r.prepared.chart.accounts.get(code)?.name ?? null;
  const rows: OutputCell[][] = [];
  const add = (book: string, lines: readonly CatchUpLine[]): void => {
    for (const l of lines) {
      const causes = rowList(l.causes);
      rows.push([cu.date, l.entry, book, text(l.item), text(l.location), l.account, name(l.account), moneyP(l.closed, s), moneyP(l.recomputed, s), moneyP(l.difference, s), causes.table, causes.rows]);
    }
  };
  add('Book', cu.book.lines);
  if (cu.tax !== undefined && r.tax !== undefined) add(`Tax (${r.tax.method})`, cu.tax.lines);

  const changed = new Set(cu.changedRows.map((c) => `${c.table}\u0001${c.row}`));
  const byRow = new Map<number, Movement>();
  for (const m of r.prepared.inputs.movements) byRow.set(m.source.row, m);
  const causeRows: OutputCell[][] = cu.backdated.map((c) => {
    const m = c.table === 'Movements' ? byRow.get(c.row) : undefined;
    return [
      c.table,
      c.row,
      m?.date ?? null,
      m?.entered ?? null,
      text(m?.type),
      text(m?.item),
      text(m?.location ?? (m === undefined ? undefined : r.prepared.defaultLocation)),
      text(m?.doc),
      m === undefined ? null : m.qty,
      changed.has(`${c.table}\u0001${c.row}`) ? 'Yes' : 'No',
    ];
  });
  return {
    key: 'catch-up',
    sheetName: 'Catch-up',
    notes: [
      `Periods through ${isoDate(cu.closedThrough)} are closed: their Journal, Stock Ledger and statements show the movements entered by then.`,
      `${cu.backdated.length} row(s) entered later are dated in the closed periods. What they change there is posted on ${isoDate(cu.date)} (entries of kind CatchUp): Difference = Recomputed - Closed, the net debit through ${isoDate(cu.closedThrough)}.`,
    ],
    tables: [
      {
        name: 'PP_CatchUp',
        columns: [
          col('Date', 'date'),
          col('Entry', 'integer'),
          col('Book', 'text'),
          col('Item', 'text'),
          col('Location', 'text'),
          col('Account', 'text'),
          col('Account Name', 'text', 26),
          col('Closed', 'money'),
          col('Recomputed', 'money'),
          col('Difference', 'money'),
          col('Cause Table', 'text'),
          col('Cause Rows', 'text', 30),
        ],
        rows,
      },
      {
        name: 'PP_CatchUpRows',
        title: 'Back-dated rows',
        columns: [
          col('Table', 'text'),
          col('Row', 'integer'),
          col('Date', 'date'),
          col('Entered', 'date'),
          col('Type', 'text'),
          col('Item', 'text'),
          col('Location', 'text'),
          col('Doc', 'text'),
          col('Qty', 'qty'),
          col('Changed Closed Periods', 'text'),
        ],
        rows: causeRows,
      },
    ],
    charts: [],
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 1234567.5 as "1,234,567.50": the exact decimal text with thousands separators. */
function grouped(x: Fixed, scale: number): string {
  const t = N.toDecimalString(x, scale);
  const neg = t.startsWith('-');
  const [int, frac] = (neg ? t.slice(1) : t).split('.') as [string, string | undefined];
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + withCommas + (frac === undefined ? '' : '.' + frac);
}

/**
 * A back-dated row that changed a closed figure, as the task pane lists it under the Run panel's line
 * (a click selects that row of the input table). Plain data: it crosses from the engine worker.
 */
export interface CatchUpCause {
  readonly table: string;
  /** Row within the table, header = 1 (as diagnostics count). */
  readonly row: number;
  /** ISO dates; entered is absent when the row has no Entered cell. */
  readonly date: string | undefined;
  readonly entered: string | undefined;
  readonly type: string | undefined;
  readonly item: string | undefined;
  readonly doc: string | undefined;
}

/** The rows named by a catch-up line, in table order (empty when nothing was caught up). */
export function catchUpCauses(r: ClosedBooksResult): CatchUpCause[] {
  const cu = r.catchUp;
  if (cu === undefined || cu.changedRows.length === 0) return [];
  const byRow = new Map<number, Movement>();
  for (const m of r.prepared.inputs.movements) byRow.set(m.source.row, m);
  return cu.changedRows.map((c) => {
    const m = c.table === 'Movements' ? byRow.get(c.row) : undefined;
    return {
      table: c.table,
      row: c.row,
      date: m === undefined ? undefined : isoDate(m.date),
      entered: m?.entered === undefined ? undefined : isoDate(m.entered),
      type: m?.type,
      item: m?.item,
      doc: m?.doc,
    };
  });
}

/** The Run panel's line, or undefined when nothing was back-dated. */
export function catchUpMessage(r: ClosedBooksResult): string | undefined {
  const cu = r.catchUp;
  if (cu === undefined || cu.backdated.length === 0) return undefined;
  const { m, d } = civil(cu.date);
  const day = `${d} ${MONTHS[m - 1] ?? ''}`;
  const n = cu.changedRows.length;
  if (n === 0) return `${cu.backdated.length} back-dated row${cu.backdated.length === 1 ? '' : 's'} changed nothing in the closed periods`;
  return `${n} back-dated row${n === 1 ? '' : 's'} changed closed periods: ${grouped(cu.book.amount, r.prepared.scales.p)} caught up on ${day}`;
}
