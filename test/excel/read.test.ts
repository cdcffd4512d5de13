import { createMemoryExcel } from '../../src/excel/memory';
import { diagnosticAddress, readInputTables, selectDiagnostic } from '../../src/excel/read';
import type { Diagnostic } from '../../src/engine/types';

const MOVEMENTS = [
  ['Date', 'Type', 'Item', 'Qty', 'UnitCost'],
  [46082, 'Receipt', 'COAT', 10, 100],
  [46083, 'Sale', 'COAT', { error: '#N/A' }, null],
  [46084, 'Sale', 'COAT', 'two', null],
];

const qtyProblem: Diagnostic = { code: 'QTY_NOT_NUMBER', severity: 'error', message: 'Qty is not a number', table: 'Movements', row: 4, column: 'Qty' };

describe('readInputTables', () => {
  test('reads Excel tables by name (ignoring case), with error and empty cells kept apart', async () => {
    const excel = createMemoryExcel({ tables: { movements: MOVEMENTS, Items: [['Item', 'Method'], ['COAT', 'FIFO']] } });
    const input = await excel.run((context) => readInputTables(context));
    expect(input.tables['Movements']).toEqual([
      ['Date', 'Type', 'Item', 'Qty', 'UnitCost'],
      [46082, 'Receipt', 'COAT', 10, 100],
      [46083, 'Sale', 'COAT', { error: '#N/A' }, null],
      [46084, 'Sale', 'COAT', 'two', null],
    ]);
    expect(input.tables['Items']).toEqual([['Item', 'Method'], ['COAT', 'FIFO']]);
    expect(input.tables['Kits']).toBeUndefined();
    expect(input.placements.map((p) => [p.table, p.source, p.sheetName, p.tableName, p.rowCount])).toEqual([
      ['Items', 'table', 'Items', 'Items', 2],
      ['Movements', 'table', 'movements', 'movements', 4],
    ]);
  });

  test('falls back to a plain sheet of that name: the used range, first row = headers', async () => {
    const grid = [[], [null, null], [null, 'Setting', 'Value'], [null, 'Method', 'LIFO'], [null, 'Company', 'Coats Ltd']];
    const excel = createMemoryExcel({ sheets: { Settings: grid, Movements: MOVEMENTS } });
    const input = await excel.run((context) => readInputTables(context));
    expect(input.tables['Settings']).toEqual([['Setting', 'Value'], ['Method', 'LIFO'], ['Company', 'Coats Ltd']]);
    const settings = input.placements.find((p) => p.table === 'Settings');
    expect(settings).toMatchObject({ source: 'sheet', sheetName: 'Settings', row: 2, column: 1, rowCount: 3, columnCount: 2 });
    expect(diagnosticAddress(input.placements, { code: 'X', severity: 'error', message: '', table: 'Settings', row: 2, column: 'value' })?.address).toBe('Settings!C4');
  });

  test('an Excel table wins over a sheet of the same name elsewhere; an empty sheet reads as no rows', async () => {
    const excel = createMemoryExcel({ sheets: { Data: MOVEMENTS, Movements: [['not', 'this']], Items: [] } });
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem('Data').tables.add('A1:E4', true).name = 'MOVEMENTS';
      await context.sync();
    });
    const input = await excel.run((context) => readInputTables(context));
    expect(input.tables['Movements']?.[1]).toEqual([46082, 'Receipt', 'COAT', 10, 100]);
    expect(input.placements.map((p) => [p.table, p.sheetName, p.tableName])).toEqual([['Movements', 'Data', 'MOVEMENTS']]);
    expect(input.tables['Items']).toEqual([]);
  });

  test('large tables are read in row chunks, one sync each, and come back whole', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => [46082 + (i % 30), 'Receipt', `ITEM-${i}`, i + 1, 1.25]);
    const excel = createMemoryExcel({ tables: { Movements: [MOVEMENTS[0] ?? [], ...rows] } });
    excel.book.resetStats();
    const input = await excel.run((context) => readInputTables(context, { chunkCells: 1_000 }));
    expect(input.tables['Movements']?.length).toBe(2_501);
    expect(input.tables['Movements']?.[2_500]).toEqual(rows[2_499]);
    // 2,501 rows x 5 columns at 200 rows a read: 13 reads, plus two lookups.
    expect(excel.book.stats.syncs).toBe(15);
  });
});

describe('diagnostics point at cells', () => {
  test('a diagnostic (table, row with header = 1, column header) becomes a cell address and is selected', async () => {
    const excel = createMemoryExcel({ sheets: { Notes: [['x']] }, tables: { Movements: MOVEMENTS } });
    const input = await excel.run((context) => readInputTables(context));
    expect(diagnosticAddress(input.placements, qtyProblem)).toEqual({ sheetName: 'Movements', localAddress: 'D4', address: 'Movements!D4' });
    expect(diagnosticAddress(input.placements, { ...qtyProblem, column: 'unit_cost' })?.localAddress).toBe('E4');
    expect(diagnosticAddress(input.placements, { ...qtyProblem, column: 'Nope' })?.localAddress).toBe('A4:E4');
    expect(diagnosticAddress(input.placements, { ...qtyProblem, table: 'Kits' })).toBeUndefined();
    expect(diagnosticAddress(input.placements, { code: 'X', severity: 'warning', message: '' })).toBeUndefined();

    const selected = await excel.run((context) => selectDiagnostic(context, input.placements, qtyProblem));
    expect(selected).toBe(true);
    expect(excel.book.activeSheet?.name).toBe('Movements');
    expect(excel.book.selection?.box).toEqual({ row: 3, column: 3, rowCount: 1, columnCount: 1 });
  });
});
