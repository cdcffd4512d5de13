/**
 * The add-in after the CLI (issue 15): `perpetua value --out` records its sheets in a hidden
 * "_Perpetua" sheet (Sheet, Key, Tables; the CLI names a model's first page "journal", the add-in
 * "journal#1"). A workbook valued by the CLI and then in Excel has its Journal refreshed in place,
 * not written again as "Journal (Perpetua)", and the add-in's setting then names it. A sheet the
 * registry names whose table is gone stays the user's.
 */
import { createMemoryExcel, type MemoryExcel } from '../../src/excel/memory';
import { OWNERSHIP_SETTING, parseOwnership } from '../../src/excel/ownership';
import { writeSheets } from '../../src/excel/write';
import type { SheetModel } from '../../src/workbook/sheet';

function journal(rows: number): SheetModel {
  return {
    key: 'journal',
    sheetName: 'Journal',
    notes: [`${rows} lines`],
    tables: [{ name: 'PP_Journal', columns: [{ header: 'Account', format: 'code' }, { header: 'Debit', format: 'money' }], rows: Array.from({ length: rows }, (_, i) => ['1400', i + 1]) }],
    charts: [],
  };
}

const STYLES_ROW = ['styles.xml', '#styles', '{"sha256":"x"}'];

/** A workbook as the CLI leaves it: the Journal it wrote, and the registry naming it; no add-in setting. */
async function cliMade(registryTables: string): Promise<MemoryExcel> {
  const excel = createMemoryExcel({ sheets: { Mine: [['my own sheet']] } });
  await excel.run((context) => writeSheets(context, [journal(3)]));
  excel.book.settings.delete(OWNERSHIP_SETTING);
  const registry = excel.book.addSheet('_Perpetua');
  [['Sheet', 'Key', 'Tables'], ['Journal', 'journal', registryTables], STYLES_ROW].forEach((row, r) => row.forEach((v, c) => registry.setValue(r, c, v)));
  return excel;
}

test('a Journal the CLI generated is refreshed in place, and the add-in records it', async () => {
  const excel = await cliMade('PP_Journal');
  const sheet = excel.book.findSheet('Journal');
  const table = excel.book.findTable('PP_Journal');
  const result = await excel.run((context) => writeSheets(context, [journal(5)]));
  expect(result.renames).toEqual([]);
  expect(result.refreshed).toEqual(['Journal']);
  expect(excel.book.findSheet('Journal')).toBe(sheet);
  expect(excel.book.findTable('PP_Journal')).toBe(table);
  expect(excel.book.sheets.map((s) => s.name)).toEqual(['Mine', 'Journal', '_Perpetua']);
  expect(parseOwnership(excel.book.settings.get(OWNERSHIP_SETTING)).sheets).toEqual([{ key: 'journal#1', sheetName: 'Journal', tables: ['PP_Journal'] }]);
});

test('a sheet the registry names whose first table is gone stays the user\'s', async () => {
  const excel = await cliMade('PP_Renamed');
  const sheet = excel.book.findSheet('Journal');
  const result = await excel.run((context) => writeSheets(context, [journal(5)]));
  expect(result.renames).toEqual([{ key: 'journal#1', wanted: 'Journal', actual: 'Journal (Perpetua)' }]);
  expect(excel.book.findSheet('Journal')).toBe(sheet);
  expect(excel.book.findSheet('Journal')?.getValue(0, 0)).toBe('3 lines');
});
