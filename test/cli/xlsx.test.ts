import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import type { SheetModel } from '../../src/workbook/sheet';
import { REGISTRY_SHEET, readTables, toInputCell } from '../../src/cli/xlsxRead';
import { addGeneratedSheets, numberFormat, saveWorkbook, workbookFromTables } from '../../src/cli/xlsxWrite';
import { writeFileAtomic } from '../../src/cli/atomic';

/** A small hand-made ledger: the kind of model src/workbook renders, with every column format. */
function ledgerModel(memo: string): SheetModel {
  return {
    key: 'stockLedger',
    sheetName: 'Stock Ledger',
    notes: ['Every movement, valued FIFO.', 'As of 2026-03-31.'],
    tables: [
      {
        name: 'PP_StockLedger',
        title: 'Stock ledger',
        columns: [
          { header: 'Date', format: 'date' },
          { header: 'Item', format: 'text' },
          { header: 'Qty', format: 'qty' },
          { header: 'Rate', format: 'rate' },
          { header: 'Value', format: 'money' },
          { header: 'Margin %', format: 'percent' },
          { header: 'Row', format: 'integer' },
          { header: 'Memo', format: 'text' },
        ],
        rows: [
          [46083, 'COAT', 10, 100, 1000, null, 2, memo],
          [46091, 'COAT', -2, 100, -200, 0.6, 4, '+1'],
        ],
      },
      { name: 'PP_Empty', columns: [{ header: 'Nothing', format: 'text' }], rows: [] },
    ],
    charts: [],
  };
}

function marginsModel(): SheetModel {
  return {
    key: 'periodicVsPerpetual',
    sheetName: 'Periodic vs Perpetual',
    tables: [
      {
        name: 'PP_PeriodicVsPerpetual',
        columns: [
          { header: 'Period', format: 'text' },
          { header: 'Perpetual margin', format: 'money' },
          { header: 'Periodic margin', format: 'money' },
        ],
        rows: [
          ['2026-01', 300, 280],
          ['2026-02', 410.5, 420],
        ],
      },
    ],
    charts: [{ kind: 'line', title: 'Margins by period', table: 0, categoryColumn: 0, seriesColumns: [1, 2] }],
  };
}

const FORMULA_LOOKING = ['=SUM(1,2)', '+44 20', '-INV-3', '@mention', '\tTabbed', '\rCR first'];

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-xlsx-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function sheetXmls(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) out.set(name, (await zip.file(name)?.async('string')) ?? '');
  }
  return out;
}

test('number formats by column format, money following the precision', () => {
  expect(numberFormat('money')).toBe('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)');
  expect(numberFormat('money', 0)).toBe('_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)');
  expect(numberFormat('money', 4)).toBe('_(* #,##0.0000_);_(* (#,##0.0000);_(* "-"????_);_(@_)');
  // Quantities: the decimals the column needs (see workbook/layout.ts), at least never "12.".
  expect(numberFormat('qty')).toBe('#,##0');
  expect(numberFormat('date')).toBe('yyyy-mm-dd');
  expect(numberFormat('percent')).toBe('0.0%');
  expect(numberFormat('rate')).toBe('#,##0.0000');
  expect(numberFormat('text')).toBe('@');
  expect(numberFormat('integer')).toBe('0');
});

test('exceljs cell values become input cells', () => {
  expect(toInputCell(null)).toBeNull();
  expect(toInputCell(5)).toBe(5);
  expect(toInputCell({ formula: '2+3', result: 5 })).toBe(5);
  expect(toInputCell({ formula: 'NA()', result: { error: '#N/A' } })).toEqual({ error: '#N/A' });
  expect(toInputCell({ error: '#N/A' })).toEqual({ error: '#N/A' });
  expect(toInputCell({ richText: [{ text: 'Win' }, { text: 'ter' }] })).toBe('Winter');
  expect(toInputCell({ text: 'R-001', hyperlink: 'https://example.com/r1' })).toBe('R-001');
  const when = new Date(Date.UTC(2026, 2, 2));
  expect(toInputCell(when)).toBe(when);
});

describe('generated sheets on a CSV-built workbook', () => {
  test('tables, formats, notes, frozen header, registry; strings never become formulas', async () => {
    const wb = workbookFromTables({
      Movements: [
        ['Date', 'Type', 'Item', 'Qty', 'Memo'],
        ['2026-03-02', 'Receipt', '007', '10', '=SUM(1,2)'],
      ],
    });
    const models = FORMULA_LOOKING.map((memo, i) => (i === 0 ? ledgerModel(memo) : undefined)).filter(
      (m): m is SheetModel => m !== undefined,
    );
    const { placed } = addGeneratedSheets(wb, models);
    const file = path.join(dir, 'out', 'o.xlsx');
    await saveWorkbook(file, wb, placed);

    const back = await load(file);
    expect(back.worksheets.map((w) => w.name)).toEqual(['Movements', 'Stock Ledger', REGISTRY_SHEET]);
    expect(back.getWorksheet(REGISTRY_SHEET)?.state).toBe('hidden');

    const input = back.getWorksheet('Movements');
    expect(input?.getRow(2).values).toEqual([undefined, '2026-03-02', 'Receipt', '007', 10, '=SUM(1,2)']);

    const ledger = back.getWorksheet('Stock Ledger');
    if (ledger === undefined) throw new Error('no ledger');
    expect(ledger.getCell('A1').value).toBe('Every movement, valued FIFO.');
    expect(ledger.getCell('A2').value).toBe('As of 2026-03-31.');
    expect(ledger.getCell('A4').value).toBe('Stock ledger');
    expect(ledger.getRow(5).values).toEqual([undefined, 'Date', 'Item', 'Qty', 'Rate', 'Value', 'Margin %', 'Row', 'Memo']);
    // The serial day is written with a date format, so exceljs reads it back as that date.
    expect(ledger.getCell('A6').value).toEqual(new Date(Date.UTC(2026, 2, 2)));
    expect(ledger.getCell('A6').numFmt).toBe('yyyy-mm-dd');
    expect(ledger.getCell('C6').numFmt).toMatch(/^#,##0(\.0+)?$/);
    expect(ledger.getCell('D6').numFmt).toBe('#,##0.0000');
    expect(ledger.getCell('E7').value).toBe(-200);
    expect(ledger.getCell('E7').numFmt).toBe('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)');
    expect(ledger.getCell('F7').numFmt).toBe('0.0%');
    expect(ledger.getCell('G7').numFmt).toBe('0');
    expect(ledger.getCell('H6').value).toBe('=SUM(1,2)');
    expect(ledger.getCell('H6').type).toBe(ExcelJS.ValueType.String);
    expect(ledger.getCell('H7').value).toBe('+1');
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ledger.getColumn(8).width).toBeGreaterThanOrEqual(12);
    // Two tables, one blank row between them; the empty one still has a data row.
    const tables = ledger.getTables().map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table);
    expect(tables.map((t) => [t.name, t.tableRef])).toEqual([
      ['PP_StockLedger', 'A5:H7'],
      ['PP_Empty', 'A9:A10'],
    ]);

    for (const [name, xml] of await sheetXmls(file)) {
      expect([name, /<f[ >]/.test(xml)]).toEqual([name, false]);
    }
  });

  // Generated sheets keep a carriage return exactly (written as &#13;). The input tables of a CSV
  // run are written by exceljs, which writes it raw, so XML reads it back as "\n": still text.
  test.each(FORMULA_LOOKING)('%j is stored as a string cell with no <f> element', async (text) => {
    const expected = text.replace(/\r\n?/g, '\n');
    const wb = workbookFromTables({ Movements: [['Memo'], [text]] });
    const models = [ledgerModel(text)];
    const { placed } = addGeneratedSheets(wb, models);
    const file = path.join(dir, 'f.xlsx');
    await saveWorkbook(file, wb, placed);
    const back = await load(file);
    expect(back.getWorksheet('Stock Ledger')?.getCell('H6').value).toBe(text);
    expect(back.getWorksheet('Movements')?.getCell('A2').value).toBe(expected);
    for (const xml of (await sheetXmls(file)).values()) expect(xml).not.toMatch(/<f[ >]/);
  });
});

describe('re-runs and the user\'s own sheets', () => {
  test('a re-run replaces its own sheets; a user sheet with a generated name is left alone', async () => {
    const wb = new ExcelJS.Workbook();
    const movements = wb.addWorksheet('Movements');
    movements.addRow(['Date', 'Type', 'Item', 'Qty']);
    movements.addRow([new Date(Date.UTC(2026, 2, 2)), 'Receipt', 'COAT', 10]);
    const mine = wb.addWorksheet('Stock Ledger');
    mine.getCell('A1').value = 'My own notes';
    mine.getCell('B2').value = 42;
    const first = path.join(dir, 'first.xlsx');
    await wb.xlsx.writeFile(first);

    const run1 = await load(first);
    const models1 = [ledgerModel('first run'), marginsModel()];
    const r1 = addGeneratedSheets(run1, models1);
    expect(r1.placed.map((p) => p.sheetName)).toEqual(['Stock Ledger (Perpetua)', 'Periodic vs Perpetual']);
    const out1 = path.join(dir, 'out1.xlsx');
    await saveWorkbook(out1, run1, r1.placed);

    // Run again on Perpetua's own output: its sheets are read as generated and replaced.
    const run2 = await load(out1);
    const read = readTables(run2);
    expect(Object.keys(read.tables)).toEqual(['Movements']);
    const models2 = [ledgerModel('second run'), marginsModel()];
    const r2 = addGeneratedSheets(run2, models2);
    expect(r2.placed.map((p) => p.sheetName)).toEqual(['Stock Ledger (Perpetua)', 'Periodic vs Perpetual']);
    const out2 = path.join(dir, 'out2.xlsx');
    await saveWorkbook(out2, run2, r2.placed);

    const back = await load(out2);
    expect(back.worksheets.map((w) => w.name)).toEqual([
      'Movements',
      'Stock Ledger',
      'Stock Ledger (Perpetua)',
      'Periodic vs Perpetual',
      REGISTRY_SHEET,
    ]);
    expect(back.getWorksheet('Stock Ledger')?.getCell('A1').value).toBe('My own notes');
    expect(back.getWorksheet('Stock Ledger')?.getCell('B2').value).toBe(42);
    expect(back.getWorksheet('Stock Ledger (Perpetua)')?.getCell('H6').value).toBe('second run');
    const registry = back.getWorksheet(REGISTRY_SHEET);
    expect(registry?.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : r))).toEqual([
      ['Sheet', 'Key'],
      ['Stock Ledger (Perpetua)', 'stockLedger'],
      ['Periodic vs Perpetual', 'periodicVsPerpetual'],
    ]);
    // The chart survives the re-run exactly once.
    const zip = await JSZip.loadAsync(await fs.readFile(out2));
    expect(Object.keys(zip.files).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toHaveLength(1);
  });
});

describe('charts', () => {
  test('a line chart over the table\'s category and series columns, wired into the package', async () => {
    const wb = new ExcelJS.Workbook();
    const models = [marginsModel()];
    const { placed } = addGeneratedSheets(wb, models);
    const file = path.join(dir, 'chart.xlsx');
    await saveWorkbook(file, wb, placed);

    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const text = async (name: string): Promise<string> => (await zip.file(name)?.async('string')) ?? '';
    const chart = await text('xl/charts/chart1.xml');
    const parse = (xml: string): void => {
      const errors: string[] = [];
      new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(xml, 'text/xml');
      expect(errors).toEqual([]);
    };
    parse(chart);
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$A$2:$A$3</c:f>");
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$B$2:$B$3</c:f>");
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$C$1</c:f>");
    expect(chart).toContain('<c:v>410.5</c:v>');
    expect(chart).toContain('Margins by period');

    const drawing = await text('xl/drawings/drawing1.xml');
    parse(drawing);
    expect(await text('xl/drawings/_rels/drawing1.xml.rels')).toContain('Target="../charts/chart1.xml"');
    const sheet = await text('xl/worksheets/sheet1.xml');
    parse(sheet);
    const drawingRel = /<drawing r:id="(rId\d+)"\/>/.exec(sheet)?.[1];
    expect(drawingRel).toBeDefined();
    // <drawing> must precede <tableParts> in the sheet (schema order).
    expect(sheet.indexOf('<drawing ')).toBeLessThan(sheet.indexOf('<tableParts'));
    const sheetRels = await text('xl/worksheets/_rels/sheet1.xml.rels');
    expect(sheetRels).toContain(`Id="${drawingRel ?? ''}"`);
    expect(sheetRels).toContain('Target="../drawings/drawing1.xml"');
    const types = await text('[Content_Types].xml');
    expect(types).toContain('PartName="/xl/charts/chart1.xml"');
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');

    // exceljs still opens the result, and the table is intact.
    const back = await load(file);
    expect(back.getWorksheet('Periodic vs Perpetual')?.getCell('B3').value).toBe(410.5);
  });
});

describe('reading tables', () => {
  test('an Excel table by name wins over a sheet of that name; a sheet is read from A1', async () => {
    const wb = new ExcelJS.Workbook();
    const data = wb.addWorksheet('Data');
    data.getCell('A1').value = 'Title above the table';
    data.addTable({
      name: 'movements',
      ref: 'B3',
      columns: [{ name: 'Date' }, { name: 'Qty' }, { name: 'Memo' }],
      rows: [
        [new Date(Date.UTC(2026, 2, 2)), { formula: '4+6', result: 10 } as unknown as number, { richText: [{ text: 'rich' }] }],
        [new Date(Date.UTC(2026, 2, 3)), { error: '#N/A' } as unknown as number, { text: 'link', hyperlink: 'https://x.y' }],
      ],
    });
    const decoy = wb.addWorksheet('Movements');
    decoy.getCell('A1').value = 'not the table';
    const settings = wb.addWorksheet('SETTINGS');
    settings.addRow(['Setting', 'Value']);
    settings.addRow(['Method', 'LIFO']);
    const file = path.join(dir, 'in.xlsx');
    await wb.xlsx.writeFile(file);

    const { tables, origins } = readTables(await load(file));
    expect(tables.Movements).toEqual([
      ['Date', 'Qty', 'Memo'],
      [new Date(Date.UTC(2026, 2, 2)), 10, 'rich'],
      [new Date(Date.UTC(2026, 2, 3)), { error: '#N/A' }, 'link'],
    ]);
    expect(origins.Movements).toBe('table movements on sheet Data');
    expect(tables.Settings).toEqual([
      ['Setting', 'Value'],
      ['Method', 'LIFO'],
    ]);
  });
});

describe('writeFileAtomic', () => {
  test('creates the folder and replaces the file', async () => {
    const file = path.join(dir, 'a', 'b', 'x.json');
    await writeFileAtomic(file, () => Promise.resolve('one'));
    await writeFileAtomic(file, () => Promise.resolve('two'));
    expect(await fs.readFile(file, 'utf8')).toBe('two');
    expect(await fs.readdir(path.dirname(file))).toEqual(['x.json']);
  });

  test('a failure leaves the old file and no temporary file', async () => {
    const file = path.join(dir, 'x.xlsx');
    await fs.writeFile(file, 'old');
    await expect(writeFileAtomic(file, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['x.xlsx']);
  });

  test('a failure while writing (target is a folder) removes the temporary file', async () => {
    const target = path.join(dir, 'taken');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'keep'), 'k');
    await expect(writeFileAtomic(target, () => Promise.resolve('data'))).rejects.toThrow();
    expect((await fs.readdir(dir)).sort()).toEqual(['taken']);
  });
});

describe('zipEntries', () => {
  test('jszip reads back every part, including one given in chunks and one above the level-1 threshold', async () => {
    const { zipEntries } = await import('../../src/cli/zipWrite');
    const big = 'x'.repeat(1_500_000) + 'é';
    const bytes = zipEntries([
      { name: '[Content_Types].xml', data: [Buffer.from('<Types/>')] },
      { name: 'xl/worksheets/sheet1.xml', data: [Buffer.from('<a>'), Buffer.from('é</a>')] },
      { name: 'xl/big.xml', data: [Buffer.from(big)] },
      { name: 'empty.txt', data: [] },
    ]);
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet1.xml', 'xl/big.xml', 'empty.txt']);
    expect(await zip.file('xl/worksheets/sheet1.xml')?.async('string')).toBe('<a>é</a>');
    expect(await zip.file('xl/big.xml')?.async('string')).toBe(big);
    expect(await zip.file('empty.txt')?.async('string')).toBe('');
  });
});
