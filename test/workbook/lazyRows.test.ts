/**
 * Big tables (Journal, Stock Ledger, Margins) make their rows on demand: rendering makes none, the
 * CLI writer makes each exactly once while it writes the sheet, and the written package is the
 * same as from the same tables held as arrays. Paging, qty decimals and postMessage copies see the
 * same rows as the eager form.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { JournalTable } from '../../src/engine/journal';
import { LedgerTable } from '../../src/engine/valuation/ledgerTable';
import { bookFromTables, saveWorkbook } from '../../src/cli/xlsxWrite';
import { columnDecimals, planPages, splitModel } from '../../src/workbook/layout';
import { valueWorkbook } from '../../src/workbook/run';
import { lazyTable, plainSheets, rowAt, rowCount, type OutputCell, type OutputRow, type SheetModel, type SheetTable } from '../../src/workbook/sheet';
import { readParts } from '../support/xlsxParts';
import { movementsGrid } from '../../bench/generate';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-lazy-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const COLUMNS: SheetTable['columns'] = [
  { header: 'Date', format: 'date' },
  { header: 'Item', format: 'text' },
  { header: 'Qty', format: 'qty' },
  { header: 'Value', format: 'money' },
  { header: 'Code', format: 'code' },
];

const TOTALS: NonNullable<SheetTable['totals']> = [{ label: 'Total' }, undefined, { sum: true }, { sum: true }, undefined];
const eagerOf = (rows: readonly OutputRow[]): SheetTable => ({ name: 'PP_T', columns: COLUMNS, rows, totals: TOTALS });

const cell = fc.oneof(fc.constant(null), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e8, max: 1e8 }).map((n) => n / 1000), fc.string({ maxLength: 6 }));
const rowsArb = fc.array(fc.tuple(fc.integer({ min: 40000, max: 50000 }), fc.string({ maxLength: 5 }), cell, cell, cell), { maxLength: 40 });

/** The same rows as a lazy table, counting how often a row is made. */
function counted(rows: readonly OutputRow[]): { table: SheetTable; made: () => number } {
  let made = 0;
  const table = lazyTable(
    { name: 'PP_T', columns: COLUMNS, totals: TOTALS },
    { length: rows.length, at: (i) => (made++, [...(rows[i] as OutputRow)]) },
  );
  return { table, made: () => made };
}

const modelOf = (table: SheetTable): SheetModel => ({ key: 'k', sheetName: 'S', notes: ['n'], tables: [table], charts: [] });

async function worksheets(models: readonly SheetModel[], name: string): Promise<string[]> {
  const file = path.join(dir, name);
  await saveWorkbook(file, await bookFromTables({}), models);
  const out: string[] = [];
  for (const [part, data] of await readParts(file)) if (/^xl\/(worksheets|tables)\//.test(part)) out.push(`${part}\n${data.toString('utf8')}`);
  return out.sort();
}

test('the CLI writes a lazy table as it writes the same rows held as an array, making each row once', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, async (rows) => {
      const eager = eagerOf(rows);
      const lazy = counted(rows);
      expect(rowCount(lazy.table)).toBe(rows.length);
      const a = await worksheets([modelOf(eager)], 'eager.xlsx');
      const before = lazy.made();
      const b = await worksheets([modelOf(lazy.table)], 'lazy.xlsx');
      expect(b).toEqual(a);
      // Without a decimals answer the qty column's decimals take passes of their own; still a few
      // passes over the rows, never all of them held.
      expect(lazy.made() - before).toBeLessThanOrEqual(3 * rows.length + 2 * Math.min(rows.length, 500));
    }),
    { numRuns: 25 },
  );
});

test('a source that answers its qty decimals is made exactly once per row by the writer', async () => {
  const rows: OutputRow[] = Array.from({ length: 1200 }, (_, i) => [45000 + i, `I${i % 7}`, i % 3 === 0 ? i / 4 : i, i * 1.5, `C${i}`]);
  let made = 0;
  const table = lazyTable({ name: 'PP_T', columns: COLUMNS, totals: TOTALS }, {
    length: rows.length,
    at: (i) => (made++, rows[i] as OutputRow),
    decimals: (c) => (c === 2 ? 2 : undefined),
  });
  const model = modelOf(table);
  expect(columnDecimals(model, table, 2)).toBe(2);
  expect(made).toBe(0);
  await worksheets([model], 'once.xlsx');
  // The widths of the two text-like columns (Item, Code) sample the first 500 rows each; the body
  // and its totals make every row once.
  expect(made).toBe(rows.length + 2 * 500);
});

test('paging a lazy table keeps it lazy and gives the same rows as paging the array', () => {
  fc.assert(
    fc.property(rowsArb, fc.integer({ min: 8, max: 30 }), (rows, maxRows) => {
      const eager = eagerOf(rows);
      const lazy = counted(rows).table;
      const a = splitModel(modelOf(eager), maxRows);
      const b = splitModel(modelOf(lazy), maxRows);
      expect(b.length).toBe(a.length);
      expect(planPages(modelOf(lazy), maxRows)).toEqual(planPages(modelOf(eager), maxRows));
      b.forEach((page, p) =>
        page.tables.forEach((t, k) => {
          const other = (a[p] as SheetModel).tables[k] as SheetTable;
          expect(t.name).toBe(other.name);
          expect(Array.from({ length: rowCount(t) }, (_, i) => rowAt(t, i))).toEqual(other.rows);
        }),
      );
    }),
  );
});

test('plainSheets makes a lazy table plain data that postMessage can copy', () => {
  const rows: OutputRow[] = [[45000, 'A', 1, 2, 'x'], [45001, 'B', 3, 4, null]];
  const lazy = counted(rows).table;
  expect(() => structuredClone(modelOf(lazy))).toThrow();
  const [plain] = plainSheets([modelOf(lazy)]);
  const copy = structuredClone(plain) as SheetModel;
  expect((copy.tables[0] as SheetTable).rows).toEqual(rows);
  expect((copy.tables[0] as SheetTable).rowSource).toBeUndefined();
});

test('a run renders its big sheets without making their rows; reading them gives the engine figures', () => {
  const ledgerRows = jest.spyOn(LedgerTable.prototype, 'row');
  const journalMemos = jest.spyOn(JournalTable.prototype, 'memoAt');
  try {
    const run = valueWorkbook({ Movements: movementsGrid(3000, 20, 2, 5) as unknown as (OutputCell | Date)[][] });
    const journal = run.sheets.find((s) => s.key === 'journal')?.tables[0] as SheetTable;
    const ledger = run.sheets.find((s) => s.key === 'stock-ledger')?.tables[0] as SheetTable;
    const margins = run.sheets.find((s) => s.key === 'margins')?.tables[0] as SheetTable;
    expect(ledgerRows).not.toHaveBeenCalled();
    expect(journalMemos).not.toHaveBeenCalled();
    expect(rowCount(journal)).toBe(run.result.journal.lines.length);
    expect(rowCount(ledger)).toBe(run.result.valuation.ledger.length);
    expect(rowCount(margins)).toBe(run.result.valuation.invoices.length);
    // Debits in the sheet add up to the journal's debits, to the cent.
    let debits = 0;
    for (let i = 0; i < rowCount(journal); i++) debits += Math.round(((rowAt(journal, i)[6] as number | null) ?? 0) * 100);
    expect((debits / 100).toFixed(2)).toBe(run.summary.totals.debits);
    expect(rowAt(ledger, rowCount(ledger) - 1)).toEqual(ledger.rows[rowCount(ledger) - 1]);
    // The periodic sheet's per-invoice margins: one row per invoice line, period by period, in any
    // order of reading (random access finds the period by binary search).
    const margins2 = run.sheets.find((s) => s.key === 'periodic-vs-perpetual')?.tables[1] as SheetTable;
    expect(margins2.rowSource).toBeDefined();
    expect(rowCount(margins2)).toBe(run.result.valuation.invoices.length);
    const backwards = Array.from({ length: rowCount(margins2) }, (_, i) => rowAt(margins2, rowCount(margins2) - 1 - i)).reverse();
    expect(backwards).toEqual(margins2.rows);
    expect(new Set(margins2.rows.map((r) => r[0])).size).toBeGreaterThan(1);
  } finally {
    ledgerRows.mockRestore();
    journalMemos.mockRestore();
  }
});
