/**
 * The .xlsx writer and reader on hand-made sheet models: formats, notes, tables, charts, re-runs,
 * the user's own sheets, and the reader's table lookup and cell values.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SheetModel } from '../../src/workbook/sheet';
import { REGISTRY_SHEET, readXlsx } from '../../src/cli/xlsxRead';
import { bookFromTables, numberFormat, saveWorkbook } from '../../src/cli/xlsxWrite';
import { writeFileAtomic } from '../../src/cli/atomic';
import { buildPackage } from '../../src/cli/packageBuild';
import { openZip } from '../../src/cli/zipRead';
import { zipEntries } from '../../src/cli/zipWrite';
import { cellValues, numFmtOf, readParts, sheetList, writeParts, xmlProblems } from '../support/xlsxParts';

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

async function sheetXmls(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, data] of await readParts(file)) if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) out.set(name, data.toString('utf8'));
  return out;
}

/** Values a book with `models` into `file`, after reading it as the CLI does. */
async function write(file: string, input: string | Parameters<typeof bookFromTables>[0], models: readonly SheetModel[]): Promise<string[]> {
  const book = typeof input === 'string' ? (await readXlsx(input)).book : await bookFromTables(input);
  const placed = await saveWorkbook(file, book, models);
  return placed.map((p) => p.sheetName);
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

describe('generated sheets on a CSV-built workbook', () => {
  test('tables, formats, notes, frozen header, registry; strings never become formulas', async () => {
    const file = path.join(dir, 'out', 'o.xlsx');
    await write(file, { Movements: [['Date', 'Type', 'Item', 'Qty', 'Memo'], ['2026-03-02', 'Receipt', '007', '10', '=SUM(1,2)']] }, [ledgerModel('=SUM(1,2)')]);
    const sheets = await sheetList(file);
    expect(sheets.map((w) => [w.name, w.state])).toEqual([
      ['Movements', 'visible'],
      ['Stock Ledger', 'visible'],
      [REGISTRY_SHEET, 'hidden'],
    ]);
    expect(await cellValues(file, 'Movements')).toMatchObject({ A2: '2026-03-02', B2: 'Receipt', C2: '007', D2: 10, E2: '=SUM(1,2)' });
    const ledger = await cellValues(file, 'Stock Ledger');
    expect(ledger).toMatchObject({ A1: 'Every movement, valued FIFO.', A2: 'As of 2026-03-31.', A4: 'Stock ledger', A5: 'Date', H5: 'Memo' });
    // The serial day is written with a date format, so a reader sees that date.
    expect(ledger['A6']).toBe('2026-03-02T00:00:00.000Z');
    expect(ledger['E7']).toBe(-200);
    expect(await numFmtOf(file, 'Stock Ledger', 'A6')).toBe('yyyy-mm-dd');
    expect(await numFmtOf(file, 'Stock Ledger', 'C6')).toMatch(/^#,##0(\.0+)?$/);
    expect(await numFmtOf(file, 'Stock Ledger', 'D6')).toBe('#,##0.0000');
    expect(await numFmtOf(file, 'Stock Ledger', 'E7')).toBe('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)');
    expect(await numFmtOf(file, 'Stock Ledger', 'F7')).toBe('0.0%');
    expect(await numFmtOf(file, 'Stock Ledger', 'G7')).toBe('0');
    expect(ledger['H6']).toBe('=SUM(1,2)');
    expect(ledger['H7']).toBe('+1');
    const parts = await readParts(file);
    const ledgerXml = parts.get(sheets[1]?.part ?? '')?.toString('utf8') ?? '';
    expect(ledgerXml).toContain('<pane ySplit="5" topLeftCell="A6" activePane="bottomLeft" state="frozen"/>');
    // Two tables, one blank row between them; the empty one still has a data row.
    const refs = [...parts].filter(([n]) => n.startsWith('xl/tables/')).map(([, d]) => /name="([^"]*)"[^>]*ref="([^"]*)"/.exec(d.toString('utf8'))?.slice(1, 3));
    expect(refs).toEqual([
      ['PP_StockLedger', 'A5:H7'],
      ['PP_Empty', 'A9:A10'],
    ]);
    for (const [name, xml] of await sheetXmls(file)) expect([name, /<f[ >]/.test(xml)]).toEqual([name, false]);
    expect(xmlProblems(parts)).toEqual([]);
  });

  test.each(FORMULA_LOOKING)('%j is stored as a string cell with no <f> element, in input and generated sheets', async (text) => {
    const file = path.join(dir, 'f.xlsx');
    await write(file, { Movements: [['Memo'], [text]] }, [ledgerModel(text)]);
    expect((await cellValues(file, 'Stock Ledger'))['H6']).toBe(text);
    expect((await cellValues(file, 'Movements'))['A2']).toBe(text);
    for (const xml of (await sheetXmls(file)).values()) expect(xml).not.toMatch(/<f[ >]/);
  });
});

describe("re-runs and the user's own sheets", () => {
  test('a re-run replaces its own sheets; a user sheet with a generated name is left alone', async () => {
    const first = path.join(dir, 'first.xlsx');
    await writeParts(
      first,
      buildPackage([
        { name: 'Movements', rows: [['Date', 'Type', 'Item', 'Qty'], [new Date(Date.UTC(2026, 2, 2)), 'Receipt', 'COAT', 10]] },
        { name: 'Stock Ledger', rows: [['My own notes'], [null, 42]] },
      ]),
    );
    const out1 = path.join(dir, 'out1.xlsx');
    expect(await write(out1, first, [ledgerModel('first run'), marginsModel()])).toEqual(['Stock Ledger (Perpetua)', 'Periodic vs Perpetual']);

    // Run again on Perpetua's own output: its sheets are read as generated and replaced.
    const read = await readXlsx(out1);
    expect(Object.keys(read.tables)).toEqual(['Movements']);
    const out2 = path.join(dir, 'out2.xlsx');
    expect(await write(out2, out1, [ledgerModel('second run'), marginsModel()])).toEqual(['Stock Ledger (Perpetua)', 'Periodic vs Perpetual']);

    expect((await sheetList(out2)).map((w) => w.name)).toEqual(['Movements', 'Stock Ledger', 'Stock Ledger (Perpetua)', 'Periodic vs Perpetual', REGISTRY_SHEET]);
    expect(await cellValues(out2, 'Stock Ledger')).toEqual({ A1: 'My own notes', B2: 42 });
    expect((await cellValues(out2, 'Stock Ledger (Perpetua)'))['H6']).toBe('second run');
    const registry = await cellValues(out2, REGISTRY_SHEET);
    expect([registry['A1'], registry['B1'], registry['C1']]).toEqual(['Sheet', 'Key', 'Tables']);
    expect([registry['A2'], registry['B2'], registry['C2']]).toEqual(['Stock Ledger (Perpetua)', 'stockLedger', 'PP_StockLedger,PP_Empty']);
    expect([registry['A3'], registry['B3'], registry['C3']]).toEqual(['Periodic vs Perpetual', 'periodicVsPerpetual', 'PP_PeriodicVsPerpetual']);
    // The chart survives the re-run exactly once.
    expect([...(await readParts(out2)).keys()].filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toHaveLength(1);
  });

  test('a report no longer produced: its sheet and parts go; a renamed table makes the sheet the user\'s', async () => {
    const first = path.join(dir, 'first.xlsx');
    await write(first, { Movements: [['Memo'], ['x']] }, [ledgerModel('a'), marginsModel()]);
    const second = path.join(dir, 'second.xlsx');
    await write(second, first, [ledgerModel('b')]);
    expect((await sheetList(second)).map((w) => w.name)).toEqual(['Movements', 'Stock Ledger', REGISTRY_SHEET]);
    const parts = await readParts(second);
    expect([...parts.keys()].filter((n) => /chart|drawing/.test(n))).toEqual([]);
    expect(parts.get('[Content_Types].xml')?.toString('utf8')).not.toMatch(/chart|drawing/);
    expect(xmlProblems(parts)).toEqual([]);

    // The user renames PP_StockLedger: the sheet is theirs now, and ours goes beside it.
    for (const [name, data] of parts) {
      if (name.startsWith('xl/tables/')) parts.set(name, Buffer.from(data.toString('utf8').replace(/PP_StockLedger/g, 'MyLedger')));
    }
    const renamed = path.join(dir, 'renamed.xlsx');
    await writeParts(renamed, parts);
    const third = path.join(dir, 'third.xlsx');
    expect(await write(third, renamed, [ledgerModel('c')])).toEqual(['Stock Ledger (Perpetua)']);
    expect((await cellValues(third, 'Stock Ledger'))['H6']).toBe('b');
  });
});

describe('charts', () => {
  test("a line chart over the table's category and series columns, wired into the package", async () => {
    const file = path.join(dir, 'chart.xlsx');
    await write(file, {}, [marginsModel()]);
    const parts = await readParts(file);
    expect(xmlProblems(parts)).toEqual([]);
    const text = (name: string): string => parts.get(name)?.toString('utf8') ?? '';
    const chart = text('xl/charts/chart1.xml');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$A$2:$A$3</c:f>");
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$B$2:$B$3</c:f>");
    expect(chart).toContain("<c:f>'Periodic vs Perpetual'!$C$1</c:f>");
    expect(chart).toContain('<c:v>410.5</c:v>');
    expect(chart).toContain('Margins by period');
    expect(text('xl/drawings/_rels/drawing1.xml.rels')).toContain('Target="../charts/chart1.xml"');
    const sheet = text('xl/worksheets/sheet1.xml');
    const drawingRel = /<drawing r:id="(rId\d+)"\/>/.exec(sheet)?.[1];
    expect(drawingRel).toBeDefined();
    // <drawing> must precede <tableParts> in the sheet (schema order).
    expect(sheet.indexOf('<drawing ')).toBeLessThan(sheet.indexOf('<tableParts'));
    const sheetRels = text('xl/worksheets/_rels/sheet1.xml.rels');
    expect(sheetRels).toContain(`Id="${drawingRel ?? ''}"`);
    expect(sheetRels).toContain('Target="../drawings/drawing1.xml"');
    const types = text('[Content_Types].xml');
    expect(types).toContain('PartName="/xl/charts/chart1.xml"');
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');
    expect((await cellValues(file, 'Periodic vs Perpetual'))['B3']).toBe(410.5);
  });
});

describe('reading tables', () => {
  test('an Excel table by name wins over a sheet of that name; formulas give their cached value', async () => {
    const parts = buildPackage([
      { name: 'Data', rows: [['Title above the table']] },
      { name: 'Movements', rows: [['not the table']] },
      { name: 'SETTINGS', rows: [['Setting', 'Value'], ['Method', 'LIFO']] },
    ]);
    // The Movements table at B3:D5 on Data: a date, a formula with its result, rich text,
    // an error cell, a shared string.
    parts.set('xl/sharedStrings.xml', Buffer.from('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>link</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>ignored</t></rPh></si></sst>'));
    const sheet = (parts.get('xl/worksheets/sheet1.xml') ?? Buffer.alloc(0)).toString('utf8').replace(
      '</sheetData>',
      '<row r="3"><c r="B3" t="inlineStr"><is><t>Date</t></is></c><c r="C3" t="inlineStr"><is><t>Qty</t></is></c><c r="D3" t="inlineStr"><is><t>Memo</t></is></c></row>' +
        '<row r="4"><c r="B4" s="2"><v>46083</v></c><c r="C4"><f>4+6</f><v>10</v></c><c r="D4" t="s"><v>1</v></c></row>' +
        '<row r="5"><c r="B5" s="2"><v>46084</v></c><c r="C5" t="e"><f>NA()</f><v>#N/A</v></c><c r="D5" t="s"><v>0</v></c></row></sheetData>',
    );
    parts.set('xl/worksheets/sheet1.xml', Buffer.from(sheet.replace('</worksheet>', '<tableParts count="1"><tablePart r:id="rIdT"/></tableParts></worksheet>')));
    parts.set('xl/worksheets/_rels/sheet1.xml.rels', Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/t.xml"/></Relationships>'));
    parts.set('xl/tables/t.xml', Buffer.from('<?xml version="1.0"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="movements" displayName="movements" ref="B3:D5"><tableColumns count="3"><tableColumn id="1" name="Date"/><tableColumn id="2" name="Qty"/><tableColumn id="3" name="Memo"/></tableColumns></table>'));
    const rels = (parts.get('xl/_rels/workbook.xml.rels') ?? Buffer.alloc(0)).toString('utf8');
    parts.set('xl/_rels/workbook.xml.rels', Buffer.from(rels.replace('</Relationships>', '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')));
    const file = path.join(dir, 'in.xlsx');
    await writeParts(file, parts);

    const { tables, origins } = await readXlsx(file);
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
  test('read back (CRC checked) every part: in chunks, above the level-1 threshold, empty, copied raw', async () => {
    const big = 'x'.repeat(1_500_000) + 'é';
    const bytes = zipEntries([
      { name: '[Content_Types].xml', data: [Buffer.from('<Types/>')] },
      { name: 'xl/worksheets/sheet1.xml', data: [Buffer.from('<a>'), Buffer.from('é</a>')] },
      { name: 'xl/big.xml', data: [Buffer.from(big)] },
      { name: 'empty.txt', data: [] },
    ]);
    const zip = await openZip(bytes);
    expect(zip.parts.map((p) => p.name)).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet1.xml', 'xl/big.xml', 'empty.txt']);
    const text = async (name: string): Promise<string> => (await zip.read(zip.get(name) ?? { name, method: 0, crc32: 0, compressedSize: 0, uncompressedSize: 0 })).toString('utf8');
    expect(await text('xl/worksheets/sheet1.xml')).toBe('<a>é</a>');
    expect(await text('xl/big.xml')).toBe(big);
    expect(await text('empty.txt')).toBe('');
    // A part copied as stored comes back identical, compressed bytes and all.
    const part = zip.get('xl/big.xml');
    if (part === undefined) throw new Error('no part');
    const raw = await zip.raw(part);
    const copy = await openZip(zipEntries([{ name: 'copy.xml', stored: { method: part.method, crc32: part.crc32, uncompressedSize: part.uncompressedSize, compressed: raw } }]));
    const copied = copy.get('copy.xml');
    expect(copied === undefined ? undefined : (await copy.raw(copied)).equals(raw)).toBe(true);
    expect(copied === undefined ? '' : (await copy.read(copied)).toString('utf8')).toBe(big);
  });
});
