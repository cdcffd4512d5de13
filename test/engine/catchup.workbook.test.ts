/**
 * Closed periods end to end through the workbook contract: Settings ClosedThrough and the Movements
 * Entered column read from cells, the Catch-up sheet, the Profit and Loss columns, the periodic
 * comparison, the summary JSON (no new fields: SPEC section 9 has none for the catch-up) and the
 * Run panel's line.
 */
import { valueWorkbook } from '../../src/workbook/run';
import type { CellGrid } from '../../src/workbook/sheet';
import type { SheetModel } from '../../src/workbook/sheet';
import { closedWorkbook } from './catchup.support';

const { Settings: SETTINGS, Movements: MOVEMENTS }: { Settings: CellGrid; Movements: CellGrid } = closedWorkbook({ settings: [['TaxMethod', 'LIFO']] });

function sheet(sheets: readonly SheetModel[], key: string): SheetModel {
  const s = sheets.find((x) => x.key === key);
  if (s === undefined) throw new Error(`no sheet ${key}`);
  return s;
}

function cell(s: SheetModel, match: (row: readonly unknown[]) => boolean, header: string, table = 0): unknown {
  const t = s.tables[table];
  if (t === undefined) throw new Error('no table');
  const c = t.columns.findIndex((x) => x.header === header);
  const row = t.rows.find(match);
  return row?.[c];
}

describe('the worked example through the workbook', () => {
  const run = valueWorkbook({ Settings: SETTINGS, Movements: MOVEMENTS });

  test('no errors; ClosedThrough and Entered are read', () => {
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(run.inputs.settings.closedThrough).toBe(46081);
    expect(run.inputs.movements[4]?.entered).toBe(46084);
    expect(run.inputs.movements[0]?.entered).toBeUndefined();
  });

  test('Profit and Loss: February COGS 1,625 as closed, March 800 (catch-up -325 + 1,125)', () => {
    const pl = sheet(run.sheets, 'profit-and-loss');
    const cogs = (period: string): unknown => cell(pl, (r) => String(r[1]) === run.result.prepared.chart.role('CostOfGoodsSold'), period);
    expect(cogs('Feb 2026')).toBe(1625);
    expect(cogs('Mar 2026')).toBe(800);
  });

  test('the Catch-up sheet: per account, closed, recomputed, difference and the causing row', () => {
    const cu = sheet(run.sheets, 'catch-up');
    expect(cu.sheetName).toBe('Catch-up');
    const book = cu.tables[0]?.rows.filter((r) => r[2] === 'Book') ?? [];
    const cols = cu.tables[0]?.columns.map((c) => c.header) ?? [];
    const at = (name: string): number => cols.indexOf(name);
    const cogsRow = book.find((r) => r[at('Account')] === run.result.prepared.chart.role('CostOfGoodsSold'));
    expect(cogsRow && [cogsRow[at('Closed')], cogsRow[at('Recomputed')], cogsRow[at('Difference')], cogsRow[at('Cause Table')], cogsRow[at('Cause Rows')]]).toEqual([1625, 1300, -325, 'Movements', '6']);
    expect(book.reduce((s, r) => s + (r[at('Difference')] as number), 0)).toBe(0);
    // The tax book (LIFO) has its own catch-up lines.
    expect(cu.tables[0]?.rows.some((r) => r[2] === 'Tax (LIFO)')).toBe(true);
    // The back-dated rows table: Movements row 6, dated 15 Feb, entered 3 Mar, changed closed periods.
    expect(cu.tables[1]?.rows).toEqual([['Movements', 6, 46068, 46084, 'Receipt', 'COAT', 'Main', 'R0', 10, 'Yes']]);
  });

  test('the stock ledger carries a CatchUp row on 1 March', () => {
    const sl = sheet(run.sheets, 'stock-ledger');
    expect(cell(sl, (r) => r[1] === 'CatchUp', 'Date')).toBe(46082);
    expect(cell(sl, (r) => r[1] === 'CatchUp', 'Value In')).toBe(1125);
  });

  test('the summary JSON keeps the SPEC fields; closed periods show closed figures', () => {
    expect(Object.keys(run.summary).sort()).toEqual(['accounts', 'baseCurrency', 'diagnostics', 'items', 'method', 'periods', 'tax', 'totals', 'version']);
    const feb = run.summary.periods.find((p) => p.period === '2026-02');
    const mar = run.summary.periods.find((p) => p.period === '2026-03');
    expect(feb?.perpetual.cogs).toBe('1625.00');
    expect(mar?.perpetual.cogs).toBe('800.00');
    // Periodic: February as closed (0 + 2,250 - 625), March takes over: 625 + 800 late receipt - 625 closing.
    expect(feb?.periodic).toEqual({ openingValue: '0.00', purchases: '2250.00', closingValue: '625.00', cogs: '1625.00', grossMargin: '2125.00' });
    expect(mar?.periodic).toEqual({ openingValue: '625.00', purchases: '800.00', closingValue: '625.00', cogs: '800.00', grossMargin: '1700.00' });
    expect(run.summary.totals.cogs).toBe('2425.00');
  });

  test('the Run panel line', () => {
    expect(run.catchUpMessage).toBe('1 back-dated row changed closed periods: 1,125.00 caught up on 1 Mar');
    // The row behind it, for the pane to select (table and row as diagnostics count them).
    expect(run.catchUpCauses).toEqual([{ table: 'Movements', row: 6, date: '2026-02-15', entered: '2026-03-03', type: 'Receipt', item: 'COAT', doc: 'R0' }]);
  });
});

test('a bad Entered cell is an error naming table, row and column (the row is left out, like any row with a bad cell)', () => {
  const run = valueWorkbook({ Settings: SETTINGS, Movements: [...MOVEMENTS.slice(0, 3), ['2026-02-18', 'Sale', 'COAT', 15, null, 250, 'INV1', 'soon']] });
  const d = run.diagnostics.find((x) => x.column === 'Entered');
  expect(d && [d.table, d.row, d.severity]).toEqual(['Movements', 4, 'error']);
});

test('a bad ClosedThrough is a diagnostic and the books are not closed', () => {
  const run = valueWorkbook({ Settings: [['Setting', 'Value'], ['ClosedThrough', 'last month']], Movements: MOVEMENTS });
  expect(run.diagnostics.some((x) => x.table === 'Settings' && x.code === 'BAD_SETTING')).toBe(true);
  expect(run.catchUpMessage).toBeUndefined();
  expect(run.catchUpCauses).toEqual([]);
  expect(run.sheets.some((s) => s.key === 'catch-up')).toBe(false);
});
