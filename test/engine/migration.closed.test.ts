/**
 * Migration under ClosedThrough (SPEC 4a with section 7): the entries are the books at the cut-over
 * as the user has them. February is closed (ClosedThrough 28 Feb); a receipt of 10 coats @ 80 dated
 * 15 Feb is entered on 3 Mar.
 *
 *   16 Feb receive 10 @ 100 (R1), 17 Feb receive 10 @ 125 (R2), 18 Feb sell 15 (INV1)
 *   as closed:     stock 5 @ 125 = 625;   FIFO COGS 1,625; SRNB 2,250 (R1, R2 not billed)
 *   recomputed:    stock 5 @ 100 + 10 @ 125 = 1,750; COGS 1,300; SRNB 3,050 (R0 too)
 */
import * as N from '../../src/engine/num';
import { runWithCatchUp } from '../../src/engine/catchup';
import { buildMigration, type Migration } from '../../src/engine/migration';
import { d, inputsOf, type Row } from './support';
import { valueWorkbook } from '../../src/workbook/run';
import { closedWorkbook } from './catchup.support';

const s2 = (x: N.Fixed): string => N.toDecimalString(x, 2);
const CT = '2026-02-28';
const ROWS: Row[] = [
  { date: '2026-02-16', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R1' },
  { date: '2026-02-17', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 125, doc: 'R2' },
  { date: '2026-02-18', type: 'Sale', item: 'COAT', qty: 15, unitPrice: 250, doc: 'INV1' },
  { date: '2026-03-05', type: 'Sale', item: 'COAT', qty: 10, unitPrice: 250, doc: 'INV2' },
  { date: '2026-02-15', type: 'Receipt', item: 'COAT', qty: 10, unitCost: 80, doc: 'R0', entered: d('2026-03-03') },
];

/** Net debit per account over the migration entries. */
function byAccount(m: Migration): Record<string, string> {
  const out: Record<string, N.Fixed> = {};
  for (const l of m.journal) out[l.account] = N.add(out[l.account] ?? 0, N.sub(l.debit, l.credit));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, s2(v)]));
}

describe('Migration with February closed and a receipt entered late', () => {
  const closedBooks = runWithCatchUp(inputsOf({ settings: { closedThrough: d(CT) }, rows: ROWS }));
  const everything = runWithCatchUp(inputsOf({ rows: ROWS }));

  test('cut-over 20 Feb (closed): the entries are February as closed; the late receipt is caught up on 1 Mar', () => {
    const m = buildMigration(closedBooks, d('2026-02-20'));
    // Dr Inventory 625 / Cr COGS 625; Dr COGS 2,250 / Cr SRNB 2,250.
    expect(byAccount(m)).toEqual({ '1400': '625.00', '5000': '1625.00', '2150': '-2250.00' });
    expect(m.receiptsNotBilled.map((r) => r.doc)).toEqual(['R1', 'R2']);
    expect(m.debits).toBe(m.credits);
    expect(m.closedPeriods?.closedThrough).toBe(d(CT));
    expect(m.closedPeriods?.catchUpDate).toBe(d('2026-03-01'));
    expect(m.closedPeriods?.lateRows).toEqual([{ table: 'Movements', row: 6 }]);
    // With the late receipt the entries would be Inventory 1,750, COGS 1,300, SRNB -3,050: the same
    // differences the catch-up posts on 1 March (Inventory +1,125, COGS -325, SRNB -800).
    expect(m.closedPeriods?.difference.map((x) => [x.account, s2(x.closed), s2(x.recomputed), s2(x.difference)])).toEqual([
      ['1400', '625.00', '1750.00', '1125.00'],
      ['2150', '-2250.00', '-3050.00', '-800.00'],
      ['5000', '1625.00', '1300.00', '-325.00'],
    ]);
    const catchUp = Object.fromEntries((closedBooks.catchUp?.book.lines ?? []).map((l) => [l.account, s2(l.difference)]));
    expect(catchUp).toEqual({ '1400': '1125.00', '2150': '-800.00', '5000': '-325.00' });
  });

  test('cut-over 10 Mar (open): the entries are the recomputation, as the books stand after the catch-up', () => {
    const m = buildMigration(closedBooks, d('2026-03-10'));
    expect(m.closedPeriods).toBeUndefined();
    expect(m.journal).toEqual(buildMigration(everything, d('2026-03-10')).journal);
    // 5 @ 125 left after INV2; R0, R1, R2 not billed.
    expect(byAccount(m)).toEqual({ '1400': '625.00', '5000': '2425.00', '2150': '-3050.00' });
    // The stock account ends at the books' balance on 10 March (closed February + catch-up + March).
    const books = closedBooks.journal.lines.toArray().filter((l) => l.account === '1400' && l.date <= d('2026-03-10'));
    expect(s2(books.reduce<N.Fixed>((s, l) => N.add(s, l.amount), 0))).toBe('625.00');
  });

  test('a back-dated Opening row is stock the books already carry, whatever the cut-over', () => {
    const rows: Row[] = [...ROWS, { date: '2026-02-10', type: 'Opening', item: 'HAT', qty: 5, unitCost: 50, entered: d('2026-03-02') }];
    const books = runWithCatchUp(inputsOf({ settings: { closedThrough: d(CT) }, rows }));
    const open = buildMigration(books, d('2026-03-10'));
    expect(open.accounts.map((a) => [a.account, s2(a.stockValue), s2(a.existing), s2(a.adjustment)])).toEqual([['1400', '875.00', '250.00', '625.00']]);
    const closed = buildMigration(books, d('2026-02-20'));
    // As closed the hats were not known: nothing carried, nothing on hand for them.
    expect(closed.accounts.map((a) => [a.account, s2(a.stockValue), s2(a.existing), s2(a.adjustment)])).toEqual([['1400', '625.00', '0.00', '625.00']]);
    expect(closed.closedPeriods?.lateRows.map((r) => r.row)).toEqual([6, 7]);
  });

  test('the Migration sheet says which books the entries are, and lists the late rows’ effect', () => {
    const run = valueWorkbook(closedWorkbook({ settings: [['CutOverDate', '2026-02-20']] }));
    const sheet = run.sheets.find((s) => s.key === 'migration');
    expect(sheet?.notes?.join(' ')).toContain('The cut-over is in a closed period (closed through 2026-02-28): these entries are the books as closed');
    expect(sheet?.notes?.join(' ')).toContain('1 row(s) entered later and dated by the cut-over (Movements 6) are not in them; what they change is posted by the catch-up on 2026-03-01');
    const late = sheet?.tables.find((t) => t.name === 'PP_MigrationLateRows');
    expect(late?.rows.map((r) => [r[0], r[4]])).toEqual([
      ['1400', 1125],
      ['2150', -800],
      ['5000', -325],
    ]);
    const journal = sheet?.tables.find((t) => t.name === 'PP_MigrationJournal');
    expect(journal?.rows.filter((r) => r[3] === '1400').map((r) => r[5])).toEqual([625]);
  });
});
