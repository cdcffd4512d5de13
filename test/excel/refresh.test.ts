/**
 * Refresh in place (SPEC section 5): a re-run keeps the sheet and the very table object (what a
 * user's PivotTables, slicers and PP_Journal[...] formulas point at), resizes its body, and ends
 * cell for cell where a first write of the same data ends — with Table.resize (ExcelApi 1.13) and
 * with the 1.7 fallback that inserts and deletes body rows.
 */
import { createMemoryExcel, describeWorkbook, type MemoryExcel } from '../../src/excel/memory';
import { writeSheets, type WriteOptions } from '../../src/excel/write';
import type { SheetModel } from '../../src/workbook/sheet';

function journal(rows: number, extraTable = false): SheetModel {
  const lines = {
    name: 'PP_Journal',
    columns: [
      { header: 'Date', format: 'date' as const },
      { header: 'Account', format: 'code' as const },
      { header: 'Debit', format: 'money' as const },
    ],
    rows: Array.from({ length: rows }, (_, i) => [46082 + i, 1400, i + 0.5]),
    totals: [{ label: 'Total' }, undefined, { sum: true as const }],
    below: [{ cells: ['Twice the debits', null, { formula: '2*SUM({table}[Debit])', value: 0 }] }],
  };
  const other = { name: 'PP_Other', title: 'Second table', columns: [{ header: 'Item', format: 'text' as const }], rows: Array.from({ length: rows % 4 + 1 }, (_, i) => [`I${i}`]) };
  return { key: 'journal', sheetName: 'Journal', notes: [`${rows} lines`], tables: extraTable ? [lines, other] : [lines], charts: [], moneyDecimals: 2 };
}

async function write(excel: MemoryExcel, m: SheetModel, options: WriteOptions = {}) {
  return excel.run((context) => writeSheets(context, [m], options));
}

function formulas(excel: MemoryExcel): Record<string, string> {
  return Object.fromEntries(excel.book.sheets.flatMap((s) => [...s.formulaCells].map(([k, f]) => [`${s.name}!${k}`, f])));
}

describe.each([
  ['Table.resize (ExcelApi 1.13)', true],
  ['inserting and deleting body rows (ExcelApi 1.7)', false],
])('refresh in place with %s', (_, tableResize) => {
  test.each([
    [5, 20],
    [20, 2],
    [3, 3],
  ])('%i rows, then %i: same sheet, same table object, same cells as a fresh write', async (before, after) => {
    for (const extraTable of [false, true]) {
      const excel = createMemoryExcel({ sheets: { Mine: [['my pivot source: PP_Journal']] } });
      await write(excel, journal(before, extraTable), { tableResize });
      const sheet = excel.book.findSheet('Journal');
      const table = excel.book.findTable('PP_Journal');
      const result = await write(excel, journal(after, extraTable), { tableResize });
      expect(result.refreshed).toEqual(['Journal']);
      expect(excel.book.findSheet('Journal')).toBe(sheet);
      expect(excel.book.findTable('PP_Journal')).toBe(table);

      const fresh = createMemoryExcel({ sheets: { Mine: [['my pivot source: PP_Journal']] } });
      await write(fresh, journal(after, extraTable), { tableResize });
      expect(describeWorkbook(excel.book)).toEqual(describeWorkbook(fresh.book));
      expect(formulas(excel)).toEqual(formulas(fresh));
      expect(Object.values(formulas(excel))).toContain('=SUBTOTAL(109,PP_Journal[Debit])');
    }
  });
});

test('a changed column set cannot refresh in place: the sheet is rebuilt, nothing else touched', async () => {
  const excel = createMemoryExcel({ sheets: { Mine: [['keep']] } });
  await write(excel, journal(4));
  const base = journal(4).tables[0] as SheetModel['tables'][number];
  const wider: SheetModel = { ...journal(4), tables: [{ name: base.name, columns: [...base.columns, { header: 'Memo', format: 'text' }], rows: base.rows }] };
  const result = await write(excel, wider);
  expect(result.refreshed).toEqual([]);
  expect(describeWorkbook(excel.book).sheets.map((s) => s.name)).toEqual(['Mine', 'Journal']);
  expect(excel.book.findSheet('Mine')?.getValue(0, 0)).toBe('keep');
});
