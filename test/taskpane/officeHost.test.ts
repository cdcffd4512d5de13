/**
 * officeHost over the in-memory Excel: the same code that runs against Excel.run. Templates and
 * demos never overwrite the user's data; the Settings editor writes only Value cells.
 */
import { createMemoryExcel, snapshotValues } from '../../src/excel/memory';
import { createOfficeHost, MissingSettingRowsError } from '../../src/taskpane/officeHost';
import { DEFAULT_CHART } from '../../src/engine/chart';

describe('officeHost', () => {
  test('detects tables and sheets with their data rows', async () => {
    const excel = createMemoryExcel({
      tables: { Movements: [['Date', 'Type', 'Item', 'Qty'], ['2026-03-02', 'Receipt', 'COAT', 10]] },
      sheets: { Items: [['Item'], ['COAT'], ['HAT']] },
    });
    const status = await createOfficeHost({ run: excel.run }).detectTables();
    expect(status.tables.find((t) => t.name === 'Movements')).toEqual({ name: 'Movements', present: true, source: 'table', sheetName: 'Movements', rows: 1 });
    expect(status.tables.find((t) => t.name === 'Items')).toEqual({ name: 'Items', present: true, source: 'sheet', sheetName: 'Items', rows: 2 });
    expect(status.tables.find((t) => t.name === 'Kits')).toEqual({ name: 'Kits', present: false, rows: 0 });
  });

  test('templates: every absent table, dates as Excel dates, text kept as text; a second call keeps them', async () => {
    const excel = createMemoryExcel();
    const host = createOfficeHost({ run: excel.run });
    const first = await host.createTemplates();
    expect(first.written).toEqual(['Settings', 'Movements', 'Items', 'Locations', 'Accounts', 'Kits', 'LandedCosts']);
    expect(first.notes[0]).toMatch(/need Excel API 1.8/);
    const v = snapshotValues(excel.book);
    expect(v.Movements?.[1]?.slice(0, 4)).toEqual([46027, 'Receipt', 'ITEM-1', 10]);
    expect(v.Accounts?.[1]?.[0]).toBe('1100'); // text column: "1100" stays text
    expect(v.Accounts?.length).toBe(1 + DEFAULT_CHART.length); // header + the default chart, one account per role
    expect(new Set(v.Accounts?.slice(1).map((r) => r[0])).size).toBe(DEFAULT_CHART.length);
    expect(excel.book.formulas).toEqual([]);
    // Untouched templates are ours to replace; the counts come back the same.
    const again = await host.createTemplates();
    expect(again.written).toHaveLength(7);
    expect(snapshotValues(excel.book)).toEqual(v);
  });

  test('a demo replaces an untouched template but never a table holding the user’s rows', async () => {
    const excel = createMemoryExcel();
    const host = createOfficeHost({ run: excel.run });
    await host.createTemplates();
    // The user edits Items.
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem('Items').getRange('B2').values = [['My own item']];
      await context.sync();
    });
    const result = await host.loadDemo('coats');
    expect(result.written).toEqual(['Settings', 'Movements']);
    expect(result.kept).toEqual(['Items']);
    expect(result.notes.join(' ')).toMatch(/Kept your own Items/);
    // The template's example Locations, Accounts, Kits and LandedCosts would leak into the demo: gone.
    expect(result.notes.join(' ')).toMatch(/Removed the unused example templates Locations, Accounts, Kits, LandedCosts/);
    expect(excel.book.sheets.map((s) => s.name).sort()).toEqual(['Items', 'Movements', 'Settings', 'Sheet1']);
    const v = snapshotValues(excel.book);
    expect(v.Items?.[1]?.[1]).toBe('My own item');
    expect(v.Movements?.slice(1).map((r) => r[1])).toEqual(['Receipt', 'Bill', 'Sale']);
  });

  test('a list validator is called for each drop-down column when the host has one', async () => {
    const excel = createMemoryExcel();
    const calls: string[] = [];
    const host = createOfficeHost({ run: excel.run, addListValidation: async (table, column, values) => void calls.push(`${table}.${column}:${values.length}`) });
    const result = await host.loadDemo('coats');
    expect(result.notes).toEqual([]);
    expect(calls).toEqual(['Movements.Type:16', 'Items.Kind:4', 'Items.Method:6']);
  });

  test('settings: only Value cells change; a missing row in a table is refused; no table is created', async () => {
    const excel = createMemoryExcel({ tables: { Settings: [['Setting', 'Value', 'Note'], ['Method', 'FIFO', 'ours'], ['Precision', 2, 'keep']] } });
    const host = createOfficeHost({ run: excel.run });
    expect(await host.readSettings()).toEqual({ exists: true, source: 'table', rows: [{ key: 'Method', value: 'FIFO' }, { key: 'Precision', value: 2 }] });
    await host.writeSettings({ Method: 'LIFO', Precision: 3 });
    expect(snapshotValues(excel.book).Settings).toEqual([
      ['Setting', 'Value', 'Note'],
      ['Method', 'LIFO', 'ours'],
      ['Precision', 3, 'keep'],
    ]);
    await expect(host.writeSettings({ Period: 'Quarter' })).rejects.toBeInstanceOf(MissingSettingRowsError);

    const empty = createMemoryExcel();
    const fresh = createOfficeHost({ run: empty.run });
    await fresh.writeSettings({ Method: 'AVERAGE', Precision: 2 });
    expect(snapshotValues(empty.book).Settings).toEqual([
      ['Setting', 'Value'],
      ['Method', 'AVERAGE'],
      ['Precision', 2],
    ]);
  });

  test('selectCell selects the diagnostic’s cell after a read', async () => {
    const excel = createMemoryExcel({ tables: { Movements: [['Date', 'Type', 'Item', 'Qty'], ['2026-03-02', 'Receipt', 'COAT', 'ten']] } });
    const host = createOfficeHost({ run: excel.run });
    await host.readTables();
    const address = await host.selectCell({ code: 'QTY_NOT_NUMBER', severity: 'error', message: 'x', table: 'Movements', row: 2, column: 'Qty' });
    expect(address).toBe('Movements!D2');
    expect(excel.book.activeSheet?.name).toBe('Movements');
    expect(await host.selectCell({ code: 'X', severity: 'info', message: 'workbook-wide' })).toBeUndefined();
  });

  test('selectCell with a table and row only (a catch-up’s causing row) selects the whole table row', async () => {
    const excel = createMemoryExcel({ tables: { Movements: [['Date', 'Type', 'Item', 'Qty'], ['2026-03-02', 'Receipt', 'COAT', 10], ['2026-02-15', 'Receipt', 'COAT', 5]] } });
    const host = createOfficeHost({ run: excel.run });
    expect(await host.selectCell({ table: 'Movements', row: 3 })).toBe('Movements!A3:D3');
    expect(excel.book.activeSheet?.name).toBe('Movements');
    expect(excel.book.selection === undefined ? undefined : excel.book.addressOf(excel.book.selection.sheet, excel.book.selection.box)).toBe('Movements!A3:D3');
  });
});
