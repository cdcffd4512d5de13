import fc from 'fast-check';
import { NUMBER_FORMATS, planPages, safeSheetName, withSuffix } from '../../src/excel/layout';
import type { SheetModel, SheetTable } from '../../src/workbook/sheet';

function table(name: string, rows: number, title?: string): SheetTable {
  return {
    name,
    ...(title === undefined ? {} : { title }),
    columns: [{ header: 'Doc', format: 'text' }, { header: 'Amount', format: 'money' }],
    rows: Array.from({ length: rows }, (_, i) => [`${name}-${i}`, i]),
  };
}

describe('layout: where a sheet model lands', () => {
  test('the number formats of the contract', () => {
    expect(NUMBER_FORMATS).toEqual({
      money: '#,##0.00;[Red]-#,##0.00',
      qty: '#,##0.####',
      date: 'yyyy-mm-dd',
      percent: '0.0%',
      rate: '#,##0.0000',
      text: '@',
      integer: '0',
    });
  });

  test('sheet names are cleaned and shortened to 31 characters, suffixes kept whole', () => {
    expect(safeSheetName('Book vs Tax: 2026/03 [draft]?')).toBe('Book vs Tax- 2026-03 -draft--');
    expect(safeSheetName("'quoted'")).toBe('quoted');
    expect(withSuffix('A very long generated sheet name', ' (Perpetua 2)')).toBe('A very long genera (Perpetua 2)');
    expect(withSuffix('A very long generated sheet name', ' (Perpetua 2)').length).toBeLessThanOrEqual(31);
  });

  test('notes, a blank row, then tables with titles and one blank row between them', () => {
    const model: SheetModel = { key: 'k', sheetName: 'S', notes: ['n1', 'n2'], tables: [table('A', 3, 'Title A'), table('B', 0)], charts: [] };
    const [page] = planPages(model, 1_048_576);
    expect(page?.blocks.map((b) => [b.tableName, b.titleRow, b.headerRow, b.dataRowCount])).toEqual([
      ['A', 3, 4, 3],
      ['B', undefined, 9, 0],
    ]);
    expect(page?.frozenRows).toBe(5);
  });

  test('property: every row lands exactly once, in order, and no sheet passes the row limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ rows: fc.nat(60), titled: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.nat(3),
        fc.integer({ min: 6, max: 40 }),
        (tables, notes, maxRows) => {
          const model: SheetModel = {
            key: 'k',
            sheetName: 'Journal',
            notes: Array.from({ length: notes }, (_, i) => `note ${i}`),
            tables: tables.map((t, i) => table(`T${i}`, t.rows, t.titled ? `Title ${i}` : undefined)),
            charts: [],
          };
          const pages = planPages(model, maxRows);
          model.tables.forEach((t, ti) => {
            const blocks = pages.flatMap((p) => p.blocks).filter((b) => b.tableIndex === ti);
            let next = 0;
            for (const b of blocks) {
              expect(b.firstDataRow).toBe(next);
              next += b.dataRowCount;
            }
            expect(next).toBe(t.rows.length);
            expect(blocks.map((b) => b.tableName)).toEqual(blocks.map((b, i) => (i === 0 ? t.name : `${t.name}_${i + 1}`)));
          });
          for (const p of pages) {
            expect(p.sheetName).toBe(p.page === 1 ? 'Journal' : `Journal (${p.page})`);
            for (const b of p.blocks) expect(b.headerRow + Math.max(1, b.dataRowCount)).toBeLessThan(maxRows);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
