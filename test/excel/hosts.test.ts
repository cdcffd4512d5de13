/**
 * One sheet model, one layout, two hosts: the same model written by the Excel adapter (in-memory
 * Excel) and by the xlsx writer (sheetXml) lands on the same cells with the same number formats,
 * values, formulas and table ranges, and splits over the same sheets.
 */
import { createMemoryExcel } from '../../src/excel/memory';
import { writeSheets } from '../../src/excel/write';
import { addStyles, layoutSheet, splitModel, tableXml, worksheetXml } from '../../src/cli/sheetXml';
import { cellAddress } from '../../src/excel/address';
import type { SheetModel } from '../../src/workbook/sheet';
import { sheetCells } from '../support/sheetCells';

const STYLES = '<styleSheet><numFmts count="0"></numFmts><fonts count="1"><font/></fonts><fills count="0"></fills><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>';

function model(rows = 5): SheetModel {
  return {
    key: 'journal',
    sheetName: 'Journal',
    moneyDecimals: 2,
    notes: ['5 entries. Debits 1,234.50 = credits 1,234.50.'],
    tables: [
      {
        name: 'PP_Journal',
        columns: [
          { header: 'Date', format: 'date' },
          { header: 'Account', format: 'code' },
          { header: 'Memo', format: 'text' },
          { header: 'Qty', format: 'qty' },
          { header: 'Debit', format: 'money' },
        ],
        rows: Array.from({ length: rows }, (_, i) => [46082 + i, i % 2 === 0 ? 1400 : '0100', i === 0 ? '=SUM(A1)' : `line ${i}`, i === 1 ? 1.5 : 12, 100 + i * 0.25]),
        totals: [{ label: 'Total' }, undefined, undefined, { sum: true }, { sum: true }],
        below: [
          { cells: ['Check', null, null, null, { formula: 'SUM({table}[Debit])', value: 0 }] },
          { strong: true, cells: ['Twice', null, null, null, { formula: '{below:0}*2', value: 0 }] },
        ],
      },
    ],
    charts: [],
  };
}

interface Cell {
  readonly format: string | undefined;
  readonly value: string;
}

async function excelCells(m: SheetModel): Promise<{ cells: Map<string, Cell>; tables: string[] }> {
  const excel = createMemoryExcel();
  await excel.run((context) => writeSheets(context, [m]));
  const sheet = excel.book.findSheet(m.sheetName);
  if (sheet === undefined) throw new Error('no sheet');
  const cells = new Map<string, Cell>();
  for (const [row, values] of sheet.values) {
    values.forEach((v, c) => {
      if (v !== undefined) cells.set(cellAddress(row, c), { format: sheet.getFormat(row, c), value: typeof v === 'object' ? v.error : String(v) });
    });
  }
  for (const [key, f] of sheet.formulaCells) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    cells.set(cellAddress(r, c), { format: sheet.getFormat(r, c), value: f });
  }
  return { cells, tables: excel.book.tables.map((t) => `${t.name} ${excel.book.addressOf(t.sheet, t.box)}`) };
}

function xlsxCells(m: SheetModel): { cells: Map<string, Cell>; tables: string[] } {
  const { ids } = addStyles(STYLES, 2, [m]);
  const codeOf = new Map<number, string>();
  for (const [code, x] of ids.byCode ?? []) {
    codeOf.set(x.plain, code);
    codeOf.set(x.bold, code);
  }
  const layout = layoutSheet(m, (b) => b);
  const xml = [...worksheetXml(m, layout, ids, ['rId1'])].join('');
  const cells = new Map<string, Cell>();
  for (const cell of sheetCells(xml)) {
    const body = cell.body;
    const f = /<f>(.*?)<\/f>/.exec(body)?.[1];
    const v = /<v>(.*?)<\/v>/.exec(body)?.[1] ?? /<t[^>]*>(.*?)<\/t>/.exec(body)?.[1];
    const value = f !== undefined ? `=${f}` : (v ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    cells.set(cell.ref, { format: codeOf.get(Number(/\bs="(\d+)"/.exec(cell.attrs)?.[1])), value });
  }
  const tables = m.tables.map((t, i) => {
    const at = layout.tables[i];
    if (at === undefined) return '';
    const ref = /ref="([^"]+)"/.exec(tableXml(1, t, at))?.[1] ?? '';
    return `${at.name} ${m.sheetName}!${ref}`;
  });
  return { cells, tables };
}

describe('one layout for Excel and the xlsx writer', () => {
  test('same cells, number formats, values, formulas and table ranges', async () => {
    const m = model();
    const excel = await excelCells(m);
    const xlsx = xlsxCells(m);
    expect(excel.tables).toEqual(xlsx.tables);
    // Body, totals and statement lines (from the header row down): identical in both hosts.
    const below = (address: string): boolean => Number(/\d+/.exec(address)?.[0]) >= 4;
    const pick = (cells: Map<string, Cell>, withFormat: boolean) =>
      Object.fromEntries([...cells].filter(([a]) => below(a)).map(([a, c]) => [a, withFormat ? c : c.value]));
    expect(pick(excel.cells, false)).toEqual(pick(xlsx.cells, false));
    // Number formats of every non-text cell agree (text cells are '@' in Excel, inline strings in xlsx).
    for (const [address, cell] of xlsx.cells) {
      if (!below(address) || cell.format === '@' || cell.format === undefined) continue;
      expect([address, excel.cells.get(address)?.format]).toEqual([address, cell.format]);
    }
    // The user-looking formula in a Memo stays text in both.
    expect(xlsx.cells.get('C4')?.value).toBe('=SUM(A1)');
    expect(excel.cells.get('C4')).toEqual({ format: '@', value: '=SUM(A1)' });
    expect(xlsx.cells.get('E9')?.value).toBe('=SUBTOTAL(109,PP_Journal[Debit])');
    expect(xlsx.cells.get('D5')?.format).toBe('#,##0.0');
  });

  test('row-limit split: the same pages and table names in both hosts', async () => {
    const m = model(25);
    const excel = createMemoryExcel();
    const result = await excel.run((context) => writeSheets(context, [m], { maxRowsPerSheet: 12 }));
    const pages = splitModel(m, 12);
    expect(result.sheets.map((s) => [s.sheetName, s.tables])).toEqual(pages.map((p) => [p.sheetName, p.tables.map((t) => t.name)]));
    expect(pages.reduce((n, p) => n + (p.tables[0]?.rows.length ?? 0), 0)).toBe(25);
    // The totals row and lines go with the last part only.
    expect(pages.map((p) => p.tables[0]?.totals !== undefined)).toEqual(pages.map((_, i) => i === pages.length - 1));
  });
});
