import fc from 'fast-check';
import { columnNumberFormats, NUMBER_FORMATS, planPages, resolveFormula, safeSheetName, withSuffix, type PlacedBlock } from '../../src/excel/layout';
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
      money: '_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)',
      qty: '#,##0',
      date: 'yyyy-mm-dd',
      percent: '0.0%',
      rate: '#,##0.0000',
      text: '@',
      code: '0;-0;0;@',
      integer: '0',
    });
  });

  test('quantities get the decimals their column needs, never a trailing dot; money the precision', () => {
    const t: SheetTable = { name: 'T', columns: [{ header: 'Qty', format: 'qty' }, { header: 'Amount', format: 'money' }], rows: [[12, 1], [1.25, 2], [3, 3]] };
    const m: SheetModel = { key: 'k', sheetName: 'S', tables: [t], charts: [], moneyDecimals: 0 };
    expect(columnNumberFormats(m, t)).toEqual(['#,##0.00', '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)']);
    expect(columnNumberFormats(m, { ...t, rows: [[12, 1]] })[0]).toBe('#,##0');
  });

  test('totals row right under the body, then a blank row and the lines under the table', () => {
    const t: SheetTable = { ...table('A', 3), totals: [{ label: 'Total' }, { sum: true }], below: [{ cells: ['x', { formula: '{below:0}', value: 0 }] }, { cells: ['y', null] }] };
    const [page] = planPages({ key: 'k', sheetName: 'S', tables: [t, table('B', 1)], charts: [] }, 1_048_576);
    const [a, b] = page?.blocks ?? [];
    expect([a?.headerRow, a?.totalsRow, a?.belowRows]).toEqual([0, 4, [6, 7]]);
    expect(b?.headerRow).toBe(9);
    expect(resolveFormula({ formula: 'SUM({table}[Amount])+{below:1}', value: 0 }, a as PlacedBlock, 1, 'PP_A')).toBe('SUM(PP_A[Amount])+B8');
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
