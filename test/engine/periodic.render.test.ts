import { serial } from '../helpers/dates';
import { buildMigration } from '../../src/engine/migration';
import { comparePeriods } from '../../src/engine/periodic';
import { runEngine } from '../../src/engine/pipeline';
import { DEFAULT_SETTINGS, type Inputs, type Movement } from '../../src/engine/types';
import { renderMigrationSheet } from '../../src/workbook/render/migration';
import { periodsForSummary, renderPeriodicSheet } from '../../src/workbook/render/periodic';

type Row = Omit<Movement, 'seq' | 'source'>;
const inputs = (rows: Row[]): Inputs => ({
  settings: { ...DEFAULT_SETTINGS },
  accounts: [],
  locations: [],
  items: [],
  kits: [],
  movements: rows.map((r, i) => ({ ...r, seq: i, source: { table: 'Movements', row: i + 2 } })),
  landedCosts: [],
});

const rows: Row[] = [
  { date: serial('2026-03-02'), type: 'Receipt', item: 'COAT', qty: 10, unitCost: 100, doc: 'R1' },
  { date: serial('2026-03-10'), type: 'Sale', item: 'COAT', qty: 2, unitPrice: 250, doc: 'S1', party: 'Alice' },
  { date: serial('2026-03-12'), type: 'Sale', item: 'COAT', qty: 1, unitPrice: 90, doc: 'S2', party: 'Bob' },
  { date: serial('2026-03-31'), type: 'Count', item: 'COAT', qty: 6 },
  { date: serial('2026-04-03'), type: 'Sale', item: 'COAT', qty: 1, unitPrice: 260, doc: 'S3', party: 'Carol' },
];

describe('Periodic vs Perpetual sheet and summary periods', () => {
  const result = runEngine(inputs(rows));
  const comparison = comparePeriods(result);

  test('summary periods[] in the SPEC JSON shape, exact strings', () => {
    expect(periodsForSummary(comparison, result.prepared.scales)).toEqual([
      {
        period: '2026-03',
        revenue: '590.00',
        perpetual: { cogs: '300.00', closingValue: '600.00', grossMargin: '290.00' },
        periodic: { openingValue: '0.00', purchases: '1000.00', closingValue: '600.00', cogs: '400.00', grossMargin: '190.00' },
      },
      {
        period: '2026-04',
        revenue: '260.00',
        perpetual: { cogs: '100.00', closingValue: '500.00', grossMargin: '160.00' },
        periodic: { openingValue: '600.00', purchases: '0.00', closingValue: '500.00', cogs: '100.00', grossMargin: '160.00' },
      },
    ]);
  });

  test('sheet: table 1 with the difference split, a margin chart, table 2 with invoices best first', () => {
    const sheet = renderPeriodicSheet(result, comparison);
    expect(sheet.key).toBe('periodic-vs-perpetual');
    expect(sheet.sheetName).toBe('Periodic vs Perpetual');
    const [t1, t2] = sheet.tables;
    expect(t1?.name).toBe('PP_PeriodicVsPerpetual');
    expect(t1?.columns.map((c) => c.header)).toEqual([
      'Period', 'Revenue', 'Perpetual COGS', 'Perpetual Margin', 'Perpetual Closing', 'Periodic Opening', 'Purchases',
      'Periodic Closing', 'Periodic COGS', 'Periodic Margin', 'Difference', 'Shrinkage', 'Method Effect', 'Timing', 'Other',
    ]);
    expect(t1?.rows[0]).toEqual(['Mar 2026', 590, 300, 290, 600, 0, 1000, 600, 400, 190, 100, 100, 0, 0, 0]);
    const chart = sheet.charts[0];
    expect(chart?.table).toBe(0);
    expect(chart?.seriesColumns.map((i) => t1?.columns[i]?.header)).toEqual(['Perpetual Margin', 'Periodic Margin']);
    expect(t2?.name).toBe('PP_InvoiceMargins');
    expect(t2?.rows.map((r) => [r[0], r[2], r[3], r[8], r[9]])).toEqual([
      ['2026-03', 'S1', 'Alice', 300, 0.6],
      ['2026-03', 'S2', 'Bob', -10, -0.1111],
      ['2026-04', 'S3', 'Carol', 160, 0.6154],
    ]);
    expect(sheet.notes?.some((n) => /counted 6 \(book 7\)/.test(n))).toBe(true);
  });

  test('migration sheet: journal, stock, receipts not billed, checklist, and the not-posted note', () => {
    const mig = buildMigration(result, serial('2026-03-31'));
    const sheet = renderMigrationSheet(result, mig);
    expect(sheet.key).toBe('migration');
    expect(sheet.sheetName).toBe('Migration');
    expect(sheet.tables.map((t) => t.name)).toEqual(['PP_MigrationJournal', 'PP_MigrationStock', 'PP_ReceiptsNotBilled', 'PP_MigrationChecklist']);
    const journal = sheet.tables[0];
    expect(journal?.rows.map((r) => [r[1], r[3], r[5], r[6]])).toEqual([
      [1, '1400', 600, null],
      [1, '5000', null, 600],
      [2, '5000', 1000, null],
      [2, '2150', null, 1000],
    ]);
    expect(sheet.tables[2]?.rows.map((r) => [r[0], r[7], r[8]])).toEqual([['R1', 10, 1000]]);
    expect(sheet.notes?.some((n) => /nothing here is posted into your own ledger/i.test(n))).toBe(true);
  });
});
