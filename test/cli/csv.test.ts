import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { parseCsv, readCsvFolder } from '../../src/cli/csv';

describe('parseCsv (RFC 4180)', () => {
  test('plain fields, LF and CRLF line ends, no empty row for the final line end', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4\n').rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('quoted fields keep commas, doubled quotes and embedded newlines', () => {
    const { rows, unclosedQuote } = parseCsv('Memo,Qty\r\n"Tabbed, ""quoted""\r\nsecond line",5\r\n');
    expect(rows).toEqual([
      ['Memo', 'Qty'],
      ['Tabbed, "quoted"\r\nsecond line', '5'],
    ]);
    expect(unclosedQuote).toBeUndefined();
  });

  test('a byte-order mark is dropped from the first header', () => {
    expect(parseCsv('\uFEFFDate,Type\n2026-03-02,Receipt').rows[0]).toEqual(['Date', 'Type']);
  });

  test('empty fields, trailing comma and a lone CR line end', () => {
    expect(parseCsv('a,,c,\rx').rows).toEqual([['a', '', 'c', ''], ['x']]);
  });

  test('an empty quoted field is an empty string', () => {
    expect(parseCsv('"",b\n').rows).toEqual([['', 'b']]);
  });

  test('an unclosed quote is reported with the row, line and field it opened in, not thrown', () => {
    const { rows, unclosedQuote } = parseCsv('h1,h2\n"x\ny",1\na,"never closed\nb');
    expect(rows).toEqual([['h1', 'h2'], ['x\ny', '1'], ['a', 'never closed\nb']]);
    expect(unclosedQuote).toEqual({ row: 3, line: 4, field: 2 });
  });

  test('a quote inside an unquoted field is data', () => {
    expect(parseCsv('5" pipe,x').rows).toEqual([['5" pipe', 'x']]);
  });

  test('property: writing any grid as RFC 4180 and parsing it gives the grid back', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '=', 'é') });
    const grid = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(grid, fc.boolean(), (rows, crlf) => {
        // A row holding one empty field is an empty line, which is no row: quote it explicitly.
        const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        expect(parseCsv(text).rows).toEqual(rows);
      }),
    );
  });
});

describe('readCsvFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perpetua-csv-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('file names match table names in any case; other files are ignored', async () => {
    await fs.writeFile(path.join(dir, 'MOVEMENTS.csv'), 'Date,Qty\n2026-03-02,10\n\n\n');
    await fs.writeFile(path.join(dir, 'settings.CSV'), 'Setting,Value\nMethod,LIFO\n');
    await fs.writeFile(path.join(dir, 'notes.csv'), 'whatever\n');
    await fs.writeFile(path.join(dir, 'Items.txt'), 'Item\nX\n');
    const folder = await readCsvFolder(dir);
    expect(Object.keys(folder.tables).sort()).toEqual(['Movements', 'Settings']);
    expect(folder.tables.Movements).toEqual([
      ['Date', 'Qty'],
      ['2026-03-02', '10'],
    ]);
    expect(folder.tables.Settings).toEqual([
      ['Setting', 'Value'],
      ['Method', 'LIFO'],
    ]);
  });

  test('a blank line in the middle stays, so row numbers match the file', async () => {
    await fs.writeFile(path.join(dir, 'Movements.csv'), 'Date,Qty\n\n2026-03-02,10\n');
    const folder = await readCsvFolder(dir);
    expect(folder.tables.Movements).toEqual([['Date', 'Qty'], [''], ['2026-03-02', '10']]);
  });
});
