/**
 * The "Migration" sheet from buildMigration: the cut-over journal (to be entered by the user in
 * their own books, never posted by Perpetua), the receipts not yet billed behind its SRNB entry,
 * the stock value per location, and the readiness checklist.
 */
import { isoDate } from '../../engine/dates';
import type { Migration } from '../../engine/migration';
import * as N from '../../engine/num';
import type { EngineResult } from '../../engine/pipeline';
import type { OutputCell, SheetModel, SheetTable } from '../sheet';
import { col, decP, moneyP, qty, text } from './common';

export function renderMigrationSheet(result: EngineResult, migration: Migration): SheetModel {
  // Scales of the cut-over run (the same inputs, so the same as result's unless the cut-over
  // dropped the only movement with more decimals).
  const s = migration.asOf.prepared.scales;
  const company = result.prepared.inputs.settings.company;
  const m = (x: N.Fixed): number => moneyP(x, s);
  const entryNames = new Map<number, string>();
  for (const l of migration.journal) {
    if (entryNames.has(l.entry)) continue;
    entryNames.set(l.entry, /received not billed/i.test(l.memo) ? 'Receipts not billed' : 'Stock on hand');
  }
  const journalRows: OutputCell[][] = migration.journal.map((l) => [
    l.date,
    l.entry,
    entryNames.get(l.entry) ?? '',
    l.account,
    l.name,
    N.isZero(l.debit) ? null : m(l.debit),
    N.isZero(l.credit) ? null : m(l.credit),
    l.memo,
  ]);
  const receiptRows: OutputCell[][] = migration.receiptsNotBilled.map((r) => [
    text(r.doc),
    text(r.order),
    r.date,
    text(r.party),
    r.item,
    r.location,
    r.kind,
    qty(r.qty, s),
    m(r.value),
  ]);
  const stockRows: OutputCell[][] = migration.stock.map((l) => [
    l.location,
    text(l.account),
    l.resolvedAt,
    text(l.resolvedFrom),
    m(l.value),
    m(l.existing),
    m(N.sub(l.value, l.existing)),
  ]);
  const checkRows: OutputCell[][] = migration.checklist.map((c) => [c.check, c.subject, c.status, c.detail, text(c.fix)]);
  const closedPart = closedPeriodsPart(result, migration, m);
  const missing = migration.checklist.filter((c) => c.status === 'Missing').length;
  return {
    key: 'migration',
    sheetName: 'Migration',
    notes: [
      `${company}: migration from periodic to perpetual inventory at cut-over ${isoDate(migration.cutOver)} (stock valued by the engine as of that date).`,
      'Nothing here is posted into your own ledger: enter these journals in your books yourself, dated at the cut-over.',
      'Entry 1 per stock account: Dr stock account / Cr Cost of Goods Sold for the stock value on hand, less what the account already carries (the Opening rows). Entry 2: Dr Cost of Goods Sold / Cr Stock Received Not Billed for goods received but not yet billed.',
      `Debits ${decP(migration.debits, s)}, credits ${decP(migration.credits, s)}${N.cmp(migration.debits, migration.credits) === 0 ? ' (balanced)' : ' (NOT balanced: please report this)'}.`,
      missing === 0 ? 'Readiness: every check is OK.' : `Readiness: ${missing} check${missing === 1 ? '' : 's'} missing; see the checklist for where to fix ${missing === 1 ? 'it' : 'them'}.`,
      ...closedPart.notes,
    ],
    tables: [
      {
        name: 'PP_MigrationJournal',
        title: 'Migration journal (not posted)',
        columns: [col('Date', 'date'), col('Entry', 'integer'), col('Entry Name', 'text'), col('Account', 'text'), col('Name', 'text'), col('Debit', 'money'), col('Credit', 'money'), col('Memo', 'text')],
        rows: journalRows,
      },
      {
        name: 'PP_MigrationStock',
        title: 'Stock value per location at cut-over',
        columns: [col('Location', 'text'), col('Stock Account', 'text'), col('Resolved At', 'text'), col('Resolved From', 'text'), col('Stock Value', 'money'), col('Already Carried', 'money'), col('Adjustment', 'money')],
        rows: stockRows,
      },
      {
        name: 'PP_ReceiptsNotBilled',
        title: 'Goods received not billed at cut-over',
        columns: [col('Doc', 'text'), col('Order', 'text'), col('Date', 'date'), col('Party', 'text'), col('Item', 'text'), col('Location', 'text'), col('Kind', 'text'), col('Qty', 'qty'), col('Value', 'money')],
        rows: receiptRows,
      },
      {
        name: 'PP_MigrationChecklist',
        title: 'Readiness checklist',
        columns: [col('Check', 'text'), col('Subject', 'text'), col('Status', 'text'), col('Detail', 'text'), col('Where To Fix', 'text')],
        rows: checkRows,
      },
      ...closedPart.tables,
    ],
    charts: [],
  };
}

/**
 * With Settings ClosedThrough: which books the entries are (as closed, or the recomputation after
 * the close), and for a cut-over in a closed period what the rows entered later would change.
 */
function closedPeriodsPart(result: EngineResult, migration: Migration, m: (x: N.Fixed) => number): { notes: string[]; tables: SheetTable[] } {
  const ct = result.prepared.inputs.settings.closedThrough;
  const closed = migration.closedPeriods;
  if (closed === undefined) {
    if (ct === undefined || migration.cutOver <= ct) return { notes: [], tables: [] };
    return {
      notes: [`The cut-over is after the close (closed through ${isoDate(ct)}): the books there equal the full recomputation, so these entries include every movement, back-dated ones too (the catch-up brought them in).`],
      tables: [],
    };
  }
  const shown = closed.lateRows.slice(0, 20).map((r) => `${r.table} ${r.row}`);
  const rowsText = shown.join(', ') + (closed.lateRows.length > shown.length ? `, +${closed.lateRows.length - shown.length} more` : '');
  const changes = closed.difference.length > 0;
  const note =
    `The cut-over is in a closed period (closed through ${isoDate(closed.closedThrough)}): these entries are the books as closed, from the movements entered by then. ` +
    `${closed.lateRows.length} row(s) entered later and dated by the cut-over (${rowsText}) are not in them; what they change is posted by the catch-up on ${isoDate(closed.catchUpDate)} (Catch-up sheet). ` +
    (changes ? 'The last table shows, per account, these entries recomputed with those rows less as closed.' : 'They would not change these entries.');
  const tables: SheetTable[] = !changes
    ? []
    : [
        {
          name: 'PP_MigrationLateRows',
          title: `Back-dated rows: their effect on these entries (caught up on ${isoDate(closed.catchUpDate)}, not here)`,
          columns: [col('Account', 'text'), col('Name', 'text'), col('As Closed', 'money'), col('Recomputed', 'money'), col('Difference', 'money')],
          rows: closed.difference.map((d) => [d.account, d.name, m(d.closed), m(d.recomputed), m(d.difference)]),
        },
      ];
  return { notes: [note], tables };
}
